/**
 * Starts the real etcd (Debian's `etcd-server`, `/usr/bin/etcd`) on ephemeral loopback ports in a
 * fresh data directory, for conformance tests and benchmarks. Resolves once it serves requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { EtcdRpcClient } from '../rpc-client.js';

export interface RunningEtcd {
  endpoint: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export const ETCD_BINARY = process.env.ETCD_BINARY ?? '/usr/bin/etcd';

/** Extra flags are passed through, e.g. `['--quota-backend-bytes', '1048576']`. */
export async function startRealEtcd(extraArgs: string[] = []): Promise<RunningEtcd> {
  const dataDir = mkdtempSync(join(tmpdir(), 'real-etcd-'));
  const clientPort = await freePort();
  const peerPort = await freePort();
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    ETCD_BINARY,
    [
      '--name',
      'default',
      '--data-dir',
      dataDir,
      '--listen-client-urls',
      endpoint,
      '--advertise-client-urls',
      endpoint,
      '--listen-peer-urls',
      peer,
      '--initial-advertise-peer-urls',
      peer,
      '--initial-cluster',
      `default=${peer}`,
      '--log-level',
      'error',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  // Never outlive the test process, even when it ends without stopping us.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const client = new EtcdRpcClient({ endpoint });
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`etcd exited: ${stderr}`);
      try {
        await client.call(client.maintenance, 'Status', {}, 1000);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`etcd did not become ready: ${err} ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.close();
  }
  return { endpoint, dataDir, process: child, stop };
}

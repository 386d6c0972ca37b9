/**
 * Starts `k8ts etcd` as its own process (through `bin/k8ts`) on an ephemeral loopback port, for
 * conformance tests, crash tests and benchmarks. Resolves once it serves requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { EtcdRpcClient } from '../rpc-client.js';

export const K8TS_BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/k8ts');

export interface RunningK8tsEtcd {
  endpoint: string;
  dataDir: string;
  process: ChildProcess;
  /** Stops it (SIGTERM, or SIGKILL with `kill: true`); keeps the data dir when `keepData`. */
  stop(opts?: { kill?: boolean; keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data dir (restart after a crash); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Reuse a port (restart on the same endpoint). */
  port?: number;
}

export async function startK8tsEtcd(extraArgs: string[] = [], opts: StartOptions = {}): Promise<RunningK8tsEtcd> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'k8ts-etcd-'));
  const port = opts.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [K8TS_BIN, 'etcd', '--data-dir', dataDir, '--listen-client-urls', endpoint, ...extraArgs],
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
  const stop = async ({ kill = false, keepData = false } = {}) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
    if (!keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const client = new EtcdRpcClient({ endpoint });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`k8ts etcd exited: ${stderr}`);
      try {
        await client.call(client.maintenance, 'Status', {}, 1000);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`k8ts etcd did not become ready: ${err} ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
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

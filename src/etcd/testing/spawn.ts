/**
 * Runs a store (`k8ts etcd` or real etcd) as a child process for tests and benchmarks: resolves
 * once it answers a Status call, and never lets it outlive this process — on exit it is killed
 * and the temporary data dir this module made for it removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdRpcClient } from '../rpc-client.js';

export interface SpawnedStore {
  endpoint: string;
  dataDir: string;
  process: ChildProcess;
  /** Stops it (SIGTERM, or SIGKILL with `kill: true`); keeps the data dir when `keepData`. */
  stop(opts?: { kill?: boolean; keepData?: boolean }): Promise<void>;
}

export interface SpawnOptions {
  /** What it is, for error messages. */
  label: string;
  command: string;
  /** The arguments, given the data dir. */
  args: (dataDir: string) => string[];
  endpoint: string;
  /** An existing data dir to use (kept when stopped); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Prefix of the temporary data dir. */
  tmpPrefix: string;
  readyTimeoutMs?: number;
}

export async function spawnStore(o: SpawnOptions): Promise<SpawnedStore> {
  const ownsDir = !o.dataDir;
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), o.tmpPrefix));
  const child = spawn(o.command, o.args(dataDir), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const cleanUp = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async ({ kill = false, keepData = false } = {}) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
    process.off('exit', cleanUp);
    if (ownsDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  const client = new EtcdRpcClient({ endpoint: o.endpoint });
  try {
    const deadline = Date.now() + (o.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${o.label} exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
      }
      try {
        await client.call(client.maintenance, 'Status', {}, 1000);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`${o.label} did not become ready: ${err} ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.close();
  }
  return { endpoint: o.endpoint, dataDir, process: child, stop };
}

/**
 * V8's background threads, put at Linux's idle scheduling policy (SCHED_IDLE) once `k8ts etcd`
 * serves. V8 optimizes hot functions and marks the heap on a pool of worker threads. On two
 * cores, during a fresh store's first few thousand sequential puts, they held the core that the
 * event loop or its client had just been woken for: in the windows of slow puts they ran 1.3 ms a
 * put, against 0.03 ms in the windows of fast ones. A thread at the idle policy yields its core at
 * once to any other thread that wakes. The p99 of 5,000 puts taken 300 after start:
 * - 1.06-2.02 ms as V8 leaves them, and 1.16-1.46 ms with them at nice 19;
 * - 0.73-1.04 ms at the idle policy, and 1.03-1.14 ms on real etcd.
 * Throughput with 64 clients did not change. When every core is busy the pool gets little time;
 * `npm run bench:controllers`' Deployment line, which keeps both cores busy, took 19.4 and 18.2 s
 * with the idle policy, against 22.0 and 18.7 s without.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Node's default `--v8-pool-size`. */
const V8_POOL_SIZE = 4;

/**
 * This process's V8 worker threads, by Linux thread ID. Node 20 starts them before any JavaScript
 * runs: right after the main thread, the V8 platform starts its delayed-task thread and then its
 * workers, and the kernel gives thread IDs in order. None when `--v8-pool-size` was given (their
 * number is then not known here), or when the IDs wrapped around while Node started.
 */
export function v8WorkerThreads(): number[] {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''];
  if (flags.some((f) => f.includes('--v8-pool-size'))) return [];
  const tids = readdirSync('/proc/self/task')
    .map(Number)
    .sort((a, b) => a - b);
  if (tids[0] !== process.pid) return [];
  return tids.slice(2, 2 + V8_POOL_SIZE);
}

/**
 * Puts V8's worker threads at the idle policy, through util-linux's `chrt`. Resolves to the
 * threads it set: none but on Linux, or where `chrt` is not installed.
 */
export async function idleV8Workers(): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const tids = v8WorkerThreads();
  try {
    await Promise.all(tids.map((tid) => execFileAsync('chrt', ['--idle', '--pid', '0', String(tid)])));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return tids;
}

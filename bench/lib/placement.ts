/**
 * Where the machine's scheduler runs a thread that is woken while the thread that woke it keeps
 * its core busy: on the waker's own core, or on an idle one. The watch line depends on it. A
 * store's socket write wakes the client, and where the answer is "the waker's core", a client
 * woken by a single-threaded store's fan-out shares the store's core until the fan-out ends, even
 * with the other core idle (BENCHMARKS.md, Store). Linux only: elsewhere there is no answer.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sleep } from './common.js';
import { percentile } from './stats.js';

export interface Placement {
  cpus: number;
  wakeups: number;
  /** Wake-ups after which the woken thread ran on the waker's core. */
  onWakersCpu: number;
  /** Median time from the wake-up to the woken thread running, in ms. */
  startP50Ms: number;
}

/** The core the calling thread runs on (field 39 of /proc/thread-self/stat). */
function cpuNow(read: typeof readFileSync): number {
  const stat = read('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[36]);
}

/**
 * Shared with the woken thread: int32 slots (the wake-up count, -1 to stop; "it ran"; its core),
 * then at byte 16 the time it ran (float64, ms since the epoch).
 */
const WAKES = 0;
const RAN = 1;
const CORE = 2;
const INTS = 3;
const WHEN_AT = 16;

/** The woken thread: on each wake-up, notes its core and the time, then says it ran. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const cpuNow = ${cpuNow.toString()};
const flags = new Int32Array(workerData, 0, ${INTS});
const when = new Float64Array(workerData, ${WHEN_AT}, 1);
for (let seen = 0; ; ) {
  Atomics.wait(flags, ${WAKES}, seen);
  seen = Atomics.load(flags, ${WAKES});
  if (seen < 0) break;
  when[0] = performance.timeOrigin + performance.now();
  Atomics.store(flags, ${CORE}, cpuNow(readFileSync));
  Atomics.store(flags, ${RAN}, 1);
}`;

const spin = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms);
};

/**
 * `wakeups` times, 5 ms apart: this thread computes for 0.3 ms, wakes the worker, and computes
 * for 1 ms more; the worker notes where and when it ran.
 */
export async function wakePlacement(wakeups = 200): Promise<Placement | undefined> {
  try {
    cpuNow(readFileSync);
  } catch {
    return undefined;
  }
  const shared = new SharedArrayBuffer(WHEN_AT + 8);
  const flags = new Int32Array(shared, 0, INTS);
  const when = new Float64Array(shared, WHEN_AT, 1);
  const worker = new Worker(WORKER, { eval: true, workerData: shared });
  try {
    await sleep(200);
    let onWakersCpu = 0;
    const starts: number[] = [];
    for (let i = 0; i < wakeups; i++) {
      await sleep(5);
      spin(0.3);
      const cpu = cpuNow(readFileSync);
      Atomics.store(flags, RAN, 0);
      const woke = performance.timeOrigin + performance.now();
      Atomics.add(flags, WAKES, 1);
      Atomics.notify(flags, WAKES);
      spin(1);
      const deadline = performance.now() + 1000;
      while (Atomics.load(flags, RAN) === 0) {
        if (performance.now() > deadline) throw new Error('the woken thread did not run within 1 s');
        await sleep(1);
      }
      if (Atomics.load(flags, CORE) === cpu) onWakersCpu++;
      starts.push(when[0] - woke);
    }
    return { cpus: availableParallelism(), wakeups, onWakersCpu, startP50Ms: percentile(starts, 0.5) };
  } finally {
    Atomics.store(flags, WAKES, -1);
    Atomics.notify(flags, WAKES);
    await worker.terminate();
  }
}

export const describePlacement = (p: Placement | undefined) =>
  p === undefined
    ? 'scheduler: where a woken thread runs was not measured (no /proc/thread-self/stat)'
    : `scheduler (${p.cpus} cores): a thread woken while its waker kept busy ran on the waker's core ` +
      `in ${p.onWakersCpu} of ${p.wakeups} wake-ups, ${p.startP50Ms.toFixed(3)} ms after it (p50)`;

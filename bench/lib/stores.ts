/**
 * Starting and stopping the stores under test. Every started store is tracked until stopped, so
 * that the end of the run, an error or SIGINT/SIGTERM stops them all; a store still starting when
 * the process exits is killed, and its data dir removed, by the start helpers themselves
 * (src/etcd/testing/spawn.ts).
 */
import { ETCD_NODE_ARGS } from '../../src/cluster/supervisor.js';
import { startK8tsEtcd } from '../../src/etcd/testing/k8ts-etcd.js';
import { startRealEtcd } from '../../src/etcd/testing/real-etcd.js';
import { processCpuSeconds } from './cpu.js';
import { progress, sleep, type Running, type StoreName } from './common.js';

const running = new Set<Running>();
let stopping = false;

export const storeLabel = (name: StoreName) => (name === 'k8ts' ? 'k8ts etcd' : 'real etcd');

/** True once a signal asked the run to stop: no store is started any more. */
export const isStopping = () => stopping;

/** Starts a store, tracked until stopped; the caller stops it. */
export async function startStore(name: StoreName): Promise<Running> {
  if (stopping) throw new Error('stopping');
  // k8ts etcd with the Node flags `k8ts server` runs it with.
  const s = name === 'k8ts' ? await startK8tsEtcd([], { nodeArgs: ETCD_NODE_ARGS }) : await startRealEtcd();
  let stopped: Promise<void> | undefined;
  const store: Running = {
    name,
    endpoint: s.endpoint,
    pid: s.process.pid,
    // Once, and tracked until done: a signal handler's stopAll waits for a stop in progress.
    stop: () => (stopped ??= s.stop().finally(() => running.delete(store))),
  };
  running.add(store);
  if (stopping) {
    await store.stop();
    throw new Error('stopping');
  }
  return store;
}

/** Starts a store, runs `fn` on it, stops it whatever happens. */
export async function withStore<T>(name: StoreName, fn: (store: Running) => Promise<T>): Promise<T> {
  const store = await startStore(name);
  try {
    return await fn(store);
  } finally {
    await store.stop();
  }
}

/**
 * Waits until `store` has used under 2% of a core over half a second, at most `maxMs`: what its
 * lines left running (k8ts etcd's SQLite apply and checkpoint, etcd's bbolt commits) is over
 * before another store is measured beside it. Resolves with the milliseconds it took.
 */
export async function settle(store: Running, maxMs = 20_000): Promise<number> {
  const t0 = performance.now();
  for (let busy = processCpuSeconds(store.pid); performance.now() - t0 < maxMs;) {
    await sleep(500);
    const now = processCpuSeconds(store.pid);
    if (!(now - busy > 0.01)) break; // also when the process is gone (NaN)
    busy = now;
  }
  return performance.now() - t0;
}

export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((s) => s.stop()));
}

/**
 * On SIGINT/SIGTERM: stop every store and exit 130. Later signals are ignored while stopping (on a
 * Ctrl-C the signal comes from the terminal and again from tsx's parent process, which relays it).
 */
export function stopStoresOnSignals(): void {
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    progress(`${sig}: stopping stores`);
    void stopAll().finally(() => process.exit(130));
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, onSignal);
}

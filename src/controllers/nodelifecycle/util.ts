/**
 * Small helpers of the node lifecycle controller: periodic loops on the injected clock, bounded
 * parallelism, and the pods-by-node index on the shared pod informer.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import type { Clock } from '../../client/workqueue/clock.js';

/** The pod informer index by `spec.nodeName` (upstream's `nodeNameKeyIndex`). */
export const POD_NODE_NAME_INDEX = 'spec.nodeName';

/**
 * Adds the `spec.nodeName` index to the shared pod informer unless another controller already
 * did (the informer is shared, and a second registration under the same name would throw).
 */
export function ensurePodNodeNameIndex(pods: SharedIndexInformer<Pod>): void {
  if (pods.indexer.indexNames().includes(POD_NODE_NAME_INDEX)) return;
  pods.indexer.addIndexers({
    [POD_NODE_NAME_INDEX]: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []),
  });
}

/** Resolves after `ms` on `clock`, or at once when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      timer.cancel();
      resolve();
    };
    const timer = clock.setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Upstream's `wait.Until`: runs `fn`, waits `periodMs`, again, until `signal` aborts. A failing
 * run is reported to `onError` and the loop goes on.
 */
export async function until(
  clock: Clock,
  periodMs: number,
  signal: AbortSignal,
  fn: () => Promise<void>,
  onError: (err: unknown) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await fn();
    } catch (err) {
      onError(err);
    }
    await sleep(clock, periodMs, signal);
  }
}

/** Upstream's `workqueue.ParallelizeUntil`: `fn` over `items` with at most `workers` at once. */
export async function parallelize<T>(items: readonly T[], workers: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
}

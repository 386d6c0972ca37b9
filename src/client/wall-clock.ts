/**
 * Wall-clock time on the work queues' {@link Clock} shape (`now` + `setTimer`), for what writes
 * timestamps (events, leases), and an abortable sleep on any such clock. Tests pass the work
 * queues' `FakeClock` started at an epoch time.
 */
import type { Clock } from './workqueue/clock.js';

export type { Clock } from './workqueue/clock.js';

/** `Date.now()` and Node's timers. */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms, options) {
    const handle = setTimeout(fn, Math.max(0, ms));
    if (options?.background) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * Resolves after `ms` milliseconds of `clock` time, or as soon as `signal` aborts (resolving,
 * not rejecting: callers check `signal.aborted`). Never resolves synchronously.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      queueMicrotask(resolve);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      resolve();
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Timing helpers for the elector: the clock it runs on (the work queues' {@link Clock} shape,
 * read as wall-clock epoch milliseconds because lease times are written from it), an abortable
 * sleep, upstream's `wait.Jitter`, and a way to stop awaiting an API call when a signal aborts.
 */
import type { Clock } from '../workqueue/clock.js';

export type { Clock } from '../workqueue/clock.js';

/** `Date.now()` and Node's timers: the elector's default clock. */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms, options) {
    const handle = setTimeout(fn, Math.max(0, ms));
    if (options?.background) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * Resolves after `ms` of `clock` time, or as soon as `signal` aborts (resolving, not
 * rejecting: callers check `signal.aborted`). Never resolves synchronously.
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

/** Upstream's `wait.Jitter`: `ms` plus a uniform random extra of up to `maxFactor * ms`. */
export function jitter(ms: number, maxFactor: number, random: () => number = Math.random): number {
  return ms + random() * maxFactor * ms;
}

/**
 * Calls `fn(signal)` and settles with it, unless `signal` aborts first: then rejects at once
 * (and without calling `fn` if it was already aborted), as a Go call under a cancelled context
 * returns. The abandoned call is left to finish or cancel itself through the signal.
 */
export function abortable<T>(fn: (signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return fn();
  if (signal.aborted) return Promise.reject(new Error('context canceled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('context canceled'));
    signal.addEventListener('abort', onAbort, { once: true });
    fn(signal).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

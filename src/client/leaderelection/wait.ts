/**
 * Timing helpers for the elector: the clock it runs on (the work queues' {@link Clock} shape,
 * read as wall-clock epoch milliseconds because lease times are written from it), an abortable
 * sleep, upstream's `wait.Jitter`, and a way to stop awaiting an API call when a signal aborts.
 */
import { sleep, wallClock, type Clock } from '../wall-clock.js';

export { sleep, wallClock, type Clock };

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

/**
 * Time as the client sees it: `now()` and an abortable `sleep()`. Rate limiting, retries and token
 * refresh take a `Clock`, so tests drive them with a fake one instead of waiting.
 */

/** A source of time and delays. */
export interface Clock {
  /** Milliseconds since some fixed point (the epoch for the real clock). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The reason a signal aborted with, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const err = new Error('This operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** The wall clock and real timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/**
 * A clock for tests: time stands still until a sleep is asked for, which moves it forward at once
 * (and records the delay in `sleeps`).
 */
export class FakeClock implements Clock {
  /** Every delay slept, in order. */
  readonly sleeps: number[] = [];

  constructor(private t = 0) {}

  now(): number {
    return this.t;
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.t += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
    return Promise.resolve();
  }
}

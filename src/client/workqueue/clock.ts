/**
 * The clock the work queues read time from and schedule timers on. Injected so tests can drive
 * time by hand (see {@link FakeClock} in `fake-clock.ts`) instead of sleeping.
 */

/** A scheduled callback that has not necessarily fired yet. */
export interface ClockTimer {
  /** Prevents the callback from running if it has not run yet. Safe to call more than once. */
  cancel(): void;
}

/** Options for {@link Clock.setTimer}. */
export interface TimerOptions {
  /**
   * When true, the timer alone does not keep the process alive (Node's `unref`). Background
   * housekeeping (metrics tickers) uses this; timers that deliver work do not.
   */
  background?: boolean;
}

/**
 * A source of time plus a timer scheduler.
 *
 * Contract: `now()` is in milliseconds on a monotonic scale (never goes backwards; its origin is
 * unspecified, so only differences are meaningful). `setTimer(fn, ms)` runs `fn` once, no earlier
 * than `ms` milliseconds after the call as measured by `now()`, unless cancelled first. Negative
 * or zero `ms` means "as soon as possible", but never synchronously inside `setTimer`.
 */
export interface Clock {
  /** The current time in milliseconds. */
  now(): number;
  /** Schedules `fn` to run once after `ms` milliseconds. */
  setTimer(fn: () => void, ms: number, options?: TimerOptions): ClockTimer;
}

/** The process clock: `performance.now()` and Node's `setTimeout`. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(fn, ms, options) {
    const handle = setTimeout(fn, Math.max(0, ms));
    if (options?.background) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

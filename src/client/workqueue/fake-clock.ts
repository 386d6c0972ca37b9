/**
 * A hand-driven {@link Clock} for tests: time stands still until `step` or `setTime` moves it,
 * and timers fire synchronously, in due-time order, as time passes them.
 */
import type { Clock, ClockTimer, TimerOptions } from './clock.js';

interface PendingTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * A fake clock. `now()` starts at `start` (default 0) and changes only through `step`/`setTime`.
 * Timers due at or before the new time run synchronously inside those calls, earliest first
 * (ties in scheduling order); a timer scheduled by a firing callback that is also due runs in the
 * same call. Like upstream's `k8s.io/utils/clock/testing.FakeClock`.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  /** Creates a clock reading `start` milliseconds. */
  constructor(start = 0) {
    this.time = start;
  }

  /** The current fake time in milliseconds. */
  now(): number {
    return this.time;
  }

  /** Schedules `fn` at `now() + max(ms, 0)`; it runs when time is stepped to or past that. */
  setTimer(fn: () => void, ms: number, _options?: TimerOptions): ClockTimer {
    const timer: PendingTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }

  /** Advances time by `ms` (≥ 0), firing every timer that becomes due. */
  step(ms: number): void {
    if (ms < 0) throw new RangeError(`FakeClock.step: negative step ${ms}`);
    this.setTime(this.time + ms);
  }

  /** Moves time to `t` (must not be earlier than `now()`), firing every timer that becomes due. */
  setTime(t: number): void {
    if (t < this.time) throw new RangeError(`FakeClock.setTime: ${t} is before now (${this.time})`);
    for (;;) {
      const next = this.nextDue(t);
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.time = Math.max(this.time, next.at);
      if (!next.cancelled) next.fn();
    }
    this.time = t;
  }

  /** True when at least one timer is scheduled and not yet fired or cancelled. */
  hasWaiters(): boolean {
    return this.timers.length > 0;
  }

  /** The due times of the pending timers, earliest first. */
  pendingTimers(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b);
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

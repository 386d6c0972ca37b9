/**
 * Upstream's `ControllerExpectations`: how many creates and deletes a controller has asked for
 * and not yet seen in its informer. A controller syncs a key only when its expectations are
 * satisfied, so a slow informer never makes it create or delete twice. Expectations lapse after
 * 5 minutes, in case an event was missed.
 */
import type { Clock } from '../../client/workqueue/clock.js';

/** Upstream's `ExpectationsTimeout`. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  at: number;
}

export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /** Replaces `key`'s expectations with `adds` creates and `dels` deletes to come. */
  set(key: string, adds: number, dels: number): void {
    this.byKey.set(key, { add: adds, del: dels, at: this.clock.now() });
  }

  expectCreations(key: string, n: number): void {
    this.set(key, n, 0);
  }

  expectDeletions(key: string, n: number): void {
    this.set(key, 0, n);
  }

  /** One create seen (or given up on, after a failed create). */
  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.add--;
  }

  /** One delete seen (or given up on). */
  deletionObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.del--;
  }

  /** Lowers the outstanding creates by `n` (creates skipped after a failure). */
  lowerCreations(key: string, n: number): void {
    const e = this.byKey.get(key);
    if (e) e.add -= n;
  }

  /** True when nothing is outstanding for `key`, or its expectations have lapsed. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    return (e.add <= 0 && e.del <= 0) || this.clock.now() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Forgets `key` (its controller is gone). */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}

/**
 * Upstream's `flowcontrol.Backoff` as the DaemonSet controller uses it for failed pods (1 s doubling
 * to 15 min): a node whose daemon pod keeps failing (a kubelet rejecting it, say) is not fought
 * over in a hot loop. An entry idle for twice the maximum is forgotten.
 */
import type { Clock } from '../../client/workqueue/clock.js';

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly clock: Clock,
    private readonly initialMs = 1_000,
    private readonly maxMs = 15 * 60_000,
  ) {}

  /** The current delay of `id` (0 when unknown). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  /** Records an attempt at `now`: the first (or first after expiry) at the initial delay, then doubling. */
  next(id: string, now: number): void {
    const e = this.entries.get(id);
    if (!e || this.expired(now, e)) this.entries.set(id, { backoffMs: this.initialMs, lastUpdate: now });
    else this.entries.set(id, { backoffMs: Math.min(e.backoffMs * 2, this.maxMs), lastUpdate: now });
  }

  /** Whether `id` is still waiting out its delay at `now`. */
  isInBackOffSinceUpdate(id: string, now: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(now, e)) return false;
    return now - e.lastUpdate < e.backoffMs;
  }

  /** Forgets expired entries (upstream runs this every minute). */
  gc(now = this.clock.now()): void {
    for (const [id, e] of this.entries) if (this.expired(now, e)) this.entries.delete(id);
  }

  private expired(now: number, e: Entry): boolean {
    return now - e.lastUpdate > 2 * this.maxMs;
  }
}

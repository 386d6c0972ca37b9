/**
 * Upstream's `HealthzAdaptor`: a health check that fails when this process thinks it leads but
 * has not renewed its lease for longer than the lease duration plus a tolerance — a wedged
 * leader that should have stepped down.
 */
import type { LeaderElector } from './leader-elector.js';

/** A named health check backed by a {@link LeaderElector}. */
export class HealthzAdaptor {
  /** The check's name, as upstream registers it. */
  readonly name = 'leaderElection';
  private elector: LeaderElector | undefined;

  /** A check tolerating `timeoutMs` of lease expiry beyond the lease duration. */
  constructor(readonly timeoutMs: number) {}

  /** Attaches the elector to watch; until then the check passes. */
  setLeaderElection(elector: LeaderElector): void {
    this.elector = elector;
  }

  /** Throws an Error when the attached elector's check fails; passes otherwise. */
  check(): void {
    this.elector?.check(this.timeoutMs);
  }
}

/**
 * Upstream's `leaderelection.LeaderElector` over a Lease. Contenders only trust their own
 * clock: a lease is expired when it has not *changed* for leaseDurationSeconds since this
 * contender last saw it change (the observed time), whatever its renewTime says — so clock skew
 * between contenders does not matter. No fencing: two leaders can briefly overlap.
 */
import { isNotFound } from '../../machinery/errors.js';
import { JITTER_FACTOR, resolveConfig, type LeaderElectionConfig, type ResolvedConfig } from './config.js';
import {
  leaseSpecToRecord,
  newLease,
  recordFingerprint,
  withRecord,
  type Lease,
  type LeaderElectionRecord,
} from './lease-lock.js';
import { abortable, jitter, sleep } from './wait.js';

const emptyRecord = (): LeaderElectionRecord => ({ holderIdentity: '', leaseDurationSeconds: 0, leaderTransitions: 0 });

/** Runs leader election for one contender. */
export class LeaderElector {
  private readonly config: ResolvedConfig;
  private observedRecord: LeaderElectionRecord = emptyRecord();
  private observedFingerprint: string | undefined;
  private observedTime = 0;
  private reportedLeader = '';
  /** The Lease as last read or written: the base (resourceVersion) of the next update. */
  private lease: Lease | undefined;

  /** Validates `config` (throws on upstream's violations) and fills its defaults. */
  constructor(config: LeaderElectionConfig) {
    this.config = resolveConfig(config);
  }

  /**
   * Contends until `signal` aborts or leadership is lost: acquires (retrying every
   * retryPeriod × [1, 2.2)), calls onStartedLeading, renews every retryPeriod, and stops when a
   * renewal has not succeeded within renewDeadline or the signal aborts; then releases the lease
   * if `releaseOnCancel`, aborts the leading signal and calls onStoppedLeading. Never rejects.
   */
  async run(signal?: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) return;
      const leading = new AbortController();
      const stopLeading = () => leading.abort();
      signal?.addEventListener('abort', stopLeading, { once: true });
      try {
        this.startLeading(leading.signal);
        await this.renew(signal);
      } finally {
        signal?.removeEventListener('abort', stopLeading);
        leading.abort();
      }
    } finally {
      this.callback('onStoppedLeading', () => this.config.callbacks.onStoppedLeading());
    }
  }

  /** The holder of the lease as last observed; empty before anything was observed. */
  getLeader(): string {
    return this.observedRecord.holderIdentity;
  }

  /** True when the last observed holder is this contender. */
  isLeader(): boolean {
    return this.observedRecord.holderIdentity === this.config.identity;
  }

  /**
   * Upstream's `Check`: throws when this contender believes it leads but has not renewed for
   * longer than leaseDuration + `maxTolerableExpiredLeaseMs` (a leader wedged, e.g. deadlocked,
   * instead of stepping down). Passes for followers.
   */
  check(maxTolerableExpiredLeaseMs: number): void {
    if (!this.isLeader()) return;
    if (this.config.clock.now() - this.observedTime > this.config.leaseDurationMs + maxTolerableExpiredLeaseMs) {
      throw new Error(`failed election to renew leadership on lease ${this.config.name}`);
    }
  }

  private async acquire(signal?: AbortSignal): Promise<boolean> {
    const { clock, retryPeriodMs, random, name, logger } = this.config;
    logger.info?.(`attempting to acquire leader lease ${name}...`);
    for (;;) {
      if (signal?.aborted) return false;
      const succeeded = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      if (succeeded) {
        logger.info?.(`successfully acquired lease ${name}`);
        return true;
      }
      await sleep(clock, jitter(retryPeriodMs, JITTER_FACTOR, random), signal);
    }
  }

  private async renew(signal?: AbortSignal): Promise<void> {
    const { clock, retryPeriodMs, renewDeadlineMs, name, logger } = this.config;
    while (!signal?.aborted) {
      const round = new AbortController();
      const abortRound = () => round.abort();
      const deadline = clock.setTimer(abortRound, renewDeadlineMs);
      signal?.addEventListener('abort', abortRound, { once: true });
      let renewed = false;
      try {
        while (!round.signal.aborted) {
          if (await this.tryAcquireOrRenew(round.signal)) {
            renewed = true;
            break;
          }
          await sleep(clock, retryPeriodMs, round.signal);
        }
      } finally {
        deadline.cancel();
        signal?.removeEventListener('abort', abortRound);
      }
      this.maybeReportTransition();
      if (!renewed) {
        logger.info?.(`failed to renew lease ${name}: timed out waiting for the condition`);
        break;
      }
      await sleep(clock, retryPeriodMs, signal);
    }
    if (this.config.releaseOnCancel) await this.release();
  }

  /**
   * Gives the lease up if this contender holds it: holder emptied, leaseDurationSeconds 1,
   * acquireTime = renewTime = now, transitions kept (upstream's `release`). Not bound to the run
   * signal, which has usually aborted by now.
   */
  private async release(): Promise<boolean> {
    if (!this.isLeader() || !this.lease) return true;
    const now = this.config.clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: this.observedRecord.leaderTransitions,
    };
    try {
      this.lease = await this.config.lock.update(withRecord(this.lease, record));
    } catch (err) {
      this.config.logger.error?.('Failed to release lock', { err });
      return false;
    }
    this.setObservedRecord(record);
    return true;
  }

  /** One attempt to take or keep the lease (upstream's `tryAcquireOrRenew`). */
  private async tryAcquireOrRenew(signal?: AbortSignal): Promise<boolean> {
    const { clock, lock, identity, leaseDurationMs, logger, name } = this.config;
    const now = clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.floor(leaseDurationMs / 1000),
      acquireTime: now,
      renewTime: now,
      leaderTransitions: 0,
    };

    // 1. Fast path: the leader updates the lease it last saw, assuming nobody else wrote it.
    const known = this.lease;
    if (this.isLeader() && this.isLeaseValid(now) && known) {
      record.acquireTime = this.observedRecord.acquireTime;
      record.leaderTransitions = this.observedRecord.leaderTransitions;
      try {
        this.lease = await abortable((s) => lock.update(withRecord(known, record), s), signal);
        this.setObservedRecord(record);
        return true;
      } catch (err) {
        logger.error?.('Failed to update lock optimistically, falling back to slow path', { err });
      }
    }

    // 2. Read the lease, creating it if absent.
    let current: Lease | undefined;
    try {
      current = await abortable((s) => lock.get(s), signal);
    } catch (err) {
      if (!isNotFound(err)) {
        logger.error?.(`error retrieving resource lock ${name}`, { err });
        return false;
      }
    }
    if (!current) {
      try {
        this.lease = await abortable((s) => lock.create(newLease(lock.namespace, lock.name, record), s), signal);
      } catch (err) {
        logger.error?.('error initially creating leader election record', { err });
        return false;
      }
      this.setObservedRecord(record);
      return true;
    }
    this.lease = current;

    // 3. Observe it: the observed time moves only when the record changed.
    const old = leaseSpecToRecord(current.spec);
    const fingerprint = recordFingerprint(old);
    if (fingerprint !== this.observedFingerprint) {
      this.setObservedRecord(old);
      this.observedFingerprint = fingerprint;
    }
    if (old.holderIdentity && this.isLeaseValid(now) && !this.isLeader()) return false;

    // 4. Take it over (expired or released) or renew it (ours).
    if (this.isLeader()) {
      record.acquireTime = old.acquireTime;
      record.leaderTransitions = old.leaderTransitions;
    } else {
      record.leaderTransitions = old.leaderTransitions + 1;
    }
    try {
      this.lease = await abortable((s) => lock.update(withRecord(current, record), s), signal);
    } catch (err) {
      logger.error?.('Failed to update lock', { err });
      return false;
    }
    this.setObservedRecord(record);
    return true;
  }

  private isLeaseValid(now: number): boolean {
    return this.observedTime + this.observedRecord.leaseDurationSeconds * 1000 > now;
  }

  private setObservedRecord(record: LeaderElectionRecord): void {
    this.observedRecord = { ...record };
    this.observedTime = this.config.clock.now();
  }

  private maybeReportTransition(): void {
    const holder = this.observedRecord.holderIdentity;
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    const onNewLeader = this.config.callbacks.onNewLeader;
    if (onNewLeader) this.callback('onNewLeader', () => onNewLeader.call(this.config.callbacks, holder));
  }

  private startLeading(signal: AbortSignal): void {
    this.callback('onStartedLeading', () => this.config.callbacks.onStartedLeading(signal));
  }

  /** Runs a user callback; a throw or rejection is logged, never propagated. */
  private callback(what: string, fn: () => unknown): void {
    const log = (err: unknown) => this.config.logger.error?.(`${what} callback failed`, { err });
    try {
      const result = fn();
      if (result instanceof Promise) result.catch(log);
    } catch (err) {
      log(err);
    }
  }
}

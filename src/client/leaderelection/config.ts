/**
 * Configuration of a {@link LeaderElector} (upstream's `LeaderElectionConfig`), its defaults
 * (the core components' 15 s / 10 s / 2 s) and upstream's validation rules.
 */
import type { LeaseLock } from './lease-lock.js';
import { wallClock, type Clock } from './wait.js';

/** Upstream's `JitterFactor`: acquire attempts are `retryPeriod * (1 + [0, 1.2))` apart. */
export const JITTER_FACTOR = 1.2;
/** Default lease duration: how long a follower waits, after last seeing the lease change, to take it. */
export const DEFAULT_LEASE_DURATION_MS = 15_000;
/** Default renew deadline: how long a leader keeps retrying a failing renewal before giving up. */
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
/** Default retry period between attempts. */
export const DEFAULT_RETRY_PERIOD_MS = 2_000;

/** Lifecycle callbacks (upstream's `LeaderCallbacks`). */
export interface LeaderCallbacks {
  /**
   * Called when this elector starts leading. `signal` aborts when leadership ends (renewal
   * failed, or `run`'s signal aborted). Not awaited; a rejection is logged.
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /**
   * Called when `run` returns — like upstream, also when this elector never led (its signal
   * aborted while it was still acquiring).
   */
  onStoppedLeading(): void;
  /** Called whenever the observed leader changes, including the first leader observed. */
  onNewLeader?(identity: string): void;
}

/** Where the elector reports failures and progress. Both methods optional. */
export interface ElectionLogger {
  info?(message: string, details?: Record<string, unknown>): void;
  error?(message: string, details?: Record<string, unknown>): void;
}

/** What {@link LeaderElector} is constructed with. */
export interface LeaderElectionConfig {
  /** The Lease to contend for. */
  lock: LeaseLock;
  /** This contender's identity, written as the lease's holderIdentity. Non-empty. */
  identity: string;
  /** Must exceed `renewDeadlineMs`. Written (in whole seconds) as leaseDurationSeconds. */
  leaseDurationMs?: number;
  /** Must exceed `retryPeriodMs * 1.2`. */
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /**
   * On leaving `run`, give the lease up (holder emptied, duration 1 s) so another contender can
   * take it at once. Only safe if everything guarded by the lease has stopped first.
   */
  releaseOnCancel?: boolean;
  callbacks: LeaderCallbacks;
  /** Wall-clock time and timers; `Date.now` and Node timers by default. */
  clock?: Clock;
  /** Uniform [0, 1) source for the acquire jitter; `Math.random` by default. */
  random?: () => number;
  /** Name of the lock for messages; `namespace/name` of the lock by default. */
  name?: string;
  logger?: ElectionLogger;
}

/** The config with every default filled in. */
export type ResolvedConfig = Required<Omit<LeaderElectionConfig, 'callbacks'>> & { callbacks: LeaderCallbacks };

/** Fills defaults and applies upstream's `NewLeaderElector` checks; throws an Error on the first violation. */
export function resolveConfig(c: LeaderElectionConfig): ResolvedConfig {
  const leaseDurationMs = c.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
  const renewDeadlineMs = c.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
  const retryPeriodMs = c.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS;
  if (leaseDurationMs <= renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
  if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) {
    throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
  }
  if (leaseDurationMs < 1) throw new Error('leaseDuration must be greater than zero');
  if (renewDeadlineMs < 1) throw new Error('renewDeadline must be greater than zero');
  if (retryPeriodMs < 1) throw new Error('retryPeriod must be greater than zero');
  if (!c.callbacks?.onStartedLeading) throw new Error('OnStartedLeading callback must not be nil');
  if (!c.callbacks.onStoppedLeading) throw new Error('OnStoppedLeading callback must not be nil');
  if (!c.lock) throw new Error('Lock must not be nil.');
  if (!c.identity) throw new Error('Lock identity is empty');
  return {
    lock: c.lock,
    identity: c.identity,
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
    releaseOnCancel: c.releaseOnCancel ?? false,
    callbacks: c.callbacks,
    clock: c.clock ?? wallClock,
    random: c.random ?? Math.random,
    name: c.name ?? `${c.lock.namespace}/${c.lock.name}`,
    logger: c.logger ?? {},
  };
}

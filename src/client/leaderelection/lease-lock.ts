/**
 * The lock the elector contends for: one coordination.k8s.io/v1 Lease, read and written with
 * optimistic concurrency. `LeaseLock` is the small API surface the elector needs (implemented
 * over the REST client elsewhere, or by `FakeLeaseStore` in tests); the record conversions
 * mirror upstream's `resourcelock` package.
 */
import type { Lease as K8sLease, LeaseSpec as K8sLeaseSpec } from 'kubernetes-types/coordination/v1.js';

/** coordination.k8s.io/v1 LeaseSpec, with the 1.31 fields `strategy` and `preferredHolder`. */
export type LeaseSpec = K8sLeaseSpec & { strategy?: string; preferredHolder?: string };

/** coordination.k8s.io/v1 Lease. */
export type Lease = Omit<K8sLease, 'spec'> & { spec?: LeaseSpec };

/**
 * Access to one Lease, `namespace/name`. Errors are `ApiError`s (src/machinery/errors.ts) for
 * server answers, anything else for transport failures; the elector treats every failure as
 * "not this time" and retries on its own schedule. `signal` aborts a call in flight.
 */
export interface LeaseLock {
  readonly namespace: string;
  readonly name: string;
  /** The Lease, or undefined when it does not exist (rejecting with NotFound is accepted too). */
  get(signal?: AbortSignal): Promise<Lease | undefined>;
  /** Creates the Lease; rejects with AlreadyExists if it exists. Resolves to the stored object. */
  create(lease: Lease, signal?: AbortSignal): Promise<Lease>;
  /**
   * Replaces the Lease; rejects with Conflict unless `lease.metadata.resourceVersion` is the
   * stored one. Resolves to the stored object (with its new resourceVersion).
   */
  update(lease: Lease, signal?: AbortSignal): Promise<Lease>;
}

/**
 * Upstream's `LeaderElectionRecord`: the lease spec as the elector reasons about it. Times are
 * epoch milliseconds (fractions carry microseconds); absent times are undefined.
 */
export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: number;
  renewTime?: number;
  leaderTransitions: number;
  strategy?: string;
  preferredHolder?: string;
}

/** Epoch ms as metav1.MicroTime: `2026-12-02T18:06:54.123456Z` (always six digits, truncated). */
export function formatMicroTime(ms: number): string {
  const micros = Math.floor(ms * 1000);
  const wholeSeconds = Math.floor(micros / 1_000_000);
  const fraction = String(micros - wholeSeconds * 1_000_000).padStart(6, '0');
  return `${new Date(wholeSeconds * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Parses RFC 3339 (metav1.Time or MicroTime) to epoch ms; undefined when malformed. */
export function parseMicroTime(s: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(s);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(seconds)) return undefined;
  const micros = m[2] ? Number(m[2].padEnd(9, '0').slice(0, 6)) : 0;
  return seconds + micros / 1000;
}

/** Upstream's `LeaseSpecToLeaderElectionRecord`: absent fields become empty/zero/undefined. */
export function leaseSpecToRecord(spec: LeaseSpec | undefined): LeaderElectionRecord {
  const r: LeaderElectionRecord = {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    leaderTransitions: spec?.leaseTransitions ?? 0,
  };
  if (spec?.acquireTime) r.acquireTime = parseMicroTime(spec.acquireTime);
  if (spec?.renewTime) r.renewTime = parseMicroTime(spec.renewTime);
  if (spec?.strategy) r.strategy = spec.strategy;
  if (spec?.preferredHolder) r.preferredHolder = spec.preferredHolder;
  return r;
}

/**
 * Upstream's `LeaderElectionRecordToLeaseSpec`: holderIdentity (even when empty),
 * leaseDurationSeconds, acquireTime/renewTime as MicroTime (omitted when unknown, where upstream
 * would write Go's zero time), leaseTransitions, and strategy/preferredHolder only when set.
 */
export function recordToLeaseSpec(r: LeaderElectionRecord): LeaseSpec {
  const spec: LeaseSpec = {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    ...(r.acquireTime !== undefined && { acquireTime: formatMicroTime(r.acquireTime) }),
    ...(r.renewTime !== undefined && { renewTime: formatMicroTime(r.renewTime) }),
    leaseTransitions: r.leaderTransitions,
  };
  if (r.preferredHolder) spec.preferredHolder = r.preferredHolder;
  if (r.strategy) spec.strategy = r.strategy;
  return spec;
}

/**
 * The record as upstream's raw-record comparison sees it: its JSON with times in whole seconds
 * (LeaderElectionRecord holds metav1.Time). The elector resets its observed time only when this
 * changes, so a renewal within the same second is not seen as one — exactly as upstream.
 */
export function recordFingerprint(r: LeaderElectionRecord): string {
  const sec = (t: number | undefined) => (t === undefined ? null : Math.floor(t / 1000));
  return JSON.stringify([
    r.holderIdentity,
    r.leaseDurationSeconds,
    sec(r.acquireTime),
    sec(r.renewTime),
    r.leaderTransitions,
    r.preferredHolder ?? '',
    r.strategy ?? '',
  ]);
}

/** A new Lease object `namespace/name` holding `record`, ready to create. */
export function newLease(namespace: string, name: string, record: LeaderElectionRecord): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace },
    spec: recordToLeaseSpec(record),
  };
}

/** `lease` (metadata, resourceVersion included) with its spec replaced by `record`. */
export function withRecord(lease: Lease, record: LeaderElectionRecord): Lease {
  return { ...lease, spec: recordToLeaseSpec(record) };
}

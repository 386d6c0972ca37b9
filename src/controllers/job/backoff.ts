/**
 * The delay before a Job replaces failed pods (upstream's `backoff_utils.go`): a record per Job
 * of the failures since the last success and when the last one happened, and the remaining
 * wait — 10 s for the first failure, doubling per further failure, capped.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';

export interface BackoffRecord {
  key: string;
  failuresAfterLastSuccess: number;
  /** ms; undefined without failures. */
  lastFailureTime?: number;
}

const parse = (t: string | undefined): number | undefined => {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * Upstream's `getFinishedTime`: the latest container finish when every container has
 * terminated, else a False Ready condition's transition, else the deletion time less the grace
 * period, else the creation time.
 */
export function getFinishedTime(p: Pod): number {
  let fromContainers: number | undefined;
  const statuses = p.status?.containerStatuses ?? [];
  for (const cs of statuses) {
    const at = parse(cs.state?.terminated?.finishedAt);
    if (at === undefined) {
      fromContainers = undefined;
      break;
    }
    if (fromContainers === undefined || at > fromContainers) fromContainers = at;
  }
  if (fromContainers !== undefined) return fromContainers;
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  const readyAt = ready?.status === 'False' ? parse(ready.lastTransitionTime) : undefined;
  if (readyAt !== undefined) return readyAt;
  const deleted = parse(p.metadata?.deletionTimestamp);
  if (deleted !== undefined) return deleted - (p.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return parse(p.metadata?.creationTimestamp) ?? 0;
}

/** The records of every Job the controller has seen fail (upstream's `backoffStore`). */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  get(key: string): BackoffRecord | undefined {
    return this.records.get(key);
  }

  update(record: BackoffRecord): void {
    this.records.set(record.key, { ...record });
  }

  remove(key: string): void {
    this.records.delete(key);
  }

  /**
   * Upstream's `newBackoffRecord`: the stored record advanced by the pods that finished since
   * the last sync. A success resets the count to the failures after it.
   */
  newRecord(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    const old = this.records.get(key);
    const rec: BackoffRecord = old ? { ...old } : { key, failuresAfterLastSuccess: 0 };
    const byTime = (a: Pod, b: Pod) => getFinishedTime(a) - getFinishedTime(b);
    const succeeded = [...newSucceeded].sort(byTime);
    const failed = [...newFailed].sort(byTime);
    if (succeeded.length === 0) {
      if (failed.length === 0) return rec;
      rec.failuresAfterLastSuccess += failed.length;
      rec.lastFailureTime = getFinishedTime(failed[failed.length - 1]);
      return rec;
    }
    rec.failuresAfterLastSuccess = 0;
    rec.lastFailureTime = undefined;
    const lastSuccess = getFinishedTime(succeeded[succeeded.length - 1]);
    for (let i = failed.length - 1; i >= 0; i--) {
      const at = getFinishedTime(failed[i]);
      if (at <= lastSuccess) break;
      if (rec.lastFailureTime === undefined) rec.lastFailureTime = at;
      rec.failuresAfterLastSuccess++;
    }
    return rec;
  }
}

/**
 * Upstream's `getRemainingTimeForFailuresCount`: `defaultMs` doubled for each failure after the
 * first, capped at `maxMs`, less the time since the last failure; 0 when that has passed.
 */
export function remainingBackoff(
  now: number,
  defaultMs: number,
  maxMs: number,
  failures: number,
  lastFailureTime: number | undefined,
): number {
  if (failures === 0 || lastFailureTime === undefined) return 0;
  let backoff = defaultMs;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= maxMs) {
      backoff = maxMs;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

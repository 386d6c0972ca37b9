/**
 * What one Job sync works with (upstream's `syncJobCtx`) and the services it calls, kept apart
 * from the informers so the sync steps read as upstream's functions do.
 */
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import type { ControllerExpectations, PodControl } from '../common/index.js';
import type { BackoffRecord, BackoffStore } from './backoff.js';
import type { OrderedIntervals } from './indexed.js';

/** Upstream's `uidTrackingExpectations`: pods whose finalizer removal is not yet seen, per Job. */
export class FinalizerExpectations {
  private readonly byKey = new Map<string, Set<string>>();

  expectedUIDs(key: string): Set<string> {
    return new Set(this.byKey.get(key) ?? []);
  }

  expectFinalizersRemoved(key: string, uids: readonly string[]): void {
    const s = this.byKey.get(key) ?? new Set<string>();
    for (const u of uids) s.add(u);
    this.byKey.set(key, s);
  }

  finalizerRemovalObserved(key: string, uid: string | undefined): void {
    if (uid) this.byKey.get(key)?.delete(uid);
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}

/** The services a sync uses. */
export interface JobEnv {
  jobs: ResourceClient<Job>;
  pods: ResourceClient<Pod>;
  podControl: PodControl;
  recorder: EventRecorder;
  expectations: ControllerExpectations;
  finalizerExpectations: FinalizerExpectations;
  backoff: BackoffStore;
  /** Wall time, ms. */
  now(): number;
  /** Brings `key` back after `ms`. */
  enqueueAfter(key: string, ms: number): void;
}

/** Upstream's `syncJobCtx`. */
export interface SyncJobCtx {
  key: string;
  job: Job;
  pods: Pod[];
  activePods: Pod[];
  finishedCondition?: JobCondition;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  /** Indexes failed for good (backoffLimitPerIndex only). */
  failedIndexes?: OrderedIntervals;
  /** Per index, the failed pod whose finalizer waits for its replacement (backoffLimitPerIndex only). */
  delayedDeletion: Map<number, Pod>;
  newBackoffRecord: BackoffRecord;
  expectedRmFinalizers: Set<string>;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  terminating: number;
  ready: number;
}

/** The Job with apiVersion and kind set, as events need. */
export function eventTarget(job: Job): Job {
  return { ...job, apiVersion: 'batch/v1', kind: 'Job' };
}

/**
 * The TTL-after-finished controller (upstream's `pkg/controller/ttlafterfinished`): deletes a
 * finished Job `spec.ttlSecondsAfterFinished` after its Complete or Failed condition, in the
 * foreground (its pods go first), with a precondition on the Job's uid so that a Job re-created
 * under the same name is never deleted for its predecessor. Jobs not yet due are requeued for the
 * moment they expire.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { isNotFound } from '../../machinery/errors.js';
import {
  clientOf,
  informerOf,
  RESOURCES,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';

/** Upstream's `needsCleanup`: a TTL is set and the Job has finished. */
export function needsCleanup(job: Job): boolean {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  return ttl !== undefined && ttl !== null && finishTime(job) !== undefined;
}

/**
 * Upstream's `jobFinishTime`: the lastTransitionTime of the True Complete or Failed condition
 * (ms), undefined when the Job has not finished. Throws when the condition has no time, as
 * upstream reports an error then.
 */
export function finishTime(job: Job): number | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  if (!c) return undefined;
  const t = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  if (Number.isNaN(t))
    throw new Error(`unable to find the time when the Job ${job.metadata?.namespace}/${job.metadata?.name} finished`);
  return t;
}

/**
 * Upstream's `timeLeft`: ms until the Job expires at `now` (≤ 0: expired), or undefined when it
 * needs no cleanup or is already being deleted.
 */
export function timeLeft(job: Job, now: number): number | undefined {
  if (job.metadata?.deletionTimestamp || !needsCleanup(job)) return undefined;
  return finishTime(job)! + job.spec!.ttlSecondsAfterFinished! * 1000 - now;
}

export interface TTLAfterFinishedOptions {
  /** Wall time (ms); the context's `now` by default. */
  now?: () => number;
}

/** Builds the controller's descriptor, with its time source configurable for tests. */
export function newTTLAfterFinishedController(opts: TTLAfterFinishedOptions = {}): ControllerDescriptor {
  return {
    name: 'ttl-after-finished-controller',
    aliases: ['ttl-after-finished'],
    init: (ctx) => initTTLController(ctx, opts),
  };
}

/** `ttl-after-finished-controller` (alias `ttl-after-finished`), `--concurrent-ttl-after-finished-syncs` workers (5). */
export const ttlAfterFinishedController: ControllerDescriptor = newTTLAfterFinishedController();

function initTTLController(ctx: ControllerContext, opts: TTLAfterFinishedOptions) {
  const now = opts.now ?? (() => ctx.now());
  const jobs = informerOf<Job>(ctx, RESOURCES.jobs);
  const client = clientOf<Job>(ctx, RESOURCES.jobs);
  const controller = new Controller({
    name: 'ttl_jobs_to_delete',
    reconcile,
    clock: ctx.clock,
    metricsProvider: ctx.metricsProvider,
    onError: (key, err) =>
      ctx.log.warn({ controller: 'ttl-after-finished-controller', key, err }, 'error cleaning up Job'),
  });
  const maybeEnqueue = (job: Job) => {
    if (!job.metadata?.deletionTimestamp && needsCleanup(job)) controller.enqueue(job);
  };
  jobs.addEventHandler({ onAdd: maybeEnqueue, onUpdate: (_old, cur) => maybeEnqueue(cur) });

  /** Upstream's `processTTL`: expired → true; not yet → requeued at expiry; otherwise false. */
  function expired(job: Job, key: string): boolean {
    const left = timeLeft(job, now());
    if (left === undefined) return false;
    if (left <= 0) return true;
    controller.queue.addAfter(key, left);
    return false;
  }

  async function reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = jobs.lister.get(namespace, name);
    if (!cached || !expired(cached, key)) return;
    // The cache may hold a stale TTL: decide on a fresh read.
    let fresh: Job;
    try {
      fresh = await client.get(name, { namespace });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!expired(fresh, key)) return;
    ctx.log.debug({ job: key }, 'Cleaning up Job');
    try {
      await client.delete(name, {
        namespace,
        propagationPolicy: 'Foreground',
        preconditions: { uid: fresh.metadata?.uid },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }

  return (signal: AbortSignal) => controller.run(workersOf(ctx, 'ttl-after-finished', 5), signal);
}

/**
 * `namespace-controller` (upstream's pkg/controller/namespace): a namespace being deleted
 * (deletionTimestamp set, phase Terminating) is emptied of every namespaced resource — custom
 * resources included — and then finalized, so that the apiserver removes it. Its conditions say
 * what is left and what failed; it is looked at again while content remains.
 */
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../client/controller/controller.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
} from '../../client/workqueue/rate-limiters.js';
import type { Clock } from '../../client/workqueue/clock.js';
import { RESOURCES, informerOf, workersOf, type ControllerDescriptor } from '../context.js';
import { NamespacedResourcesDeleter, ResourcesRemainingError } from './deleter.js';

export { NamespaceConditionUpdater, NAMESPACE_CONDITION_TYPES } from './conditions.js';
export { NamespacedResourcesDeleter, ResourcesRemainingError } from './deleter.js';

/** Tunables of the namespace controller. */
export interface NamespaceControllerOptions {
  /**
   * How long after a namespace event it is processed (upstream's namespaceDeletionGracePeriod,
   * 5 s: lets HA apiservers see the deletion and last-moment creations land before the sweep).
   */
  deletionGracePeriodMs?: number;
  /** A cap on the wait while content remains (none upstream; tests shorten it). */
  maxRemainingRequeueMs?: number;
}

/**
 * Upstream's nsControllerRateLimiter: failures back off from 5 ms to at most 60 s (a namespace
 * is retried at least every minute), under an overall 10 qps / burst 100.
 */
export function namespaceRateLimiter(clock?: Clock): RateLimiter<string> {
  return new MaxOfRateLimiter<string>(
    new ItemExponentialFailureRateLimiter<string>(5, 60_000),
    new BucketRateLimiter<string>(10, 100, { clock }),
  );
}

/** How long to wait while content remains, from the deleter's estimate (upstream: estimate/2 + 1 s). */
export function remainingRequeueMs(estimateSeconds: number): number {
  return (Math.floor(estimateSeconds / 2) + 1) * 1000;
}

/** A namespace controller descriptor with `options`. */
export function newNamespaceController(options: NamespaceControllerOptions = {}): ControllerDescriptor {
  const graceMs = options.deletionGracePeriodMs ?? 5_000;
  const maxRequeueMs = options.maxRemainingRequeueMs ?? Infinity;
  return {
    name: 'namespace-controller',
    aliases: ['namespace'],
    init(ctx) {
      const log = ctx.log.child({ controller: 'namespace-controller' });
      const namespaces = informerOf<Namespace>(ctx, RESOURCES.namespaces);
      const deleter = new NamespacedResourcesDeleter(ctx.client, ctx.now, log);
      const controller = new Controller({
        name: 'namespace',
        rateLimiter: namespaceRateLimiter(ctx.clock),
        metricsProvider: ctx.metricsProvider,
        clock: ctx.clock,
        async reconcile(key) {
          if (!namespaces.lister.get(undefined, key)) {
            log.info({ namespace: key }, 'Namespace has been deleted');
            return;
          }
          try {
            await deleter.delete(key);
          } catch (err) {
            if (!(err instanceof ResourcesRemainingError)) throw err;
            const waitMs = Math.min(remainingRequeueMs(err.estimate), maxRequeueMs);
            log.debug({ namespace: key, waitSeconds: waitMs / 1000 }, 'Content remaining in namespace');
            return { requeueAfterMs: waitMs };
          }
        },
        onError(key, err) {
          log.warn(`deletion of namespace ${key} failed: ${String((err as Error)?.message ?? err)}`);
        },
      });
      const enqueue = (ns: Namespace) => {
        // Only namespaces being deleted concern this controller.
        if (!ns.metadata?.deletionTimestamp || !ns.metadata.name) return;
        controller.queue.addAfter(ns.metadata.name, graceMs);
      };
      namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) });
      return (signal) => controller.run(workersOf(ctx, 'namespace', 10), signal);
    },
  };
}

/** The namespace controller with upstream's timings. */
export const namespaceController: ControllerDescriptor = newNamespaceController();

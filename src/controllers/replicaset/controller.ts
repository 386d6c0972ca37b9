/**
 * Upstream's `NewBaseController`: one ReplicaSet controller over a kind adapter, so that the
 * ReplicaSet and the ReplicationController controllers run the same code with their own
 * informers, clients, events and queue.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../client/controller/controller.js';
import {
  clientOf,
  informerOf,
  RESOURCES,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { ControllerExpectations, getControllerOf, PodControl } from '../common/index.js';
import { BURST_REPLICAS, CONTROLLER_UID_INDEX, type ReplicaSetDeps } from './deps.js';
import { registerHandlers } from './handlers.js';
import type { Controlled, ReplicaSetKind } from './kind.js';
import { syncReplicaSet } from './sync.js';
import { UIDTrackingExpectations } from './uid-expectations.js';

/** A controller instance: its work queue and what its sync reads. */
export interface ReplicaSetControllerInstance<T extends Controlled> {
  controller: Controller;
  deps: ReplicaSetDeps<T>;
}

/**
 * Builds the controller for `kind` on `ctx`: asks for the owner and pod informers, indexes the
 * owners by their controller's uid, and registers the handlers. Call before the informers start.
 */
export function newReplicaSetController<T extends Controlled>(
  ctx: ControllerContext,
  kind: ReplicaSetKind<T>,
  burstReplicas = BURST_REPLICAS,
): ReplicaSetControllerInstance<T> {
  const owners = informerOf<T>(ctx, kind.resource);
  const pods = informerOf<Pod>(ctx, RESOURCES.pods);
  // Another controller on the same informer may already have added the same index.
  if (!owners.indexer.indexNames().includes(CONTROLLER_UID_INDEX))
    owners.indexer.addIndexers({
      [CONTROLLER_UID_INDEX]: (obj) => {
        const ref = getControllerOf(obj);
        return ref ? [ref.uid] : [];
      },
    });
  const log = ctx.log.child({ controller: kind.component });
  const controller = new Controller({
    name: kind.queueName,
    reconcile: (key) => syncReplicaSet(deps, key),
    metricsProvider: ctx.metricsProvider,
    clock: ctx.clock,
    onError: (key, err) => log.warn({ key, err: String(err) }, `sync "${key}" failed`),
  });
  const deps: ReplicaSetDeps<T> = {
    kind,
    owners,
    pods,
    ownerClient: clientOf<T>(ctx, kind.resource),
    podClient: clientOf<Pod>(ctx, RESOURCES.pods),
    podControl: new PodControl(clientOf<Pod>(ctx, RESOURCES.pods), ctx.recorder(kind.component)),
    expectations: new UIDTrackingExpectations(new ControllerExpectations(ctx.clock)),
    queue: controller.queue,
    now: () => ctx.now(),
    log,
    burstReplicas,
  };
  registerHandlers(deps);
  return { controller, deps };
}

/** A descriptor running the controller for `kind` with `--concurrent-<syncsName>-syncs` workers. */
export function replicaSetDescriptorFor<T extends Controlled>(
  name: string,
  aliases: string[],
  kind: ReplicaSetKind<T>,
  syncsName: string,
  defaultWorkers: number,
): ControllerDescriptor {
  return {
    name,
    aliases,
    init(ctx) {
      const { controller } = newReplicaSetController(ctx, kind);
      const workers = workersOf(ctx, syncsName, defaultWorkers);
      return (signal) => controller.run(workers, signal);
    },
  };
}

/**
 * The EndpointSlice controller (upstream's pkg/controller/endpointslice): for every Service with a
 * selector, EndpointSlices labelled `kubernetes.io/service-name` and managed by
 * `endpointslice-controller.k8s.io`, owned by the Service, holding its pods' endpoints (at most
 * `--max-endpoints-per-slice` each) with their ready/serving/terminating conditions, node and zone.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from '../../client/workqueue/rate-limiters.js';
import { selectorFromSet } from '../../machinery/labels.js';
import {
  clientOf,
  informerOf,
  RESOURCES,
  workersOf,
  type ControllerContext,
  type ControllerDescriptor,
} from '../context.js';
import { planEndpointSlices } from './reconciler.js';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './slice-utils.js';
import { finalizeSlices } from './finalize.js';
import {
  EndpointSliceTracker,
  podServiceMemberships,
  serviceSelector,
  servicesToUpdateOnPodChange,
  TriggerTimeTracker,
} from '../common/endpoints/index.js';

/** The `managed-by` value of the slices this controller writes. */
export const CONTROLLER_QUALIFIED_NAME = 'endpointslice-controller.k8s.io';

/** Upstream's `--max-endpoints-per-slice` default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

/** Upstream's `endpointSliceChangeMinSyncDelay`: slice events are batched for a second. */
const SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1_000;

/**
 * The manager flags this controller reads beyond {@link ControllerContext.options}' declared ones
 * (`--max-endpoints-per-slice`, `--endpoint-updates-batch-period`), when the manager provides them.
 */
export interface EndpointSliceOptions {
  maxEndpointsPerSlice?: number;
  endpointUpdatesBatchPeriodMs?: number;
}

/** The slice options of `ctx`, upstream's defaults filled in. */
export function endpointSliceOptions(ctx: ControllerContext): Required<EndpointSliceOptions> {
  const o = ctx.options as Partial<EndpointSliceOptions>;
  return {
    maxEndpointsPerSlice: o.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE,
    endpointUpdatesBatchPeriodMs: o.endpointUpdatesBatchPeriodMs ?? 0,
  };
}

const managedByUs = (s: EndpointSlice) => s.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_QUALIFIED_NAME;
const serviceKeyOf = (s: EndpointSlice): string | undefined => {
  const name = s.metadata?.labels?.[LABEL_SERVICE_NAME];
  return name ? `${s.metadata?.namespace}/${name}` : undefined;
};

/** `endpointslice-controller`: EndpointSlices for selector-based Services. */
export const endpointSliceController: ControllerDescriptor = {
  name: 'endpointslice-controller',
  aliases: ['endpointslice'],
  init(ctx) {
    const services = informerOf<Service>(ctx, RESOURCES.services);
    const pods = informerOf<Pod>(ctx, RESOURCES.pods);
    const nodes = informerOf<Node>(ctx, RESOURCES.nodes);
    const slices = informerOf<EndpointSlice>(ctx, RESOURCES.endpointslices);
    const client = clientOf<EndpointSlice>(ctx, RESOURCES.endpointslices);
    const recorder = ctx.recorder('endpoint-slice-controller');
    const log = ctx.log.child({ controller: 'endpointslice-controller' });
    const { maxEndpointsPerSlice, endpointUpdatesBatchPeriodMs: batch } = endpointSliceOptions(ctx);
    const tracker = new EndpointSliceTracker();
    const triggerTimes = new TriggerTimeTracker();

    const reconcile = async (key: string): Promise<void> => {
      const { namespace, name } = splitKey(key);
      const service = services.lister.get(namespace, name);
      if (!service) {
        triggerTimes.deleteService(namespace, name);
        tracker.deleteService(namespace, name);
        // The garbage collector deletes the slices the service owned.
        return;
      }
      if (service.spec?.type === 'ExternalName') return;
      const selector = serviceSelector(service);
      if (!selector) return;
      const svc: Service = { ...service, apiVersion: 'v1', kind: 'Service' };

      const selected = pods.lister.listInNamespace(namespace, selectorFromSet(selector));
      const existing = slices.lister
        .listInNamespace(
          namespace,
          selectorFromSet({ [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: CONTROLLER_QUALIFIED_NAME }),
        )
        .filter((s) => !s.metadata?.deletionTimestamp);
      if (tracker.staleSlices(namespace, name, existing))
        throw new Error('EndpointSlice informer cache is out of date');
      const triggerTime = triggerTimes.compute(namespace, svc, selected);

      const plan = planEndpointSlices({
        service: svc,
        pods: selected,
        existing,
        getNode: (n) => (n ? nodes.lister.get(undefined, n) : undefined),
        maxEndpointsPerSlice,
        controllerName: CONTROLLER_QUALIFIED_NAME,
      });
      try {
        await finalizeSlices(client, tracker, svc, plan, triggerTime);
      } catch (err) {
        recorder.eventf(
          svc,
          'Warning',
          'FailedToUpdateEndpointSlices',
          'Error updating Endpoint Slices for Service %s/%s: %v',
          namespace,
          name,
          String(err),
        );
        throw err;
      }
      if (plan.errors.length) throw new Error(plan.errors.join('; '));
    };

    const controller = new Controller({
      name: 'endpoint_slice',
      reconcile,
      // Upstream backs off from 1 s (not 5 ms): a sync can rewrite many slices.
      rateLimiter: new MaxOfRateLimiter<string>(
        new ItemExponentialFailureRateLimiter<string>(1_000, 1_000_000),
        new BucketRateLimiter<string>(10, 100, { clock: ctx.clock }),
      ),
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      onError: (key, err) => log.info({ key, err: String(err) }, 'Error syncing endpoint slices for service, retrying'),
    });
    const queue = controller.queue;
    const addKey = (k: string) => (batch > 0 ? queue.addAfter(k, batch) : queue.add(k));
    const queueForSlice = (s: EndpointSlice) => {
      const k = serviceKeyOf(s);
      if (k) queue.addAfter(k, Math.max(SLICE_CHANGE_MIN_SYNC_DELAY_MS, batch));
    };

    services.addEventHandler({
      onAdd: (s) => queue.add(metaNamespaceKey(s)),
      onUpdate: (_, s) => queue.add(metaNamespaceKey(s)),
      onDelete: (s) => queue.add(metaNamespaceKey(s)),
    });
    const podAdded = (pod: Pod) => {
      for (const k of podServiceMemberships(services.lister, pod)) addKey(k);
    };
    pods.addEventHandler({
      onAdd: podAdded,
      onUpdate: (old, cur) => {
        for (const k of servicesToUpdateOnPodChange(services.lister, old, cur)) addKey(k);
      },
      onDelete: podAdded,
    });
    // Only changes someone else made to our slices (or their manager) need a sync.
    slices.addEventHandler({
      onAdd: (s) => {
        if (managedByUs(s) && tracker.shouldSync(s)) queueForSlice(s);
      },
      onUpdate: (old, cur) => {
        if (old.metadata?.labels?.[LABEL_SERVICE_NAME] !== cur.metadata?.labels?.[LABEL_SERVICE_NAME]) {
          queueForSlice(cur);
          queueForSlice(old);
          return;
        }
        if (managedByUs(old) !== managedByUs(cur) || (managedByUs(cur) && tracker.shouldSync(cur))) queueForSlice(cur);
      },
      onDelete: (s) => {
        if (managedByUs(s) && tracker.has(s) && !tracker.handleDeletion(s)) queueForSlice(s);
      },
    });

    return (signal) => controller.run(workersOf(ctx, 'endpointslice', 5), signal);
  },
};

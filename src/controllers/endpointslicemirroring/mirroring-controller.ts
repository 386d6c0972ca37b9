/**
 * The EndpointSlice mirroring controller (upstream's pkg/controller/endpointslicemirroring): the
 * Endpoints people write by hand for Services without a selector are mirrored into EndpointSlices
 * managed by `endpointslicemirroring-controller.k8s.io`, so that slice consumers (kube-proxy, DNS)
 * see them too. Endpoints labelled `endpointslice.kubernetes.io/skip-mirror: "true"` (the
 * apiserver's own `kubernetes` Endpoints) or holding a leader-election record are not mirrored.
 */
import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from '../../client/workqueue/rate-limiters.js';
import { ApiError, isNotFound } from '../../machinery/errors.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { clientOf, informerOf, RESOURCES, workersOf, type ControllerDescriptor } from '../context.js';
import { EndpointSliceTracker, serviceSelector } from '../common/endpoints/index.js';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME, MIRRORING_CONTROLLER_NAME, planMirroredSlices } from './reconciler.js';

/** Upstream's `--mirroring-max-endpoints-per-subset` default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SUBSET = 1000;

const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** Upstream's `shouldMirror`: not marked skip-mirror, not a leader-election record. */
export function shouldMirror(ep: Endpoints | undefined): boolean {
  if (!ep) return false;
  if (ep.metadata?.labels?.[SKIP_MIRROR] === 'true') return false;
  return ep.metadata?.annotations?.[LEADER_ANNOTATION] === undefined;
}

const namespaceTerminating = (err: unknown) =>
  err instanceof ApiError && !!err.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');

/** `endpointslice-mirroring-controller`: EndpointSlices for hand-made Endpoints. */
export const endpointSliceMirroringController: ControllerDescriptor = {
  name: 'endpointslice-mirroring-controller',
  aliases: ['endpointslicemirroring'],
  init(ctx) {
    const services = informerOf<Service>(ctx, RESOURCES.services);
    const endpoints = informerOf<Endpoints>(ctx, RESOURCES.endpoints);
    const slices = informerOf<EndpointSlice>(ctx, RESOURCES.endpointslices);
    const client = clientOf<EndpointSlice>(ctx, RESOURCES.endpointslices);
    const recorder = ctx.recorder('endpoint-slice-mirroring-controller');
    const log = ctx.log.child({ controller: 'endpointslice-mirroring-controller' });
    const opts = ctx.options as { mirroringMaxEndpointsPerSubset?: number };
    const maxPerSubset = opts.mirroringMaxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET;
    const tracker = new EndpointSliceTracker();

    const mirrored = (namespace: string, name: string) =>
      slices.lister.listInNamespace(
        namespace,
        selectorFromSet({ [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: MIRRORING_CONTROLLER_NAME }),
      );

    const deleteMirrored = async (namespace: string, name: string): Promise<void> => {
      tracker.deleteService(namespace, name);
      const found = mirrored(namespace, name);
      const errs: unknown[] = [];
      for (const s of found) {
        try {
          await client.delete(s.metadata!.name!, { namespace });
        } catch (err) {
          if (!isNotFound(err)) errs.push(err);
        }
      }
      if (errs.length)
        throw new Error(
          `error(s) deleting ${errs.length}/${found.length} EndpointSlices for ${namespace}/${name} Endpoints, including: ${String(errs[0])}`,
        );
    };

    const reconcile = async (key: string): Promise<void> => {
      const { namespace, name } = splitKey(key);
      const ep = endpoints.lister.get(namespace, name);
      const svc = services.lister.get(namespace, name);
      // Not (or no longer) to be mirrored: clean up what we mirrored.
      if (!ep || !shouldMirror(ep) || !svc || serviceSelector(svc)) return deleteMirrored(namespace, name);

      const existing = mirrored(namespace, name);
      if (tracker.staleSlices(namespace, name, existing))
        throw new Error('EndpointSlice informer cache is out of date');
      const owner: Endpoints = { ...ep, apiVersion: 'v1', kind: 'Endpoints' };
      const plan = planMirroredSlices(owner, existing, maxPerSubset);
      if (plan.invalid > 0)
        recorder.eventf(
          owner,
          'Warning',
          'InvalidIPAddress',
          'Skipped %d invalid IP addresses when mirroring to EndpointSlices',
          plan.invalid,
        );
      if (plan.skipped > plan.invalid)
        recorder.eventf(
          owner,
          'Warning',
          'TooManyAddressesToMirror',
          'A max of %d addresses can be mirrored to EndpointSlices per Endpoints subset. %d addresses were skipped',
          maxPerSubset,
          plan.skipped,
        );

      const where = `${namespace}/${name}`;
      if (!ep.metadata?.deletionTimestamp) {
        for (const s of plan.toCreate) {
          try {
            tracker.update(await client.create(s, { namespace }));
          } catch (err) {
            if (namespaceTerminating(err)) return;
            throw new Error(`failed to create EndpointSlice for Endpoints ${where}: ${String(err)}`);
          }
        }
      }
      for (const s of plan.toUpdate) {
        try {
          tracker.update(await client.update(s, { namespace }));
        } catch (err) {
          throw new Error(`failed to update ${s.metadata?.name} EndpointSlice for Endpoints ${where}: ${String(err)}`);
        }
      }
      for (const s of plan.toDelete) {
        try {
          await client.delete(s.metadata!.name!, { namespace });
        } catch (err) {
          if (!isNotFound(err))
            throw new Error(
              `failed to delete ${s.metadata?.name} EndpointSlice for Endpoints ${where}: ${String(err)}`,
            );
        }
        tracker.expectDeletion(s);
      }
    };

    const controller = new Controller({
      name: 'endpoint_slice_mirroring',
      reconcile,
      rateLimiter: new MaxOfRateLimiter<string>(
        new ItemExponentialFailureRateLimiter<string>(1_000, 100_000),
        new BucketRateLimiter<string>(10, 100, { clock: ctx.clock }),
      ),
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      onError: (key, err) =>
        log.info({ key, err: String(err) }, 'Error mirroring EndpointSlices for Endpoints, retrying'),
    });
    const queue = controller.queue;
    const enqueue = (o: Service | Endpoints) => queue.add(metaNamespaceKey(o));
    const managedByUs = (s: EndpointSlice) => s.metadata?.labels?.[LABEL_MANAGED_BY] === MIRRORING_CONTROLLER_NAME;
    const queueForSlice = (s: EndpointSlice) => {
      const svcName = s.metadata?.labels?.[LABEL_SERVICE_NAME];
      if (svcName) queue.add(`${s.metadata?.namespace}/${svcName}`);
    };

    services.addEventHandler({
      onAdd: (s) => !serviceSelector(s) && enqueue(s),
      onUpdate: (old, cur) => !serviceSelector(old) !== !serviceSelector(cur) && enqueue(cur),
      onDelete: (s) => !serviceSelector(s) && enqueue(s),
    });
    endpoints.addEventHandler({
      onAdd: (e) => shouldMirror(e) && enqueue(e),
      onUpdate: (old, cur) => (shouldMirror(old) || shouldMirror(cur)) && enqueue(cur),
      onDelete: (e) => shouldMirror(e) && enqueue(e),
    });
    slices.addEventHandler({
      onAdd: (s) => managedByUs(s) && tracker.shouldSync(s) && queueForSlice(s),
      onUpdate: (old, cur) => {
        if (old.metadata?.labels?.[LABEL_SERVICE_NAME] !== cur.metadata?.labels?.[LABEL_SERVICE_NAME]) {
          queueForSlice(cur);
          queueForSlice(old);
        } else if (managedByUs(old) !== managedByUs(cur) || (managedByUs(cur) && tracker.shouldSync(cur)))
          queueForSlice(cur);
      },
      onDelete: (s) => managedByUs(s) && tracker.has(s) && !tracker.handleDeletion(s) && queueForSlice(s),
    });

    return (signal) => controller.run(workersOf(ctx, 'endpointslicemirroring', 5), signal);
  },
};

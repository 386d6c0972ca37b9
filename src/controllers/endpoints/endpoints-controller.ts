/**
 * The Endpoints controller (upstream's pkg/controller/endpoint): for every Service with a
 * selector, an Endpoints object of the same name listing the selected pods' addresses — ready
 * ones in `addresses`, the others in `notReadyAddresses` — per resolved port, in the canonical
 * repacked layout. Services without a selector keep the Endpoints their owners write; the
 * Endpoints of a deleted Service are deleted.
 */
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.js';
import { Controller, splitKey } from '../../client/controller/controller.js';
import { metaNamespaceKey } from '../../client/informers/store.js';
import { selectorFromSet } from '../../machinery/labels.js';
import { ApiError, isNotFound } from '../../machinery/errors.js';
import { clientOf, informerOf, RESOURCES, workersOf, type ControllerDescriptor } from '../context.js';
import {
  formatRFC3339Nano,
  isServiceIPSet,
  LAST_CHANGE_TRIGGER_TIME,
  podServiceMemberships,
  serviceSelector,
  servicesToUpdateOnPodChange,
  TriggerTimeTracker,
} from '../common/endpoints/index.js';
import {
  capacityAnnotationSetCorrectly,
  computeSubsets,
  OVER_CAPACITY,
  subsetsEqualIgnoringResourceVersion,
  TRUNCATED,
  truncateSubsets,
} from './subsets.js';

/** The label marking the Endpoints of a headless service (`v1.IsHeadlessService`). */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** Endpoints carrying this annotation are leader-election records, not a service's (never deleted). */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

const COMPONENT = 'endpoint-controller';

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => a?.[k] === b?.[k]);
}

/** True when the API refused a create because the namespace is terminating. */
export function namespaceTerminating(err: unknown): boolean {
  return err instanceof ApiError && !!err.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');
}

/** `endpoints-controller`: Endpoints for selector-based Services. */
export const endpointsController: ControllerDescriptor = {
  name: 'endpoints-controller',
  aliases: ['endpoint'],
  init(ctx) {
    const services = informerOf<Service>(ctx, RESOURCES.services);
    const pods = informerOf<Pod>(ctx, RESOURCES.pods);
    const endpoints = informerOf<Endpoints>(ctx, RESOURCES.endpoints);
    const client = clientOf<Endpoints>(ctx, RESOURCES.endpoints);
    const recorder = ctx.recorder(COMPONENT);
    const log = ctx.log.child({ controller: 'endpoints-controller' });
    const triggerTimes = new TriggerTimeTracker();
    // Upstream's staleEndpointsTracker: the resourceVersion each Endpoints had before our last
    // update; seeing it again in the cache means the informer has not caught up yet.
    const staleVersions = new Map<string, string>();

    const reconcile = async (key: string): Promise<void> => {
      const { namespace, name } = splitKey(key);
      // The apiserver writes the `kubernetes` Endpoints itself (its bootstrap reconciler).
      if (namespace === 'default' && name === 'kubernetes') return;
      const svc = services.lister.get(namespace, name);
      if (!svc) {
        try {
          await client.delete(name, { namespace });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        triggerTimes.deleteService(namespace, name);
        staleVersions.delete(key);
        return;
      }
      if (svc.spec?.type === 'ExternalName') return;
      const selector = serviceSelector(svc);
      if (!selector) return;

      const selected = pods.lister.listInNamespace(namespace, selectorFromSet(selector));
      const triggerTime = triggerTimes.compute(namespace, svc, selected);
      const { subsets } = computeSubsets(svc, selected);

      const current = endpoints.lister.get(namespace, name);
      if (current && staleVersions.get(key) === current.metadata?.resourceVersion)
        throw new Error(
          `endpoints informer cache is out of date, resource version ${current.metadata?.resourceVersion} already processed for endpoints ${key}`,
        );
      const svcLabels = svc.metadata?.labels ?? {};
      if (current) {
        const compareLabels = { ...current.metadata?.labels };
        delete compareLabels[HEADLESS_LABEL];
        if (
          subsetsEqualIgnoringResourceVersion(current.subsets, subsets) &&
          sameMap(compareLabels, svcLabels) &&
          capacityAnnotationSetCorrectly(current.metadata?.annotations, current.subsets)
        )
          return;
      }

      const next: Endpoints = current ? structuredClone(current) : { metadata: { name, namespace } };
      next.apiVersion = 'v1';
      next.kind = 'Endpoints';
      next.subsets = subsets;
      const annotations: Record<string, string> = { ...next.metadata!.annotations };
      if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = formatRFC3339Nano(triggerTime);
      else delete annotations[LAST_CHANGE_TRIGGER_TIME];
      if (truncateSubsets(subsets)) annotations[OVER_CAPACITY] = TRUNCATED;
      else delete annotations[OVER_CAPACITY];
      next.metadata!.annotations = annotations;
      const labels: Record<string, string> = { ...svcLabels };
      if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
      else delete labels[HEADLESS_LABEL];
      next.metadata!.labels = labels;

      try {
        if (!current) await client.create(next, { namespace });
        else {
          const updated = await client.update(next, { namespace });
          if (updated.metadata?.resourceVersion !== current.metadata?.resourceVersion)
            staleVersions.set(key, current.metadata?.resourceVersion ?? '');
        }
      } catch (err) {
        if (!current && namespaceTerminating(err)) return;
        if (!current)
          recorder.eventf(
            next,
            'Warning',
            'FailedToCreateEndpoint',
            'Failed to create endpoint for service %v/%v: %v',
            namespace,
            name,
            String(err),
          );
        else
          recorder.eventf(
            next,
            'Warning',
            'FailedToUpdateEndpoint',
            'Failed to update endpoint %v/%v: %v',
            namespace,
            name,
            String(err),
          );
        throw err;
      }
    };

    const controller = new Controller({
      name: 'endpoint',
      reconcile,
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      onError: (key, err) => log.info({ key, err: String(err) }, 'Error syncing endpoints, retrying'),
    });
    const queue = controller.queue;
    const enqueue = (obj: Service | Endpoints) => queue.add(metaNamespaceKey(obj));

    services.addEventHandler({ onAdd: enqueue, onUpdate: (_, cur) => enqueue(cur), onDelete: enqueue });
    endpoints.addEventHandler({ onDelete: enqueue });
    const podAdded = (pod: Pod) => {
      for (const k of podServiceMemberships(services.lister, pod)) queue.add(k);
    };
    pods.addEventHandler({
      onAdd: podAdded,
      onUpdate: (old, cur) => {
        for (const k of servicesToUpdateOnPodChange(services.lister, old, cur)) queue.add(k);
      },
      onDelete: podAdded,
    });

    return async (signal) => {
      // Upstream's checkLeftoverEndpoints: Endpoints whose Service went while we were down.
      for (const ep of endpoints.lister.list()) {
        if (ep.metadata?.annotations?.[LEADER_ANNOTATION] !== undefined) continue;
        queue.add(metaNamespaceKey(ep));
      }
      await controller.run(workersOf(ctx, 'endpoint', 5), signal);
    };
  },
};

/**
 * Writes an EndpointSlice plan (upstream's `Reconciler.finalize`): creates turned into updates of
 * slices about to be deleted, then creates (not while the service is being deleted), updates and
 * deletes, each recorded in the tracker, with the last-change-trigger-time annotation.
 */
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { ApiError, isNotFound } from '../../machinery/errors.js';
import { recycleDeletes, type SlicePlan } from './reconciler.js';
import { formatRFC3339Nano, LAST_CHANGE_TRIGGER_TIME, type EndpointSliceTracker } from '../common/endpoints/index.js';

/** Sets (or, for 0, drops) the trigger time annotation. */
export function setTriggerTime(slice: EndpointSlice, triggerTime: number): void {
  const annotations = { ...slice.metadata!.annotations };
  if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = formatRFC3339Nano(triggerTime);
  else delete annotations[LAST_CHANGE_TRIGGER_TIME];
  slice.metadata!.annotations = annotations;
}

const namespaceTerminating = (err: unknown) =>
  err instanceof ApiError && !!err.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');

/** Applies `plan` for `service` through `client`; throws upstream's messages on the first failure. */
export async function finalizeSlices(
  client: ResourceClient<EndpointSlice>,
  tracker: EndpointSliceTracker,
  service: Service,
  plan: SlicePlan,
  triggerTime: number,
): Promise<void> {
  recycleDeletes(plan, service);
  const ns = service.metadata?.namespace ?? '';
  const svc = `${ns}/${service.metadata?.name}`;
  // Creating while the GC deletes the service's slices would race it.
  if (!service.metadata?.deletionTimestamp) {
    for (const slice of plan.toCreate) {
      setTriggerTime(slice, triggerTime);
      try {
        tracker.update(await client.create(slice, { namespace: ns }));
      } catch (err) {
        if (namespaceTerminating(err)) return;
        throw new Error(`failed to create EndpointSlice for Service ${svc}: ${String(err)}`);
      }
    }
  }
  for (const slice of plan.toUpdate) {
    setTriggerTime(slice, triggerTime);
    try {
      tracker.update(await client.update(slice, { namespace: ns }));
    } catch (err) {
      throw new Error(`failed to update ${slice.metadata?.name} EndpointSlice for Service ${svc}: ${String(err)}`);
    }
  }
  for (const slice of plan.toDelete) {
    try {
      await client.delete(slice.metadata!.name!, { namespace: ns });
    } catch (err) {
      if (isNotFound(err)) continue;
      throw new Error(`failed to delete ${slice.metadata?.name} EndpointSlice for Service ${svc}: ${String(err)}`);
    }
    tracker.expectDeletion(slice);
  }
}

/**
 * The EndpointSlice reconciler's plan (upstream's staging/src/k8s.io/endpointslice reconciler.go,
 * without topology hints): given a service, its pods and the slices it has, which slices to
 * create, update and delete so that every desired endpoint is in exactly one slice of its port
 * group, no slice holds more than the maximum, and existing slices change as little as possible.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import {
  addressTypesForService,
  endpointSliceLabels,
  getEndpointPorts,
  getSliceToFill,
  newEndpointSlice,
  ownedBy,
  podToEndpoint,
  type AddressType,
  type EndpointMeta,
} from './slice-utils.js';
import {
  EndpointSet,
  endpointsEqualBeyondHash,
  portMapKey,
  shouldPodBeInEndpoints,
} from '../common/endpoints/index.js';

/** What a reconcile changes. Slices to create have `generateName`, no name. */
export interface SlicePlan {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
  /** Problems that did not stop the plan (a pod on an unknown node): the sync is retried. */
  errors: string[];
}

export interface PlanInput {
  service: Service;
  pods: readonly Pod[];
  existing: readonly EndpointSlice[];
  getNode(name: string): Node | undefined;
  maxEndpointsPerSlice: number;
  controllerName: string;
}

/** A copy to modify (the API may send a slice's endpoints as null). */
function clone(slice: EndpointSlice): EndpointSlice {
  const c = structuredClone(slice);
  c.endpoints ??= [];
  return c;
}

/** Upstream's `Reconcile`: the plan for every address type the service has. */
export function planEndpointSlices(input: PlanInput): SlicePlan {
  const plan: SlicePlan = { toCreate: [], toUpdate: [], toDelete: [], errors: [] };
  const types = addressTypesForService(input.service);
  const byType = new Map<AddressType, EndpointSlice[]>();
  for (const s of input.existing) {
    const t = s.addressType as AddressType;
    if (!types.has(t)) plan.toDelete.push(s);
    else byType.set(t, [...(byType.get(t) ?? []), s]);
  }
  for (const t of types) {
    const p = planByAddressType(input, byType.get(t) ?? [], t);
    plan.toCreate.push(...p.toCreate);
    plan.toUpdate.push(...p.toUpdate);
    plan.toDelete.push(...p.toDelete);
    plan.errors.push(...p.errors);
  }
  return plan;
}

function planByAddressType(input: PlanInput, existing: readonly EndpointSlice[], addressType: AddressType): SlicePlan {
  const { service, controllerName } = input;
  const plan: SlicePlan = { toCreate: [], toUpdate: [], toDelete: [], errors: [] };
  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    if (!ownedBy(s, service)) {
      plan.toDelete.push(s);
      continue;
    }
    const k = portMapKey(s.ports);
    existingByPorts.set(k, [...(existingByPorts.get(k) ?? []), s]);
  }

  const desiredMeta = new Map<string, EndpointMeta>();
  const desired = new Map<string, EndpointSet>();
  for (const pod of input.pods) {
    // Terminating pods stay, with their conditions saying so.
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = getEndpointPorts(service, pod);
    const k = portMapKey(ports);
    if (!desired.has(k)) {
      desired.set(k, new EndpointSet());
      desiredMeta.set(k, { ports, addressType });
    }
    const nodeName = pod.spec?.nodeName ?? '';
    const node = input.getNode(nodeName);
    if (!node && !service.spec?.publishNotReadyAddresses) {
      // Left out for now, retried: the pod GC removes pods of nodes that are really gone.
      plan.errors.push(
        `skipping Pod ${pod.metadata?.name} for Service ${service.metadata?.namespace}/${service.metadata?.name}: Node ${nodeName} Not Found`,
      );
      continue;
    }
    const ep = podToEndpoint(pod, node, service, addressType);
    if (ep.addresses.length > 0) desired.get(k)!.insert(ep);
  }

  for (const [k, set] of desired) {
    const p = planByPortMapping(input, existingByPorts.get(k) ?? [], set, desiredMeta.get(k)!);
    plan.toCreate.push(...p.toCreate);
    plan.toUpdate.push(...p.toUpdate);
    plan.toDelete.push(...p.toDelete);
  }
  for (const [k, slices] of existingByPorts) if (!desired.has(k)) plan.toDelete.push(...slices);

  // A service with no endpoints still gets one empty slice (upstream's placeholder).
  if (existing.length === plan.toDelete.length && plan.toCreate.length === 0) {
    const placeholder = newEndpointSlice(service, { ports: [], addressType }, controllerName);
    if (plan.toDelete.length === 1 && isPlaceholder(plan.toDelete[0], placeholder)) plan.toDelete = [];
    else plan.toCreate.push(placeholder);
  }
  return plan;
}

/** Upstream's `placeholderSliceCompare`: same namespace, labels, owners, and no endpoints or ports. */
function isPlaceholder(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  const labels = (s: EndpointSlice) => JSON.stringify(Object.entries(s.metadata?.labels ?? {}).sort());
  const owners = (s: EndpointSlice) =>
    JSON.stringify(
      (s.metadata?.ownerReferences ?? []).map((o) => [o.apiVersion, o.kind, o.name, o.uid, !!o.controller]),
    );
  return (
    slice.metadata?.namespace === placeholder.metadata?.namespace &&
    labels(slice) === labels(placeholder) &&
    owners(slice) === owners(placeholder) &&
    slice.addressType === placeholder.addressType &&
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0
  );
}

/**
 * Upstream's `reconcileByPortMapping`: (1) keep the desired endpoints already in slices, updating
 * changed ones and dropping unwanted ones (a slice left empty is deleted); (2) top up the slices
 * being updated anyway, fullest first; (3) put what is left in the unchanged slice it fits best,
 * else in new slices.
 */
function planByPortMapping(
  input: PlanInput,
  existing: readonly EndpointSlice[],
  desired: EndpointSet,
  meta: EndpointMeta,
): Pick<SlicePlan, 'toCreate' | 'toUpdate' | 'toDelete'> {
  const { service, controllerName, maxEndpointsPerSlice: max } = input;
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  for (const slice of existing) {
    const name = slice.metadata!.name!;
    byName.set(name, slice);
    const kept = [];
    let changed = false;
    for (const ep of slice.endpoints ?? []) {
      const want = desired.get(ep);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondHash(want, ep)) changed = true;
      desired.delete(ep);
    }
    const [labels, labelsChanged] = endpointSliceLabels(slice, service, controllerName);
    if (changed || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        const next = clone(slice);
        next.endpoints = kept;
        next.metadata!.labels = labels;
        byName.set(name, next);
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      const next = clone(slice);
      next.metadata!.labels = labels;
      byName.set(name, next);
      toUpdate.add(name);
    } else unchanged.add(name);
  }

  if (desired.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate].map((n) => byName.get(n)!);
    slices.sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) while (desired.size > 0 && s.endpoints.length < max) s.endpoints.push(desired.popAny()!);
  }

  const toCreate: EndpointSlice[] = [];
  while (desired.size > 0) {
    let fill: EndpointSlice | undefined;
    if (desired.size < max && unchanged.size > 0) {
      const found = getSliceToFill(
        [...unchanged].map((n) => byName.get(n)!),
        desired.size,
        max,
      );
      if (found) {
        fill = clone(found);
        byName.set(fill.metadata!.name!, fill);
      }
    }
    fill ??= newEndpointSlice(service, meta, controllerName);
    while (desired.size > 0 && fill.endpoints.length < max) fill.endpoints.push(desired.popAny()!);
    if (fill.metadata?.name) {
      toUpdate.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else toCreate.push(fill);
  }

  return {
    toCreate,
    toUpdate: [...toUpdate].map((n) => byName.get(n)!),
    toDelete: [...toDelete].map((n) => byName.get(n)!),
  };
}

/**
 * Upstream's `finalize` first step: a create and a delete of the same address type become an
 * update of the slice that would be deleted (if the service owns it). Mutates `plan`.
 */
export function recycleDeletes(plan: SlicePlan, service: Service): void {
  for (let i = 0; i < plan.toDelete.length && plan.toCreate.length > 0;) {
    const del = plan.toDelete[i];
    const create = plan.toCreate[plan.toCreate.length - 1];
    if (del.addressType === create.addressType && ownedBy(del, service)) {
      // The update replaces the old object: keep its name and version for the write.
      create.metadata = {
        ...create.metadata,
        generateName: undefined,
        name: del.metadata!.name,
        resourceVersion: del.metadata?.resourceVersion,
      };
      plan.toCreate.pop();
      plan.toUpdate.push(create);
      plan.toDelete.splice(i, 1);
    } else i++;
  }
}

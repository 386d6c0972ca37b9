/**
 * The quota resource names each evaluator of upstream's registry tracks (`pkg/quota/v1/evaluator/core`
 * and the generic object-count evaluator): pods' compute names, services', claims' (also per storage
 * class), `count/<resource>[.<group>]` for anything, and the four legacy count aliases.
 */
import { isQualifiedName } from '../../machinery/validation/names.js';
/** A group and resource (`apps`, `deployments`). */
export interface GroupResource {
  group: string;
  resource: string;
}

/** Upstream's `ObjectCountQuotaResourceNameFor`: `count/pods`, `count/deployments.apps`. */
export const objectCountName = (gr: GroupResource): string =>
  gr.group ? `count/${gr.resource}.${gr.group}` : `count/${gr.resource}`;

/** Core resources also counted under their old quota name. */
export const LEGACY_COUNT_ALIASES: Readonly<Record<string, string>> = {
  configmaps: 'configmaps',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
  secrets: 'secrets',
};

/** Upstream's default ignored resources: never quota'd. */
const IGNORED = new Set([
  '/bindings',
  '/componentstatuses',
  '/events',
  'events.k8s.io/events',
  'authentication.k8s.io/tokenreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
]);

export const isIgnoredResource = (gr: GroupResource): boolean => IGNORED.has(`${gr.group}/${gr.resource}`);

/** Which evaluator measures a resource. */
export type EvaluatorKind = 'pods' | 'services' | 'persistentvolumeclaims' | 'generic';

export function evaluatorKind(gr: GroupResource): EvaluatorKind {
  if (
    gr.group === '' &&
    (gr.resource === 'pods' || gr.resource === 'services' || gr.resource === 'persistentvolumeclaims')
  ) {
    return gr.resource;
  }
  return 'generic';
}

export const POD_RESOURCES: readonly string[] = [
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
];
const POD_PREFIXES = ['hugepages-', 'requests.hugepages-'];
export const SERVICE_RESOURCES: readonly string[] = [
  'count/services',
  'services',
  'services.nodeports',
  'services.loadbalancers',
];
const PVC_RESOURCES = ['persistentvolumeclaims', 'requests.storage'];
export const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

/** Upstream's `IsNativeResource`: no domain, or a `kubernetes.io/` one. */
export const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');

/** Upstream's `IsExtendedResourceName` (`example.com/gpu`). */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Upstream's `isExtendedResourceNameForQuota`: `requests.example.com/gpu`. */
const isExtendedQuotaName = (name: string) => !isNativeResource(name) && name.startsWith('requests.');

function podMatches(name: string): boolean {
  return POD_RESOURCES.includes(name) || POD_PREFIXES.some((p) => name.startsWith(p)) || isExtendedQuotaName(name);
}

function pvcMatches(name: string): boolean {
  return (
    name === 'count/persistentvolumeclaims' ||
    PVC_RESOURCES.includes(name) ||
    PVC_RESOURCES.some((r) => name.endsWith(STORAGE_CLASS_SUFFIX + r))
  );
}

/** The generic evaluator's names for a resource: its count name and any legacy alias. */
export function genericNames(gr: GroupResource): string[] {
  const alias = gr.group === '' ? LEGACY_COUNT_ALIASES[gr.resource] : undefined;
  return alias ? [objectCountName(gr), alias] : [objectCountName(gr)];
}

/** Upstream's `MatchingResources` of the evaluator for `gr`: the names of `names` it tracks. */
export function matchingResources(gr: GroupResource, names: Iterable<string>): string[] {
  const kind = evaluatorKind(gr);
  const generic = kind === 'generic' ? genericNames(gr) : [];
  return [...names].filter((n) =>
    kind === 'pods'
      ? podMatches(n)
      : kind === 'services'
        ? SERVICE_RESOURCES.includes(n)
        : kind === 'persistentvolumeclaims'
          ? pvcMatches(n)
          : generic.includes(n),
  );
}

/**
 * Whether some evaluator measures a quota name, so the controller can compute it: every pod,
 * service and claim name, the legacy aliases, and any `count/…` of a resource quota does not ignore
 * (assumed to be served).
 */
export function isTrackedName(name: string): boolean {
  return (
    podMatches(name) ||
    SERVICE_RESOURCES.includes(name) ||
    pvcMatches(name) ||
    Object.hasOwn(LEGACY_COUNT_ALIASES, name) ||
    (name.startsWith('count/') && !isIgnoredResource(countedResource(name)))
  );
}

/** The resource a `count/<resource>[.<group>]` name counts. */
export function countedResource(name: string): GroupResource {
  const rest = name.slice('count/'.length);
  const dot = rest.indexOf('.');
  return dot < 0 ? { group: '', resource: rest } : { group: rest.slice(dot + 1), resource: rest.slice(0, dot) };
}

/**
 * The resource registry: every resource the apiserver serves, with the group, version, kind,
 * scope, names, verbs and subresources that upstream Kubernetes 1.32 discovery shows, and where
 * upstream keeps it in etcd. Discovery, the REST handlers, storage, RBAC and kubectl's name
 * resolution all read this one table, so that they agree with each other and with upstream.
 */
import { RESOURCE_DATA } from './resource-data.js';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface SubresourceInfo {
  subresource: string;
  /**
   * As aggregated discovery shows it: an empty group and version mean the parent resource's
   * (`status` → `{ group: '', version: '', kind: 'Deployment' }`); a kind from elsewhere names its
   * group and version (`scale` → `autoscaling/v1 Scale`). {@link subresourceKind} resolves both.
   */
  responseKind: GroupVersionKind;
  verbs: string[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singularName: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
  /** Key prefix under the etcd prefix, e.g. 'services/specs'; undefined = not stored. */
  etcdPrefix?: string;
  /** The group/version objects of this resource are stored as (same prefix may be shared). */
  storageVersion?: { group: string; version: string };
  /** Set for a resource a CustomResourceDefinition defines. */
  custom?: CustomResourceInfo;
}

/** A column of `kubectl get` for a custom resource (a CRD's `additionalPrinterColumns` entry). */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** What a CustomResourceDefinition says about one served version of its resource. */
export interface CustomResourceInfo {
  /** The CRD's name, `<plural>.<group>`. */
  crd: string;
  /** The version's `schema.openAPIV3Schema`. */
  schema: Record<string, unknown>;
  /** The version's printer columns (an Age column when it names none, as upstream serves). */
  columns: PrinterColumn[];
  /** The version's scale subresource, when it has one. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** Whether the CRD is being deleted: its objects can still be read and deleted, not created. */
  terminating: boolean;
}

export interface GroupInfo {
  name: string;
  versions: string[];
  preferredVersion: string;
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

/**
 * Every served resource, frozen, in upstream discovery order: core `v1` first (sorted by resource
 * name), then the groups in `/apis` order, each group's versions preferred first, each version's
 * resources sorted by name. `kubectl api-resources` prints them in this order.
 */
export const RESOURCES: readonly ResourceInfo[] = deepFreeze(RESOURCE_DATA);

const gvKey = (group: string, version: string) => `${group}/${version}`;
const byResource = new Map<string, ResourceInfo>();
const byKind = new Map<string, ResourceInfo>();
const byGroupVersion = new Map<string, ResourceInfo[]>();
for (const r of RESOURCES) {
  const gv = gvKey(r.group, r.version);
  byResource.set(`${gv}/${r.resource}`, r);
  byKind.set(`${gv}/${r.kind}`, r);
  const list = byGroupVersion.get(gv);
  if (list) list.push(r);
  else byGroupVersion.set(gv, [r]);
}

/** The resource `resource` (plural, exact) of `group`/`version` (core is group ''), if served. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return byResource.get(`${gvKey(group, version)}/${resource}`);
}

/** The resource whose objects are `kind` (exact case) in `group`/`version`, if served. */
export function findKind(group: string, version: string, kind: string): ResourceInfo | undefined {
  return byKind.get(`${gvKey(group, version)}/${kind}`);
}

/** The served resources of one group-version in discovery order; empty when not served. */
export function resourcesOf(group: string, version: string): ResourceInfo[] {
  return [...(byGroupVersion.get(gvKey(group, version)) ?? [])];
}

/**
 * The groups of `resources` in the order they first appear (core "" excluded), each with its
 * versions in order of appearance and the first as preferred.
 */
export function groupsOf(resources: readonly ResourceInfo[]): GroupInfo[] {
  const out: GroupInfo[] = [];
  for (const r of resources) {
    if (r.group === '') continue;
    let g = out.find((x) => x.name === r.group);
    if (!g) {
      g = { name: r.group, versions: [], preferredVersion: r.version };
      out.push(g);
    }
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}

const groups = groupsOf(RESOURCES);

/**
 * API groups in upstream's `/apis` order (core "" excluded), with versions newest/preferred first
 * as upstream lists them. Returns fresh objects the caller may change.
 */
export function apiGroups(): GroupInfo[] {
  return groups.map((g) => ({ ...g, versions: [...g.versions] }));
}

/** The preferred version of `group` ('v1' for core), or undefined when the group is not served. */
export function preferredVersion(group: string): string | undefined {
  if (group === '') return 'v1';
  return groups.find((g) => g.name === group)?.preferredVersion;
}

interface Wanted {
  name: string;
  group?: string;
  version?: string;
}

const nameMatches = (r: ResourceInfo, name: string) =>
  r.resource === name || r.singularName === name || r.shortNames.includes(name) || r.kind.toLowerCase() === name;

/**
 * Resolves what kubectl or a user types: plural, singular, short name or kind (any case),
 * optionally `res.group` or `res.version.group` (`deploy`, `deployments.apps`,
 * `deployments.v1.apps`, `hpa.autoscaling`, `pods.v1.` for core). Like kubectl's
 * `ParseResourceArg`, a name with two or more dots is tried as `res.version.group` first, then as
 * `res.group`. Matches come in discovery order, so the first is what kubectl would pick (core
 * before groups, the preferred version first); none matched gives [].
 */
export function resolveResource(name: string): ResourceInfo[] {
  const arg = name.trim().toLowerCase();
  if (!arg) return [];
  const dot = arg.indexOf('.');
  const wanted: Wanted[] = [];
  if (dot < 0) {
    wanted.push({ name: arg });
  } else {
    const parts = arg.split('.');
    if (parts.length >= 3) {
      wanted.push({ name: parts[0], version: parts[1], group: parts.slice(2).join('.') });
    }
    wanted.push({ name: arg.slice(0, dot), group: arg.slice(dot + 1) });
  }
  const found: ResourceInfo[] = [];
  for (const w of wanted) {
    for (const r of RESOURCES) {
      if (w.group !== undefined && r.group !== w.group) continue;
      if (w.version !== undefined && r.version !== w.version) continue;
      if (nameMatches(r, w.name) && !found.includes(r)) found.push(r);
    }
  }
  return found;
}

/** The subresource `name` of `r` (`status`, `scale`, `log` …), if upstream serves it. */
export function findSubresource(r: ResourceInfo, name: string): SubresourceInfo | undefined {
  return r.subresources.find((s) => s.subresource === name);
}

/**
 * The full group/version/kind a subresource request answers with: `deployments/status` →
 * apps/v1 Deployment, `deployments/scale` → autoscaling/v1 Scale, `pods/binding` → v1 Binding.
 * Undefined when `r` has no such subresource.
 */
export function subresourceKind(r: ResourceInfo, name: string): GroupVersionKind | undefined {
  const s = findSubresource(r, name);
  if (!s) return undefined;
  const { group, version, kind } = s.responseKind;
  return group === '' && version === '' ? { group: r.group, version: r.version, kind } : { group, version, kind };
}

/** `apps/v1`, or `v1` for the core group: the `apiVersion` of objects served by `r`. */
export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/**
 * The etcd key of one object, as upstream lays it out: `<prefix>/<etcdPrefix>/<namespace>/<name>`
 * for namespaced resources, `<prefix>/<etcdPrefix>/<name>` for cluster-scoped ones (`namespace` is
 * then ignored). With `name` omitted, the key prefix that lists the namespace (or all objects when
 * `namespace` is empty too), ending in `/`. `prefix` is `--etcd-prefix`, `/registry` by default.
 * Throws when `r` is not stored, or when a namespaced object's key is asked without a namespace.
 */
export function storageKey(r: ResourceInfo, namespace?: string, name?: string, prefix = '/registry'): string {
  if (r.etcdPrefix === undefined) {
    throw new Error(`${r.resource}${r.group ? '.' + r.group : ''} is not stored`);
  }
  if (r.namespaced && name !== undefined && !namespace) {
    throw new Error(`${r.resource} "${name}": a namespace is required`);
  }
  const base = `${prefix.replace(/\/+$/, '')}/${r.etcdPrefix}/`;
  const ns = r.namespaced && namespace ? `${namespace}/` : '';
  return name === undefined ? base + ns : base + ns + name;
}

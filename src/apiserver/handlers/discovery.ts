/**
 * Discovery as upstream serves it: the legacy documents (`/api`, `/apis`, `/api/v1`,
 * `/apis/<g>`, `/apis/<g>/<v>`) and the aggregated `apidiscovery.k8s.io` v2 and v2beta1 lists
 * that kubectl asks for first. All are built from the served resources, custom ones included.
 */
import { groupsOf, type ResourceInfo, type GroupInfo } from '../../api/resources.js';
import { sendJSON, type Req, type Res } from '../http.js';

const NO_CACHE = { 'Cache-Control': 'no-cache, private' };

const scope = (r: ResourceInfo) => (r.namespaced ? 'Namespaced' : 'Cluster');

function apiResource(r: ResourceInfo) {
  const out: Record<string, unknown> = {
    name: r.resource,
    singularName: r.singularName,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  };
  if (r.shortNames.length) out.shortNames = r.shortNames;
  if (r.categories.length) out.categories = r.categories;
  return out;
}

type Resources = readonly ResourceInfo[];

const resourcesOf = (all: Resources, group: string, version: string) =>
  all.filter((r) => r.group === group && r.version === version);

function resourceList(all: Resources, group: string, version: string) {
  const resources: unknown[] = [];
  for (const r of resourcesOf(all, group, version)) {
    resources.push(apiResource(r));
    for (const s of r.subresources) {
      const sub: Record<string, unknown> = {
        name: `${r.resource}/${s.subresource}`,
        singularName: '',
        namespaced: r.namespaced,
      };
      if (s.responseKind.group) sub.group = s.responseKind.group;
      if (s.responseKind.version) sub.version = s.responseKind.version;
      sub.kind = s.responseKind.kind;
      sub.verbs = s.verbs;
      resources.push(sub);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

const groupDoc = (g: GroupInfo) => ({
  name: g.name,
  versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
  preferredVersion: { groupVersion: `${g.name}/${g.preferredVersion}`, version: g.preferredVersion },
});

function aggregatedGroup(all: Resources, name: string, versions: string[]) {
  return {
    metadata: { name, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: resourcesOf(all, name, version).map((r) => {
        const out: Record<string, unknown> = {
          resource: r.resource,
          responseKind: { group: '', version: '', kind: r.kind },
          scope: scope(r),
          singularResource: r.singularName,
          verbs: r.verbs,
        };
        if (r.shortNames.length) out.shortNames = r.shortNames;
        if (r.categories.length) out.categories = r.categories;
        if (r.subresources.length) {
          out.subresources = r.subresources.map((s) => ({
            subresource: s.subresource,
            responseKind: s.responseKind,
            verbs: s.verbs,
          }));
        }
        return out;
      }),
      freshness: 'Current',
    })),
  };
}

const AGGREGATED =
  /(^|,)\s*application\/json;[^,]*g=apidiscovery\.k8s\.io;[^,]*v=(v2beta1|v2)\b[^,]*as=APIGroupDiscoveryList/;

/** Answers the discovery paths; returns false when `path` is not one. */
export function serveDiscovery(
  path: string,
  req: Req,
  res: Res,
  serverAddress: string,
  all: readonly ResourceInfo[],
): boolean {
  const apiGroups = () => groupsOf(all);
  const accept = req.headers.accept ?? '';
  const agg = AGGREGATED.exec(accept.replace(/\s+/g, ''));
  if ((path === '/api' || path === '/apis') && agg) {
    const version = agg[2];
    const items =
      path === '/api'
        ? [aggregatedGroup(all, '', ['v1'])]
        : apiGroups().map((g) => aggregatedGroup(all, g.name, g.versions));
    const body = { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
    sendJSON(res, 200, body, {
      ...NO_CACHE,
      'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
      Vary: 'Accept',
    });
    return true;
  }
  if (path === '/api') {
    sendJSON(
      res,
      200,
      {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
      },
      NO_CACHE,
    );
    return true;
  }
  if (path === '/apis') {
    sendJSON(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups().map(groupDoc) }, NO_CACHE);
    return true;
  }
  if (path === '/api/v1') {
    sendJSON(res, 200, resourceList(all, '', 'v1'), NO_CACHE);
    return true;
  }
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!m) return false;
  const group = apiGroups().find((g) => g.name === m[1]);
  if (!group) return false;
  if (!m[2]) {
    sendJSON(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(group) }, NO_CACHE);
    return true;
  }
  if (!group.versions.includes(m[2])) return false;
  sendJSON(res, 200, resourceList(all, group.name, m[2]), NO_CACHE);
  return true;
}

/**
 * What the garbage collector and the namespace controller learn from discovery (upstream's
 * `ServerPreferredResources` and `GetDeletableResources`): every resource in its group's preferred
 * version (another version only for resources the preferred one lacks), subresources left out,
 * custom resources included. Group versions that fail are reported with upstream's words and
 * skipped.
 */
import type { DiscoveryClient } from '../../client/rest/discovery.js';
import type { ResourceRef } from '../../client/rest/resource-client.js';

/** A discovered resource: where it is, its kind and its verbs. */
export interface DiscoveredResource extends ResourceRef {
  kind: string;
  verbs: string[];
}

/** The resources found, and the group versions that could not be read (by `group/version`). */
export interface PreferredResources {
  resources: DiscoveredResource[];
  failed: Map<string, unknown>;
}

/** discovery.ErrGroupDiscoveryFailed's message. */
export function groupDiscoveryFailedMessage(failed: Map<string, unknown>): string {
  const groups = [...failed].map(([gv, err]) => `${gv}: ${(err as Error)?.message ?? String(err)}`).sort();
  return `unable to retrieve the complete list of server APIs: ${groups.join(', ')}`;
}

/** Every top-level resource in its preferred version (upstream's ServerPreferredResources). */
export async function serverPreferredResources(discovery: DiscoveryClient): Promise<PreferredResources> {
  const groups = await discovery.serverGroups();
  const failed = new Map<string, unknown>();
  const lists = await Promise.all(
    groups.map(async (g) => {
      const pref = g.preferredVersion?.version;
      const versions = [...g.versions].sort((a, b) => Number(b.version === pref) - Number(a.version === pref));
      return Promise.all(
        versions.map(async (v) => {
          try {
            return {
              group: g.name,
              version: v.version,
              list: await discovery.serverResourcesForGroupVersion(v.groupVersion),
            };
          } catch (err) {
            failed.set(v.groupVersion, err);
            return { group: g.name, version: v.version, list: [] };
          }
        }),
      );
    }),
  );
  const resources: DiscoveredResource[] = [];
  const seen = new Set<string>();
  for (const versions of lists) {
    for (const { group, version, list } of versions) {
      for (const r of list) {
        if (r.name.includes('/')) continue;
        const key = `${group}/${r.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        resources.push({
          group,
          version,
          resource: r.name,
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: r.verbs ?? [],
        });
      }
    }
  }
  return { resources, failed };
}

/** The resources the collector cannot do without: the deletable ones, less those it ignores. */
export function deletableResources(all: readonly DiscoveredResource[]): DiscoveredResource[] {
  return all.filter(
    (r) =>
      ['delete', 'list', 'watch'].every((v) => r.verbs.includes(v)) &&
      // Upstream's DefaultIgnoredResources: events own nothing and are too many to watch for it.
      !(r.resource === 'events' && (r.group === '' || r.group === 'events.k8s.io')),
  );
}

/** `group/version/resource`, the key of a resource. */
export const resourceKey = (r: Pick<ResourceRef, 'group' | 'version' | 'resource'>): string =>
  `${r.group}/${r.version}/${r.resource}`;

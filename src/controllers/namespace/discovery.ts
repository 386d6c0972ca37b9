/**
 * The namespaced resources a namespace can hold (upstream's ServerPreferredNamespacedResources):
 * every top-level namespaced resource of discovery in its group's preferred version (another
 * version only for resources the preferred one lacks), custom resources included. Group versions
 * that fail are collected, as discovery.ErrGroupDiscoveryFailed does, and the rest is returned.
 */
import type { DiscoveryClient } from '../../client/rest/discovery.js';
import type { ResourceRef } from '../../client/rest/resource-client.js';

/** A discovered namespaced resource and its verbs. */
export interface NamespacedResource extends ResourceRef {
  verbs: string[];
}

/** What discovery found, and the group versions it could not read (`group/version` → error). */
export interface DiscoveredNamespacedResources {
  resources: NamespacedResource[];
  failed: Map<string, unknown>;
}

/** discovery.ErrGroupDiscoveryFailed's message. */
export function groupDiscoveryFailedMessage(failed: Map<string, unknown>): string {
  const groups = [...failed].map(([gv, err]) => `${gv}: ${(err as Error)?.message ?? String(err)}`).sort();
  return `unable to retrieve the complete list of server APIs: ${groups.join(', ')}`;
}

/** Every top-level namespaced resource in its preferred version. Throws when /api or /apis fails. */
export async function serverPreferredNamespacedResources(
  discovery: DiscoveryClient,
): Promise<DiscoveredNamespacedResources> {
  const groups = await discovery.serverGroups();
  const failed = new Map<string, unknown>();
  const perGroup = await Promise.all(
    groups.map((g) => {
      const pref = g.preferredVersion?.version;
      const versions = [...g.versions].sort((a, b) => Number(b.version === pref) - Number(a.version === pref));
      return Promise.all(
        versions.map(async (v) => ({
          group: g.name,
          version: v.version,
          list: await discovery.serverResourcesForGroupVersion(v.groupVersion).catch((err: unknown) => {
            failed.set(v.groupVersion, err);
            return [];
          }),
        })),
      );
    }),
  );
  const resources: NamespacedResource[] = [];
  const seen = new Set<string>();
  for (const { group, version, list } of perGroup.flat()) {
    for (const r of list) {
      if (r.name.includes('/') || !r.namespaced || seen.has(`${group}/${r.name}`)) continue;
      seen.add(`${group}/${r.name}`);
      resources.push({ group, version, resource: r.name, namespaced: true, kind: r.kind, verbs: r.verbs ?? [] });
    }
  }
  return { resources, failed };
}

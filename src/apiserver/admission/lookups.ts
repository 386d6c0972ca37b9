/** What several admission plugins read from the watch caches: a namespace, and a namespace's objects. */
import type { KObject } from '../cacher/types.js';
import type { Registry } from '../registry/registry.js';

/** The namespace from the cache, else from etcd (the cache may not have it yet). */
export async function namespaceOf(registry: Registry, name: string): Promise<KObject | undefined> {
  const namespaces = registry.store('', 'namespaces')!;
  return (
    namespaces.cacher.get(namespaces.key('', name))?.obj ?? (await namespaces.get('', name).catch(() => undefined))
  );
}

/** The objects of `group/resource` in `namespace` (all namespaces for ''), from the cache. */
export function listed(registry: Registry, group: string, resource: string, namespace: string): KObject[] {
  const store = registry.store(group, resource)!;
  return store.cacher.list({ prefix: store.prefix(namespace) }).entries.map((e) => e.obj);
}

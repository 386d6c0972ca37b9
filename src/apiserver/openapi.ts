/** Finding a kind's OpenAPI definition by its x-kubernetes-group-version-kind. */
import type { Definitions } from '../api/openapi/types.js';

const cache = new WeakMap<Definitions, Map<string, string>>();

/** The definition name of group/version/kind (e.g. `io.k8s.api.apps.v1.Deployment`), if there is one. */
export function definitionFor(defs: Definitions, group: string, version: string, kind: string): string | undefined {
  let index = cache.get(defs);
  if (!index) {
    index = new Map();
    for (const [name, schema] of Object.entries(defs)) {
      const gvks = schema['x-kubernetes-group-version-kind'] ?? [];
      if (gvks.length === 1) index.set(`${gvks[0].group}/${gvks[0].version}/${gvks[0].kind}`, name);
    }
    cache.set(defs, index);
  }
  return index.get(`${group}/${version}/${kind}`);
}

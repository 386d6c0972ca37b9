/**
 * Upstream's NamespaceLifecycle: a namespaced write needs its namespace to exist, nothing new is
 * created in a namespace that is terminating, and `default`, `kube-system` and `kube-public` may
 * not be deleted. Deletes of other objects are always let through.
 */
import { errors } from '../../machinery/errors.js';
import type { Registry } from '../registry/registry.js';
import type { AdmissionPlugin, Attributes } from './chain.js';
import { namespaceOf } from './lookups.js';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export function namespaceLifecycle(registry: Registry): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async admit(a: Attributes) {
      const r = { group: a.info.group, name: a.info.resource };
      if (a.info.group === '' && a.info.resource === 'namespaces') {
        if (a.operation === 'DELETE' && !a.subresource && IMMORTAL.has(a.name)) {
          throw errors.forbidden(r, a.name, 'this namespace may not be deleted');
        }
        return;
      }
      if (a.operation === 'DELETE' || !a.info.namespaced || !a.namespace) return;
      const ns = await namespaceOf(registry, a.namespace);
      if (!ns) throw errors.notFound({ group: '', name: 'namespaces' }, a.namespace);
      if (a.operation === 'CREATE' && ns.status?.phase === 'Terminating') {
        throw errors.forbidden(
          r,
          a.name,
          `unable to create new content in namespace ${a.namespace} because it is being terminated`,
        );
      }
    },
  };
}

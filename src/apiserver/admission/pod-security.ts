/**
 * Upstream's PodSecurity plugin (validating): pods are checked against the Pod Security Standard
 * their namespace's `pod-security.kubernetes.io/enforce` label names (refused), `warn` (a
 * warning) and `audit` (an audit annotation); pod controllers are only warned about and audited;
 * a namespace's labels must be valid, and tightening `enforce` warns about the pods that violate
 * it. The checks themselves are in `pod-security/`.
 */
import { ApiError } from '../../machinery/errors.js';
import type { Registry } from '../registry/registry.js';
import type { AdmissionPlugin } from './chain.js';
import { admitPodSecurity, toStatus } from './pod-security/index.js';
import { listed, namespaceOf } from './lookups.js';

export function podSecurityAdmission(registry: Registry): AdmissionPlugin {
  return {
    name: 'PodSecurity',
    async validate(a) {
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      const { group, resource } = a.info;
      const isNamespace = group === '' && resource === 'namespaces';
      const result = admitPodSecurity({
        operation: a.operation,
        resource,
        group,
        subresource: a.subresource,
        namespace: isNamespace ? a.name : a.namespace,
        object: a.object,
        oldObject: a.oldObject,
        namespaceLabels: isNamespace
          ? undefined
          : a.info.namespaced
            ? ((await namespaceOf(registry, a.namespace))?.metadata?.labels ?? {})
            : undefined,
        userName: a.user.name,
        namespacePods: isNamespace && a.operation === 'UPDATE' ? listed(registry, '', 'pods', a.name) : undefined,
      });
      a.warnings.push(...result.warnings);
      Object.assign(a.auditAnnotations, result.auditAnnotations);
      const status = toStatus(result, { group, resource, name: a.object?.metadata?.name ?? a.name });
      if (status) throw new ApiError(status.code, status.reason, status.message, status.details);
    },
  };
}

/**
 * Upstream's LimitRanger plugin: the LimitRanges of a pod's namespace give its containers their
 * default requests and limits (mutating), and their min, max and ratio bound pods, containers
 * and claims (validating). The rules themselves are in `limits/`.
 */
import type { Registry } from '../registry/registry.js';
import type { AdmissionPlugin, Attributes } from './chain.js';
import { defaultPodLimits, enforceLimits, limitRangerApplies } from './limits/index.js';
import { listed } from './lookups.js';

export function limitRanger(registry: Registry): AdmissionPlugin {
  const ranges = (a: Attributes) => listed(registry, '', 'limitranges', a.namespace);
  const applies = (a: Attributes) =>
    !!a.object &&
    !!a.namespace &&
    limitRangerApplies({ group: a.info.group, resource: a.info.resource }, a.operation, {
      subresource: a.subresource,
      oldObj: a.oldObject,
    });
  return {
    name: 'LimitRanger',
    admit(a) {
      if (!applies(a) || a.info.resource !== 'pods') return;
      const limitRanges = ranges(a);
      if (limitRanges.length) defaultPodLimits(a.object!, limitRanges);
    },
    validate(a) {
      if (!applies(a)) return;
      const limitRanges = ranges(a);
      if (limitRanges.length) enforceLimits({ group: a.info.group, resource: a.info.resource }, a.object!, limitRanges);
    },
  };
}

/**
 * The strategy of a custom resource (upstream's `customresource.customResourceStrategy`): a
 * generation bumped by changes outside metadata (and outside status when the status subresource
 * is on, whose writes are then the only way to change status), ObjectMeta validation by scope,
 * then the version's structural schema: defaults, validation and `x-kubernetes-validations`.
 */
import type { ResourceInfo } from '../../api/resources.js';
import type { Strategy } from '../registry/strategy.js';
import type { KObject } from '../cacher/types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';

export function customStrategy(info: ResourceInfo): Strategy {
  const hasStatus = info.subresources.some((s) => s.subresource === 'status');
  return {
    generation: true,
    prepareForCreate(obj) {
      if (hasStatus) delete obj.status;
    },
    validate: (obj) => validateObjectMeta(obj.metadata, { namespaced: info.namespaced, standardFinalizers: false }),
    validateUpdate: (obj, old) =>
      validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata', { standardFinalizers: false }),
    spec: (o: KObject) => ({ ...o, metadata: undefined, status: hasStatus ? undefined : o.status }),
  };
}

/**
 * The strategy of a custom resource (upstream's `customresource.customResourceStrategy`): a
 * generation bumped by changes outside metadata (and outside status when the status subresource
 * is on, whose writes are then the only way to change status); then, against the version's
 * structural schema, defaults, validation (apiVersion and kind, ObjectMeta by scope, the schema
 * in kube-openapi's words, scale replicas, list sets and maps, embedded resources) and the
 * `x-kubernetes-validations` rules, transition rules against the old object.
 */
import type { ResourceInfo } from '../../api/resources.js';
import type { Strategy } from '../registry/strategy.js';
import type { KObject } from '../cacher/types.js';
import { applyDefaults, validateCustomResource, type JSONSchemaProps } from '../../api/crd/index.js';
import { validationRuleErrors } from './validation-rules.js';

export function customStrategy(info: ResourceInfo): Strategy {
  const hasStatus = info.subresources.some((s) => s.subresource === 'status');
  const schema = info.custom?.schema as JSONSchemaProps | undefined;
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const scale = info.custom?.scale;
  return {
    generation: true,
    conditionalUpdatesOnly: true,
    defaults(obj) {
      if (schema) applyDefaults(obj, schema);
    },
    prepareForCreate(obj) {
      if (hasStatus) delete obj.status;
    },
    validate: (obj) => [
      ...validateCustomResource(obj, schema, { gvk, objectMeta: { namespaced: info.namespaced }, scale }),
      ...validationRuleErrors(schema, obj),
    ],
    validateUpdate: (obj, old, subresource) => [
      ...validateCustomResource(obj, schema, {
        gvk,
        objectMeta: { namespaced: info.namespaced, old: old.metadata },
        scale,
        statusUpdate: subresource === 'status',
      }),
      ...validationRuleErrors(schema, obj, old),
    ],
    spec: (o: KObject) => ({ ...o, metadata: undefined, status: hasStatus ? undefined : o.status }),
  };
}

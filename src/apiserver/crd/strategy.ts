/**
 * The strategy of a custom resource (upstream's `customresource.customResourceStrategy`): a
 * generation bumped by changes outside metadata (and outside status when the status subresource
 * is on, whose writes are then the only way to change status); then, against the structural
 * schema of the version the request was made in (upstream serves each version with its own
 * schema), defaults, validation (apiVersion and kind, ObjectMeta by scope, the schema in
 * kube-openapi's words, scale replicas, list sets and maps, embedded resources) and the
 * `x-kubernetes-validations` rules, transition rules against the old object.
 */
import type { ResourceInfo } from '../../api/resources.js';
import type { Strategy } from '../registry/strategy.js';
import type { KObject } from '../cacher/types.js';
import { applyDefaults, validateCustomResource, type JSONSchemaProps } from '../../api/crd/index.js';
import { validationRuleErrors } from './validation-rules.js';

/** The strategy of the resource stored as `storage`, served as `versions`. */
export function customStrategy(storage: ResourceInfo, versions: readonly ResourceInfo[]): Strategy {
  const hasStatus = storage.subresources.some((s) => s.subresource === 'status');
  const schemas = new Map(versions.map((v) => [v.version, v.custom?.schema as JSONSchemaProps | undefined]));
  const schemaOf = (version = storage.version) => schemas.get(version) ?? (storage.custom?.schema as JSONSchemaProps);
  // Objects reach the strategy converted to the storage version (None conversion: apiVersion only).
  const gvk = { group: storage.group, version: storage.version, kind: storage.kind };
  const scale = storage.custom?.scale;
  return {
    generation: true,
    conditionalUpdatesOnly: true,
    defaults(obj, version) {
      const schema = schemaOf(version);
      if (schema) applyDefaults(obj, schema);
    },
    prepareForCreate(obj) {
      if (hasStatus) delete obj.status;
    },
    validate: (obj, version) => [
      ...validateCustomResource(obj, schemaOf(version), { gvk, objectMeta: { namespaced: storage.namespaced }, scale }),
      ...validationRuleErrors(schemaOf(version), obj),
    ],
    validateUpdate: (obj, old, subresource, version) => [
      ...validateCustomResource(obj, schemaOf(version), {
        gvk,
        objectMeta: { namespaced: storage.namespaced, old: old.metadata },
        scale,
        statusUpdate: subresource === 'status',
      }),
      ...validationRuleErrors(schemaOf(version), obj, old),
    ],
    spec: (o: KObject) => ({ ...o, metadata: undefined, status: hasStatus ? undefined : o.status }),
  };
}

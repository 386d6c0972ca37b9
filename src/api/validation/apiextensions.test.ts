import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};

describe('custom resource definitions', () => {
  it('checks custom resource definitions', () => {
    const crd = {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    };
    assert.deepEqual(check('apiextensions.k8s.io', 'customresourcedefinitions', crd), []);
    const bad = structuredClone(crd);
    bad.metadata.name = 'widget.example.com';
    bad.spec.scope = 'Global';
    assert.deepEqual(check('apiextensions.k8s.io', 'customresourcedefinitions', bad), [
      'metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ]);
  });
});

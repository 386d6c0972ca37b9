import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES } from '../resources.js';
import { applyAdditions, assertField, buildDefinitions, definitionPrefix, refsOf } from './build-definitions.js';
import { loadDefinitions } from './documents.js';
import { readKubernetesTypes, type TypeDecl } from './dts-reader.js';
import type { SchemaObject } from './types.js';

const defs = loadDefinitions();
const core = 'io.k8s.api.core.v1';
const prop = (def: string, field: string): SchemaObject => {
  const p = defs[def]?.properties?.[field];
  assert.ok(p, `${def}.${field} exists`);
  return p;
};
const patchMeta = (s: SchemaObject) => ({
  strategy: s['x-kubernetes-patch-strategy'],
  mergeKey: s['x-kubernetes-patch-merge-key'],
  listType: s['x-kubernetes-list-type'],
  keys: s['x-kubernetes-list-map-keys'],
});

describe('definitions.json', () => {
  it('merges PodSpec.containers by name, as a list-map keyed by name', () => {
    assert.deepEqual(patchMeta(prop(`${core}.PodSpec`, 'containers')), {
      strategy: 'merge',
      mergeKey: 'name',
      listType: 'map',
      keys: ['name'],
    });
    assert.equal(prop(`${core}.PodSpec`, 'containers').items?.$ref, `#/definitions/${core}.Container`);
  });

  it('carries the strategies kubectl apply relies on', () => {
    assert.deepEqual(patchMeta(prop(`${core}.PodSpec`, 'volumes')), {
      strategy: 'merge,retainKeys',
      mergeKey: 'name',
      listType: 'map',
      keys: ['name'],
    });
    assert.deepEqual(patchMeta(prop(`${core}.Container`, 'ports')), {
      strategy: 'merge',
      mergeKey: 'containerPort',
      listType: 'map',
      keys: ['containerPort', 'protocol'],
    });
    assert.equal(prop(`${core}.ContainerPort`, 'protocol').default, 'TCP');
    assert.deepEqual(patchMeta(prop(`${core}.ServiceSpec`, 'ports')).keys, ['port', 'protocol']);
    assert.equal(prop(`${core}.Container`, 'env')['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(prop(`${core}.Container`, 'volumeMounts')['x-kubernetes-patch-merge-key'], 'mountPath');
    assert.equal(prop(`${core}.PodSpec`, 'tolerations')['x-kubernetes-list-type'], 'atomic');
    assert.equal(prop(`${core}.PodSpec`, 'tolerations')['x-kubernetes-patch-strategy'], undefined);
    assert.equal(prop('io.k8s.api.apps.v1.DeploymentSpec', 'strategy')['x-kubernetes-patch-strategy'], 'retainKeys');
    assert.equal(prop('io.k8s.api.apps.v1.DeploymentStatus', 'conditions')['x-kubernetes-patch-merge-key'], 'type');
    const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
    assert.deepEqual(patchMeta(prop(meta, 'finalizers')), {
      strategy: 'merge',
      mergeKey: undefined,
      listType: 'set',
      keys: undefined,
    });
    assert.deepEqual(patchMeta(prop(meta, 'ownerReferences')).keys, ['uid']);
    assert.equal(prop(`${core}.PodSpec`, 'nodeSelector')['x-kubernetes-map-type'], 'atomic');
    assert.equal(defs[`${core}.LocalObjectReference`]['x-kubernetes-map-type'], 'atomic');
  });

  it('names top-level kinds with x-kubernetes-group-version-kind', () => {
    assert.deepEqual(defs['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    assert.deepEqual(defs[`${core}.Pod`]['x-kubernetes-group-version-kind'], [
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
    assert.equal(defs[`${core}.PodSpec`]['x-kubernetes-group-version-kind'], undefined);
    const deleteOptions = defs['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']['x-kubernetes-group-version-kind'];
    assert.ok(deleteOptions?.some((g) => g.group === 'apps' && g.version === 'v1'));
    assert.ok(deleteOptions?.some((g) => g.group === '' && g.version === 'v1'));
  });

  it('has a definition with its group-version-kind for every kind the registry serves', () => {
    for (const r of RESOURCES) {
      const name = definitionPrefix(r.group, r.version) + r.kind;
      assert.ok(defs[name], `${name} for ${r.resource}`);
      assert.deepEqual(defs[name]['x-kubernetes-group-version-kind'], [
        { group: r.group, kind: r.kind, version: r.version },
      ]);
    }
  });

  it('describes the special scalars as upstream does', () => {
    assert.deepEqual(
      { ...defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], description: undefined },
      { description: undefined, type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true },
    );
    assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, 'string');
    assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format, 'date-time');
    const maxSurge = prop('io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge');
    assert.equal(maxSurge.$ref, '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    assert.match(maxSurge.description ?? '', /maximum number of pods/);
    assert.deepEqual(prop(`${core}.PodSpec`, 'terminationGracePeriodSeconds').format, 'int64');
    assert.deepEqual(prop(`${core}.PodSpec`, 'priority').format, 'int32');
    assert.deepEqual(prop(`${core}.Secret`, 'data').additionalProperties, { type: 'string', format: 'byte' });
    assert.equal(defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON'].type, undefined);
  });

  it('takes descriptions and required fields from kubernetes-types', () => {
    assert.match(defs['io.k8s.api.apps.v1.Deployment'].description ?? '', /^Deployment enables declarative updates/);
    assert.deepEqual(defs['io.k8s.api.apps.v1.DeploymentSpec'].required, ['selector', 'template']);
    assert.match(defs['io.k8s.apimachinery.pkg.runtime.RawExtension'].description ?? '', /\n\n\/\/ Internal package:/);
  });

  it('adds the 1.31/1.32 fields and drops what 1.31 removed', () => {
    assert.equal(prop(`${core}.PodSpec`, 'resources').$ref, `#/definitions/${core}.ResourceRequirements`);
    assert.ok(prop(`${core}.Volume`, 'image'));
    assert.ok(prop(`${core}.PodResourceClaim`, 'resourceClaimName'));
    assert.equal(defs[`${core}.PodResourceClaim`].properties?.source, undefined);
    assert.equal(defs[`${core}.ClaimSource`], undefined);
    assert.equal(prop(`${core}.ContainerStatus`, 'allocatedResourcesStatus')['x-kubernetes-patch-merge-key'], 'name');
    assert.deepEqual(defs[`${core}.LinuxContainerUser`].required, ['gid', 'uid']);
    assert.ok(prop('io.k8s.api.authorization.v1.ResourceRule', 'verbs'));
    assert.ok(defs['io.k8s.api.authorization.v1.ResourceRule'].required?.includes('verbs'));
  });

  it('resolves every $ref', () => {
    for (const [name, schema] of Object.entries(defs)) {
      for (const ref of refsOf(schema)) assert.ok(defs[ref], `${name} refers to missing ${ref}`);
    }
  });
});

describe('buildDefinitions', () => {
  const real = readKubernetesTypes();
  const decl = (name: string, fields: TypeDecl['fields']): TypeDecl => ({ name, fields });

  it('keeps only what the served group-versions reach', () => {
    const out = buildDefinitions(real, [{ group: 'coordination.k8s.io', version: 'v1' }]);
    assert.ok(out['io.k8s.api.coordination.v1.Lease']);
    assert.ok(out['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    assert.equal(out['io.k8s.api.apps.v1.Deployment'], undefined);
    assert.deepEqual(out['io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent']['x-kubernetes-group-version-kind'], [
      { group: 'coordination.k8s.io', kind: 'WatchEvent', version: 'v1' },
    ]);
  });

  it('takes the group-version-kind from the apiVersion and kind literals', () => {
    const decls = new Map(real);
    decls.set(
      'io.k8s.api.demo.v1.Thing',
      decl('io.k8s.api.demo.v1.Thing', [
        { name: 'apiVersion', optional: true, type: { kind: 'string' }, literal: 'demo.example.com/v1' },
        { name: 'kind', optional: true, type: { kind: 'string' }, literal: 'Thing' },
      ]),
    );
    const out = buildDefinitions(decls, [{ group: 'demo.example.com', version: 'v1' }]);
    assert.deepEqual(out['io.k8s.api.demo.v1.Thing']['x-kubernetes-group-version-kind'], [
      { group: 'demo.example.com', kind: 'Thing', version: 'v1' },
    ]);
  });

  it('refuses a dangling reference', () => {
    const decls = new Map(real);
    decls.set(
      'io.k8s.api.demo.v1.Thing',
      decl('io.k8s.api.demo.v1.Thing', [
        { name: 'x', optional: true, type: { kind: 'ref', name: 'io.k8s.api.demo.v1.Missing' } },
      ]),
    );
    assert.throws(
      () => buildDefinitions(decls, [{ group: 'demo', version: 'v1' }]),
      /dangling reference to io\.k8s\.api\.demo\.v1\.Missing/,
    );
  });

  it('refuses a table entry naming a field that does not exist', () => {
    const all = new Map([['a.B', decl('a.B', [{ name: 'x', optional: true, type: { kind: 'string' } }])]]);
    assert.doesNotThrow(() => assertField(all, 'a.B', 'x', 'T'));
    assert.throws(() => assertField(all, 'a.B', 'y', 'T'), /T: no field a\.B\.y/);
  });

  it('applies additions without changing its input', () => {
    const before = real.get(`${core}.PodSpec`)?.fields?.length;
    const after = applyAdditions(real).get(`${core}.PodSpec`)?.fields?.length;
    assert.equal(real.get(`${core}.PodSpec`)?.fields?.length, before);
    assert.equal(after, (before ?? 0) + 1);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplySchema } from './apply-schema.js';
import { cronTabSchema, deploymentSchema, serviceSchema } from './test-fixtures.js';

describe('ApplySchema over the served definitions', () => {
  it('follows $refs into structs, keyed lists and atomic structs', () => {
    const spec = deploymentSchema().field('spec');
    assert.equal(spec.kind, 'map');
    assert.ok(spec.hasField('replicas'));
    assert.equal(spec.field('replicas').kind, 'scalar');
    assert.equal(spec.field('selector').atomic, true, 'LabelSelector is a structType=atomic');
    const containers = spec.field('template').field('spec').field('containers');
    assert.equal(containers.kind, 'list');
    assert.equal(containers.listType, 'map');
    assert.deepEqual(containers.listKeys, ['name']);
    const ports = containers.items().field('ports');
    assert.deepEqual(ports.listKeys, ['containerPort', 'protocol']);
    assert.equal(ports.items().fieldDefault('protocol'), 'TCP');
  });

  it('reads labels as a granular map, finalizers as a set, unmarked arrays as atomic', () => {
    const meta = deploymentSchema().field('metadata');
    assert.equal(meta.field('labels').kind, 'map');
    assert.equal(meta.field('labels').atomic, false);
    assert.ok(!meta.field('labels').hasField('app'));
    assert.equal(meta.field('finalizers').listType, 'set');
    const args = deploymentSchema()
      .field('spec')
      .field('template')
      .field('spec')
      .field('containers')
      .items()
      .field('args');
    assert.equal(args.listType, 'atomic');
    assert.equal(args.atomic, true);
  });

  it('treats undeclared fields and int-or-string values as upstream does', () => {
    assert.equal(deploymentSchema().field('spec').field('notAField').kind, 'deduced');
    const strategy = deploymentSchema().field('spec').field('strategy').field('rollingUpdate');
    assert.equal(strategy.field('maxSurge').kind, 'scalar');
    assert.deepEqual(serviceSchema().field('spec').field('ports').listKeys, ['port', 'protocol']);
  });

  it('throws for a definition it does not have', () => {
    assert.throws(
      () => ApplySchema.root({}, 'io.k8s.api.core.v1.Nope'),
      /no type found matching: io.k8s.api.core.v1.Nope/,
    );
  });
});

describe('ApplySchema for custom resources', () => {
  it('reads inline v3 list and map types and adds ObjectMeta', () => {
    const s = cronTabSchema();
    assert.equal(s.field('metadata').field('finalizers').listType, 'set');
    assert.deepEqual(s.field('metadata').field('ownerReferences').listKeys, ['uid']);
    assert.equal(s.field('apiVersion').kind, 'scalar');
    const spec = s.field('spec');
    assert.equal(spec.field('replicas').kind, 'scalar');
    assert.equal(spec.field('hosts').listType, 'set');
    assert.equal(spec.field('args').listType, 'atomic');
    assert.deepEqual(spec.field('ports').listKeys, ['name']);
    assert.equal(spec.field('selector').atomic, true);
    assert.equal(spec.field('config').field('anything').kind, 'deduced');
  });

  it('deduces everything without a schema', () => {
    const s = ApplySchema.customResource();
    assert.equal(s.kind, 'deduced');
    assert.equal(s.field('metadata').field('finalizers').kind, 'deduced');
  });

  it('resolves v3 allOf-wrapped refs, the wrapper’s extensions winning', () => {
    const s = ApplySchema.fromSchema(
      {
        type: 'object',
        properties: {
          sel: { allOf: [{ $ref: '#/components/schemas/Sel' }], 'x-kubernetes-map-type': 'atomic' },
          plain: { $ref: '#/components/schemas/Sel' },
        },
      },
      { Sel: { type: 'object', properties: { a: { type: 'string' } } } },
    );
    assert.equal(s.field('sel').atomic, true);
    assert.equal(s.field('plain').atomic, false);
    assert.ok(s.field('plain').hasField('a'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { celTypeName, objectTypes, schemaCelType } from './schema-types.js';
import type { ObjectCelType } from './schema-types.js';

describe('schemaCelType', () => {
  it('maps scalar schema types and string formats to CEL types', () => {
    const name = (s: object) => {
      const t = schemaCelType(s, false);
      return t && celTypeName(t);
    };
    assert.equal(name({ type: 'integer' }), 'int');
    assert.equal(name({ type: 'number' }), 'double');
    assert.equal(name({ type: 'string' }), 'string');
    assert.equal(name({ type: 'boolean' }), 'bool');
    assert.equal(name({ 'x-kubernetes-int-or-string': true }), 'dyn');
    assert.equal(name({ type: 'string', format: 'date-time' }), 'google.protobuf.Timestamp');
    assert.equal(name({ type: 'string', format: 'date' }), 'google.protobuf.Timestamp');
    assert.equal(name({ type: 'string', format: 'duration' }), 'google.protobuf.Duration');
    assert.equal(name({ type: 'string', format: 'byte' }), 'bytes');
    assert.equal(name({ type: 'array', items: { type: 'integer' } }), 'list<int>');
    assert.equal(name({ type: 'object', additionalProperties: { type: 'number' } }), 'map<string, double>');
    assert.equal(name({ 'x-kubernetes-preserve-unknown-fields': true }), undefined);
    assert.equal(name({ type: 'array' }), undefined);
  });

  it('types objects by their escapable properties, leaving out untyped ones', () => {
    const t = schemaCelType(
      {
        type: 'object',
        properties: {
          spec: { type: 'object', properties: { 'foo-bar': { type: 'string' } } },
          items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } },
          'bad name': { type: 'string' },
          anything: { 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      false,
    ) as ObjectCelType;
    assert.equal(t.name, 'selfType');
    assert.deepEqual([...t.fields.keys()], ['spec', 'items']);
    assert.equal(celTypeName(t.fields.get('spec')!.type), 'selfType.spec');
    assert.equal(celTypeName(t.fields.get('items')!.type), 'list<selfType.items.items>');
    assert.deepEqual(
      objectTypes(t).map((o) => o.name),
      ['selfType', 'selfType.spec', 'selfType.items.items'],
    );
    const spec = t.fields.get('spec')!.type as ObjectCelType;
    assert.deepEqual(spec.fields.get('foo__dash__bar'), { json: 'foo-bar', type: { kind: 'string' } });
  });

  it('adds apiVersion, kind and metadata.name/generateName at a resource root', () => {
    const root = schemaCelType({ type: 'object', properties: { spec: { type: 'object' } } }, true) as ObjectCelType;
    assert.deepEqual([...root.fields.keys()].sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
    const meta = root.fields.get('metadata')!.type as ObjectCelType;
    assert.deepEqual([...meta.fields.keys()].sort(), ['generateName', 'name']);
    const embedded = schemaCelType(
      { type: 'object', properties: { tpl: { type: 'object', 'x-kubernetes-embedded-resource': true } } },
      false,
    ) as ObjectCelType;
    assert.ok((embedded.fields.get('tpl')!.type as ObjectCelType).fields.has('kind'));
    const plain = schemaCelType({ type: 'object', properties: {} }, false) as ObjectCelType;
    assert.equal(plain.fields.size, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStructural, structuralConversionError, validateStructural } from './structural.js';
import type { JSONSchemaProps } from './types.js';

const errs = (s: JSONSchemaProps) => validateStructural('schema', s).map(String);
const obj = (properties: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({
  type: 'object',
  properties,
  ...extra,
});

describe('validateStructural', () => {
  it('accepts the int-or-string patterns and nothing else typed under junctors', () => {
    const ios = (extra: JSONSchemaProps): JSONSchemaProps => ({ 'x-kubernetes-int-or-string': true, ...extra });
    assert.deepEqual(
      errs(
        obj({
          a: ios({ anyOf: [{ type: 'integer' }, { type: 'string' }] }),
          b: ios({ allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, { pattern: '^x' }] }),
          c: ios({}),
        }),
      ),
      [],
    );
    assert.deepEqual(errs(obj({ a: { type: 'string', anyOf: [{ type: 'string' }] } })), [
      'schema.properties[a].anyOf[0].type: Forbidden: must be empty to be structural',
    ]);
  });

  it('forbids generic fields and extensions in value validations', () => {
    const nested: JSONSchemaProps = {
      title: 't',
      additionalProperties: true,
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-int-or-string': true,
      'x-kubernetes-list-map-keys': ['k'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-map-type': 'atomic',
      'x-kubernetes-validations': [{ rule: 'true' }],
    };
    assert.deepEqual(errs(obj({ a: { type: 'string', not: nested } })), [
      'schema.properties[a].not.additionalProperties: Forbidden: must be undefined to be structural',
      'schema.properties[a].not.title: Forbidden: must be empty to be structural',
      'schema.properties[a].not.x-kubernetes-embedded-resource: Forbidden: must be false to be structural',
      'schema.properties[a].not.x-kubernetes-int-or-string: Forbidden: must be false to be structural',
      'schema.properties[a].not.x-kubernetes-list-map-keys: Forbidden: must be empty to be structural',
      'schema.properties[a].not.x-kubernetes-list-type: Forbidden: must be undefined to be structural',
      'schema.properties[a].not.x-kubernetes-map-type: Forbidden: must be undefined to be structural',
      'schema.properties[a].not.x-kubernetes-preserve-unknown-fields: Forbidden: must be false to be structural',
      'schema.properties[a].not.x-kubernetes-validations: Forbidden: must be empty to be structural',
    ]);
  });

  it('wants fields named under junctors at the root specified outside them', () => {
    const s = obj(
      { spec: { type: 'object' } },
      { anyOf: [{ properties: { spec: { properties: { x: {} } }, other: {} } }] },
    );
    assert.deepEqual(errs(s), [
      'schema.properties[other]: Required value: because it is defined in schema.anyOf[0].properties[other]',
      'schema.properties[spec].properties[x]: Required value: because it is defined in schema.anyOf[0].properties[spec].properties[x]',
    ]);
    assert.deepEqual(errs(obj({ list: { type: 'object' } }, { oneOf: [{ properties: { list: { items: {} } } }] })), [
      'schema.properties[list].items: Required value: because it is defined in schema.oneOf[0].properties[list].items',
    ]);
  });

  it('forbids metadata in a nested context', () => {
    assert.deepEqual(errs(obj({ spec: { type: 'object' } }, { allOf: [{ properties: { metadata: {} } }] })), [
      'schema.allOf[0].properties[metadata]: Forbidden: must not be specified in a nested context',
      'schema.properties[metadata]: Required value: because it is defined in schema.allOf[0].properties[metadata]',
    ]);
  });

  it('restricts metadata at the root to name and generateName', () => {
    assert.deepEqual(
      errs(obj({ metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } } })),
      [],
    );
    assert.deepEqual(errs(obj({ metadata: { type: 'object', properties: { labels: { type: 'object' } } } })), [
      'schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    ]);
    assert.deepEqual(errs(obj({ metadata: { type: 'string' } })), [
      'schema.properties[metadata].type: Invalid value: "string": must be object',
    ]);
  });

  it('checks kind and apiVersion of resources', () => {
    assert.deepEqual(errs(obj({ kind: { type: 'integer' }, apiVersion: { type: 'string' } })), [
      'schema.properties[kind].type: Invalid value: "integer": must be string',
    ]);
  });

  it('checks types by level and embedded resources', () => {
    assert.deepEqual(errs({ properties: { a: { type: 'array', items: {} } } }), [
      'schema.properties[a].items.type: Required value: must not be empty for specified array items',
      'schema.type: Required value: must not be empty at the root',
    ]);
    assert.deepEqual(
      errs(obj({ x: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-int-or-string': true } })),
      [
        'schema.properties[x].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
        'schema.properties[x].x-kubernetes-embedded-resource: Invalid value: true: must be false if x-kubernetes-int-or-string is true',
      ],
    );
    assert.deepEqual(
      errs(
        obj({
          x: { type: 'string', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        }),
      ),
      ['schema.properties[x].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true'],
    );
  });

  it('covers the remaining invariants', () => {
    assert.deepEqual(
      errs(
        obj({
          e: { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
          f: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
            additionalProperties: true,
          },
          g: { type: 'string', allOf: [{ default: 'x', description: 'd', nullable: true }] },
          h: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true },
        }),
      ),
      [
        'schema.properties[e].type: Required value: must be object if x-kubernetes-embedded-resource is true',
        'schema.properties[f].additionalProperties: Forbidden: must not be used if x-kubernetes-embedded-resource is set',
        'schema.properties[g].allOf[0].default: Forbidden: must be undefined to be structural',
        'schema.properties[g].allOf[0].description: Forbidden: must be empty to be structural',
        'schema.properties[g].allOf[0].nullable: Forbidden: must be false to be structural',
        'schema.properties[h].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true',
      ],
    );
  });

  it('forbids additionalProperties at the root', () => {
    assert.deepEqual(errs({ type: 'object', additionalProperties: { type: 'string' } }), [
      'schema.additionalProperties: Forbidden: must not be used at the root',
    ]);
  });
});

describe('structuralConversionError', () => {
  it('names the first unsupported field', () => {
    assert.equal(
      structuralConversionError({ type: 'object', properties: { a: { type: 'string', definitions: { x: {} } } } }),
      "OpenAPIV3Schema 'definitions' is not supported",
    );
    assert.equal(
      structuralConversionError({ type: 'array', items: [{ type: 'string' }] }),
      "OpenAPIV3Schema 'items' must be a schema, but is an array",
    );
    assert.equal(
      structuralConversionError({ type: 'object', $schema: 'x' }),
      "OpenAPIV3Schema 'schema' is not supported",
    );
    assert.equal(structuralConversionError({ type: 'object' }), undefined);
  });

  it('backs isStructural', () => {
    assert.equal(isStructural({ type: 'object', properties: { a: { type: 'string' } } }), true);
    assert.equal(isStructural({ type: 'object', properties: { a: {} } }), false);
  });
});

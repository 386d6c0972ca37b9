import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontab, crontabSchema, CRON_PATTERN } from './crontab-fixture.js';
import { type CustomResourceValidationOptions, validateCustomResource } from './cr-validation.js';
import type { JSONSchemaProps } from './types.js';

const CRONTAB = { group: 'stable.example.com', version: 'v1', kind: 'CronTab' };
const run = (
  obj: Record<string, unknown>,
  schema: JSONSchemaProps | undefined,
  opts: CustomResourceValidationOptions = {},
) => validateCustomResource(obj, schema, opts).map(String);
/** A schema whose spec has these properties. */
const specOf = (properties: Record<string, JSONSchemaProps>, required?: string[]): JSONSchemaProps => ({
  type: 'object',
  properties: { spec: { type: 'object', properties, ...(required ? { required } : {}) } },
});

describe('validateCustomResource: the documentation CronTab', () => {
  it('accepts a valid CronTab', () => {
    assert.deepEqual(
      run(crontab({ cronSpec: '* * * * */5', image: 'img', replicas: 3 }), crontabSchema(), { gvk: CRONTAB }),
      [],
    );
  });

  it('reports pattern, maximum and type failures in kube-openapi words', () => {
    assert.deepEqual(run(crontab({ cronSpec: '* * * *', replicas: 15, image: 1 }), crontabSchema(), { gvk: CRONTAB }), [
      `spec.cronSpec: Invalid value: "* * * *": spec.cronSpec in body should match '${CRON_PATTERN}'`,
      'spec.image: Invalid value: "integer": spec.image in body must be of type string: "integer"',
      'spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
    ]);
    assert.deepEqual(run(crontab({ replicas: 0 }), crontabSchema()), [
      'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    ]);
  });

  it('checks apiVersion and kind first, and only them when wrong', () => {
    assert.deepEqual(
      run({ apiVersion: 'v1', kind: 'Pod', spec: { replicas: 'x' } }, crontabSchema(), { gvk: CRONTAB }),
      ['kind: Invalid value: "Pod": must be CronTab', 'apiVersion: Invalid value: "v1": must be stable.example.com/v1'],
    );
  });

  it('validates metadata when asked', () => {
    assert.deepEqual(
      run({ ...crontab(), metadata: { name: 'ok' } }, crontabSchema(), { objectMeta: { namespaced: true } }),
      ['metadata.namespace: Required value'],
    );
  });
});

describe('validateCustomResource: value validations', () => {
  it('reports required fields and enums', () => {
    assert.deepEqual(run(crontab({}), specOf({ a: { type: 'string' } }, ['a'])), ['spec.a: Required value']);
    const enums = specOf({
      a: { type: 'string', enum: ['b', 'c'] },
      n: { type: 'integer', enum: [1, 2] },
      o: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, enum: [{ z: 2 }] },
    });
    assert.deepEqual(run(crontab({ a: 'x', n: 3, o: { z: 1 } }), enums), [
      'spec.a: Unsupported value: "x": supported values: "b", "c"',
      'spec.n: Unsupported value: 3: supported values: "1", "2"',
      'spec.o: Unsupported value: map[string]interface {}{"z":1}: supported values: "{\\"z\\":2}"',
    ]);
  });

  it('reports lengths and sizes', () => {
    const schema = specOf({
      a: { type: 'string', maxLength: 5 },
      b: { type: 'string', minLength: 2 },
      c: { type: 'string', maxLength: 1 },
      l: { type: 'array', items: { type: 'integer' }, maxItems: 3 },
      m: { type: 'array', items: { type: 'integer' }, minItems: 1 },
      p: { type: 'object', additionalProperties: { type: 'integer' }, maxProperties: 1 },
      q: { type: 'object', additionalProperties: { type: 'integer' }, minProperties: 1 },
    });
    assert.deepEqual(
      run(crontab({ a: 'abcdef', b: 'a', c: 'é', l: [1, 2, 3, 4], m: [], p: { a: 1, b: 2 }, q: {} }), schema),
      [
        'spec.a: Too long: may not be more than 5 bytes',
        'spec.b: Invalid value: "a": spec.b in body should be at least 2 chars long',
        'spec.l: Too many: 4: must have at most 3 items',
        'spec.m: Invalid value: 0: spec.m in body should have at least 1 items',
        'spec.p: Too many: 2: must have at most 1 item',
        'spec.q: Invalid value: 0: spec.q in body should have at least 1 properties',
      ],
    );
  });

  it('reports number bounds and multiples', () => {
    const schema = specOf({
      a: { type: 'integer', multipleOf: 3 },
      b: { type: 'number', multipleOf: 0.3 },
      c: { type: 'integer', maximum: 10, exclusiveMaximum: true },
      d: { type: 'integer', minimum: 1, exclusiveMinimum: true },
      e: { type: 'number', minimum: 2.75 },
      f: { type: 'number', multipleOf: 0.1 },
    });
    assert.deepEqual(run(crontab({ a: 7, b: 0.5, c: 10, d: 1, e: 2.5, f: 0.3 }), schema), [
      'spec.a: Invalid value: 7: spec.a in body should be a multiple of 3',
      'spec.b: Invalid value: 0.5: spec.b in body should be a multiple of 0.3',
      'spec.c: Invalid value: 10: spec.c in body should be less than 10',
      'spec.d: Invalid value: 1: spec.d in body should be greater than 1',
      'spec.e: Invalid value: 2.5: spec.e in body should be greater than or equal to 2.75',
    ]);
  });

  it('reports types, with nullable and int-or-string', () => {
    const schema = specOf({
      a: { type: 'string' },
      b: { type: 'string', nullable: true },
      c: { type: 'integer' },
      d: { 'x-kubernetes-int-or-string': true },
      e: { 'x-kubernetes-int-or-string': true },
      f: { 'x-kubernetes-int-or-string': true },
      g: { type: 'object' },
      h: { type: 'array', items: { type: 'string' } },
      i: { type: 'number' },
    });
    assert.deepEqual(run(crontab({ a: null, b: null, c: 1.5, d: 'x', e: 3, f: true, g: [1], h: {}, i: 3 }), schema), [
      'spec.a: Invalid value: "null": spec.a in body must be of type string: "null"',
      'spec.c: Invalid value: "number": spec.c in body must be of type integer: "number"',
      'spec.f: Invalid value: "boolean": spec.f in body must be of type integer,string: "boolean"',
      'spec.g: Invalid value: "array": spec.g in body must be of type object: "array"',
      'spec.h: Invalid value: "object": spec.h in body must be of type array: "object"',
    ]);
  });

  it('checks the formats upstream supports and ignores the others', () => {
    const schema = specOf({
      a: { type: 'string', format: 'date-time' },
      b: { type: 'string', format: 'date-time' },
      c: { type: 'string', format: 'k8s-style' },
      d: { type: 'string', format: 'ipv4' },
      e: { type: 'string', format: 'quantity' },
      f: { type: 'string', format: 'uuid' },
      g: { type: 'integer', format: 'int32' },
    });
    assert.deepEqual(
      run(crontab({ a: 'nope', b: '2024-01-02T03:04:05Z', c: 'x', d: '10.0.0.1', e: 'abc', f: 'x', g: 5 }), schema),
      [
        'spec.a: Invalid value: "nope": spec.a in body must be of type date-time: "nope"',
        'spec.e: Invalid value: "abc": spec.e in body must be of type quantity: "abc"',
        'spec.f: Invalid value: "x": spec.f in body must be of type uuid: "x"',
      ],
    );
  });

  it('names list items and map entries as kube-openapi does', () => {
    const items = specOf({
      items: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    });
    assert.deepEqual(run(crontab({ items: [{ name: 'a' }, {}, { name: 3 }] }), items), [
      'spec.items[1].name: Required value',
      'spec.items[2].name: Invalid value: "integer": spec.items[2].name in body must be of type string: "integer"',
    ]);
    assert.deepEqual(
      run(
        crontab({ labels: { a: 'x', b: 2 } }),
        specOf({ labels: { type: 'object', additionalProperties: { type: 'string' } } }),
      ),
      ['spec.labels.b: Invalid value: "integer": spec.labels.b in body must be of type string: "integer"'],
    );
    assert.deepEqual(
      run(crontab({ labels: { a: 'x' } }), specOf({ labels: { type: 'object', additionalProperties: false } })),
      ['spec.labels: Invalid value: "a": spec.labels.a in body is a forbidden property'],
    );
  });

  it('puts junctor failures on the <nil> path, as upstream prints them', () => {
    const schema = specOf({
      a: { type: 'string', anyOf: [{ pattern: '^y' }, { maxLength: 0 }] },
      b: { type: 'integer', oneOf: [{ minimum: 1 }, { maximum: 10 }] },
      c: { type: 'integer', not: { minimum: 1 } },
      d: { type: 'string', allOf: [{ pattern: '^y' }] },
      e: { type: 'integer', oneOf: [{ minimum: 10 }, { maximum: 1 }] },
    });
    assert.deepEqual(run(crontab({ a: 'x', b: 5, c: 5, d: 'x', e: 5 }), schema), [
      '<nil>: Invalid value: "": "spec.a" must validate at least one schema (anyOf)',
      `spec.a: Invalid value: "x": spec.a in body should match '^y'`,
      '<nil>: Invalid value: "": "spec.b" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.c" must not validate the schema (not)',
      `spec.d: Invalid value: "x": spec.d in body should match '^y'`,
      '<nil>: Invalid value: "": "spec.d" must validate all the schemas (allOf). None validated',
      '<nil>: Invalid value: "": "spec.e" must validate one and only one schema (oneOf). Found none valid',
      'spec.e: Invalid value: 5: spec.e in body should be greater than or equal to 10',
    ]);
  });

  it('reports a negative multipleOf', () => {
    assert.deepEqual(run(crontab({ a: 4 }), specOf({ a: { type: 'integer', multipleOf: -2 } })), [
      'spec.a: Invalid value: -2: factor MultipleOf declared for spec.a must be positive: -2',
    ]);
  });

  it('reports uniqueItems duplicates', () => {
    assert.deepEqual(
      run(crontab({ u: [1, 1] }), specOf({ u: { type: 'array', items: { type: 'integer' }, uniqueItems: true } })),
      [`spec.u: Invalid value: "": spec.u in body shouldn't contain duplicates`],
    );
  });
});

describe('validateCustomResource: lists, embedded resources, scale', () => {
  it('finds duplicates in set and map lists', () => {
    const schema = specOf({
      tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      ports: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['port'],
        items: { type: 'object', properties: { port: { type: 'integer' }, name: { type: 'string' } } },
      },
      multi: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['a', 'b'],
        items: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } } },
      },
      bad: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['a'],
        items: { 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
    const obj = crontab({
      tags: ['a', 'b', 'a', 'a', 'c', 'b'],
      ports: [{ port: 80, name: 'x' }, { port: 80 }, { name: 'y' }, { name: 'z' }],
      multi: [
        { a: 1, b: 2 },
        { a: 1, b: 2 },
      ],
      bad: [1],
    });
    assert.deepEqual(run(obj, schema), [
      'spec.tags[2]: Duplicate value: "a"',
      'spec.tags[5]: Duplicate value: "b"',
      'spec.ports[1]: Duplicate value: map[string]interface {}{"port":80}',
      'spec.ports[3]: Duplicate value: map[string]interface {}{}',
      'spec.multi[1]: Duplicate value: map[string]interface {}{"a":1, "b":2}',
      'spec.bad[0]: Invalid value: 1: must be an object for an array of list-type map',
    ]);
  });

  it('validates embedded resources', () => {
    const embedded: JSONSchemaProps = {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
    };
    const obj = crontab({
      tpl: { metadata: { name: 'x', labels: { 'a b': 'c' } }, kind: 'Pod.x', apiVersion: 'a/b/c' },
      tpl2: { kind: 5, apiVersion: 'v1' },
      tpl3: { metadata: { name: 5 } },
    });
    const m = run(obj, specOf({ tpl: embedded, tpl2: embedded, tpl3: embedded }));
    assert.deepEqual(m.slice(0, 1), [
      `spec.tpl.metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]);
    assert.deepEqual(m.slice(2), [
      'spec.tpl.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      'spec.tpl2.kind: Invalid value: 5: must be a string',
      'spec.tpl3.apiVersion: Required value',
      'spec.tpl3.kind: Required value',
      'spec.tpl3.metadata: Invalid value: map[string]interface {}{"name":5}: json: cannot unmarshal number into Go struct field ObjectMeta.name of type string',
    ]);
    assert.ok(
      m[1].startsWith(
        'spec.tpl.kind: Invalid value: "Pod.x": may have mixed case, but should otherwise match: a DNS-1035 label',
      ),
    );
  });

  it('checks the scale subresource paths', () => {
    const scale = {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.status.selector',
    };
    assert.deepEqual(run(crontab({ replicas: -1 }), undefined, { scale }), [
      '.spec.replicas: Invalid value: -1: should be a non-negative integer',
    ]);
    const obj = { ...crontab({ replicas: 'x' }), status: { replicas: 2147483648, selector: 3 } };
    assert.deepEqual(run(obj, undefined, { scale }), [
      '.spec.replicas: Invalid value: 0: .spec.replicas accessor error: x is of the type string, expected int64',
      '.status.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647',
      '.status.selector: Invalid value: "": .status.selector accessor error: 3 is of the type int64, expected string',
    ]);
    assert.deepEqual(run(obj, undefined, { scale, statusUpdate: true }).length, 2);
  });
});

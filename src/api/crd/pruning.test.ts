import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontab, crontabSchema } from './crontab-fixture.js';
import { pruneUnknownFields, strictDecodingError, unknownFieldWarnings } from './pruning.js';
import type { JSONSchemaProps } from './types.js';

describe('pruneUnknownFields', () => {
  it('drops unknown fields of a CronTab and keeps apiVersion, kind and metadata', () => {
    const obj: Record<string, unknown> = { ...crontab({ cronSpec: '* * * * */5', foo: 1, replicas: 2 }), junk: true };
    (obj.metadata as Record<string, unknown>).bogus = 'x';
    const pruned = pruneUnknownFields(obj, crontabSchema());
    assert.deepEqual(pruned, ['junk', 'metadata.bogus', 'spec.foo']);
    assert.deepEqual(obj, {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'my-new-cron-object', namespace: 'default' },
      spec: { cronSpec: '* * * * */5', replicas: 2 },
    });
  });

  it('walks list items and additionalProperties values', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
            grid: {
              type: 'array',
              items: { type: 'array', items: { type: 'object', properties: { x: { type: 'integer' } } } },
            },
            byName: {
              type: 'object',
              additionalProperties: { type: 'object', properties: { port: { type: 'integer' } } },
            },
          },
        },
      },
    };
    const obj = {
      spec: {
        items: [{ name: 'a', extra: 1 }, { name: 'b' }],
        grid: [[{ x: 1, y: 2 }]],
        byName: { web: { port: 80, proto: 'TCP' } },
      },
    };
    assert.deepEqual(pruneUnknownFields(obj, schema), [
      'spec.byName.web.proto',
      'spec.grid[0][0].y',
      'spec.items[0].extra',
    ]);
    assert.deepEqual(obj.spec, {
      items: [{ name: 'a' }, { name: 'b' }],
      grid: [[{ x: 1 }]],
      byName: { web: { port: 80 } },
    });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields, until properties are specified again', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { strict: { type: 'object', properties: { a: { type: 'string' } } } },
        },
      },
    };
    const obj = { spec: { anything: { deep: [1, { x: 2 }] }, strict: { a: 'x', b: 'y' } } };
    assert.deepEqual(pruneUnknownFields(obj, schema), ['spec.strict.b']);
    assert.deepEqual(obj.spec, { anything: { deep: [1, { x: 2 }] }, strict: { a: 'x' } });
  });

  it('keeps TypeMeta and ObjectMeta of embedded resources and drops the rest', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              properties: { spec: { type: 'object', properties: {} } },
            },
          },
        },
      },
    };
    const obj = {
      spec: {
        template: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', weird: 1 },
          spec: { containers: [] },
          status: {},
        },
      },
    };
    assert.deepEqual(pruneUnknownFields(obj, schema), [
      'spec.template.metadata.weird',
      'spec.template.spec.containers',
      'spec.template.status',
    ]);
    assert.deepEqual(obj.spec.template, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} });
  });

  it('prunes everything below a field that has no schema', () => {
    const obj = { spec: { a: { b: 1 } } };
    assert.deepEqual(pruneUnknownFields(obj, { type: 'object', properties: { spec: { type: 'object' } } }), ['spec.a']);
    assert.deepEqual(obj, { spec: {} });
  });

  it('prunes the root of a non-resource value silently for its meta fields', () => {
    const value = { kind: 'x', other: 1 };
    assert.deepEqual(pruneUnknownFields(value, { type: 'object', properties: {} }, false), ['other']);
    assert.deepEqual(value, {});
  });
});

describe('unknown field messages', () => {
  it('words warnings and the strict error as upstream', () => {
    assert.deepEqual(unknownFieldWarnings(['spec.foo', 'spec.items[0].bar']), [
      'unknown field "spec.foo"',
      'unknown field "spec.items[0].bar"',
    ]);
    assert.equal(
      strictDecodingError(['spec.foo', 'spec.bar']),
      'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    );
    assert.equal(strictDecodingError([]), undefined);
  });
});

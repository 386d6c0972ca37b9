import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontab, crontabSchema } from './crontab-fixture.js';
import { applyDefaults } from './defaulting.js';
import type { JSONSchemaProps } from './types.js';

describe('applyDefaults', () => {
  it('fills a missing field of a CronTab', () => {
    const schema = crontabSchema();
    schema.properties!.spec.properties!.replicas.default = 1;
    const obj = applyDefaults(crontab({ cronSpec: '* * * * *' }), schema);
    assert.deepEqual(obj.spec, { cronSpec: '* * * * *', replicas: 1 });
  });

  it('defaults at every level: objects created by defaults, list items, map values', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          default: {},
          properties: {
            mode: { type: 'string', default: 'auto' },
            items: {
              type: 'array',
              items: { type: 'object', properties: { weight: { type: 'integer', default: 10 } } },
            },
            byName: {
              type: 'object',
              additionalProperties: { type: 'object', properties: { port: { type: 'integer', default: 80 } } },
            },
          },
        },
      },
    };
    const none: Record<string, unknown> = {};
    applyDefaults(none, schema);
    assert.deepEqual(none, { spec: { mode: 'auto' } });
    const obj = { spec: { items: [{}, { weight: 1 }], byName: { web: {}, db: { port: 5432 } } } };
    applyDefaults(obj, schema);
    assert.deepEqual(obj.spec, {
      mode: 'auto',
      items: [{ weight: 10 }, { weight: 1 }],
      byName: { web: { port: 80 }, db: { port: 5432 } },
    });
  });

  it('copies defaults instead of sharing them', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { spec: { type: 'object', default: { tags: ['a'] } } },
    };
    const a = applyDefaults({} as Record<string, { tags: string[] }>, schema);
    a.spec.tags.push('b');
    assert.deepEqual(applyDefaults({}, schema), { spec: { tags: ['a'] } });
  });

  it('replaces a non-nullable null with the default, and keeps a nullable null', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        a: { type: 'string', default: 'x' },
        b: { type: 'string', default: 'y', nullable: true },
        c: { type: 'string' },
        d: { type: 'string', nullable: true },
        list: { type: 'array', items: { type: 'string', default: 'z' } },
        map: { type: 'object', additionalProperties: { type: 'string', default: 'w' } },
      },
    };
    const obj = applyDefaults({ a: null, b: null, c: null, d: null, list: [null, 'q'], map: { k: null } }, schema);
    assert.deepEqual(obj, { a: 'x', b: null, d: null, list: ['z', 'q'], map: { k: 'w' } });
  });

  it('leaves values under preserve-unknown-fields alone unless specified', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'integer', default: 5 } },
        },
      },
    };
    assert.deepEqual(applyDefaults({ spec: { other: null } }, schema), { spec: { other: null, known: 5 } });
  });
});

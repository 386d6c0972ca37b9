import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplySchema } from './apply-schema.js';
import { keyElement, pathString, type Path } from './field-path.js';
import { FieldSet } from './field-set.js';
import { fieldsV1Text } from './fields-v1.js';
import { ensureNamedFieldsAreMembers, removeItems, toFieldSet } from './to-field-set.js';
import { configMapSchema, cronTabSchema, deploymentSchema, serviceSchema } from './test-fixtures.js';

const f = (field: string) => ({ field });
const paths = (s: FieldSet) => s.paths().map(pathString);

describe('toFieldSet', () => {
  it('owns each data key of a ConfigMap and its labels, not the maps themselves', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { key: 'v' } };
    assert.equal(
      fieldsV1Text(toFieldSet(cm, configMapSchema())),
      '{"f:apiVersion":{},"f:data":{"f:key":{}},"f:kind":{},"f:metadata":{"f:labels":{"f:a":{}},"f:name":{}}}',
    );
  });

  it('keys Service ports by port and protocol, defaulting the protocol', () => {
    const svc = {
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 53, protocol: 'UDP' },
        ],
      },
    };
    assert.equal(
      fieldsV1Text(toFieldSet(svc, serviceSchema())),
      '{"f:spec":{"f:ports":{"k:{\\"port\\":53,\\"protocol\\":\\"UDP\\"}":{".":{},"f:port":{},"f:protocol":{}},' +
        '"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{},"f:targetPort":{}}}}}',
    );
  });

  it('owns finalizers one by one, and atomic lists whole', () => {
    const d = {
      metadata: { finalizers: ['b', 'a'] },
      spec: { template: { spec: { containers: [{ name: 'c', args: ['x'] }] } } },
    };
    assert.deepEqual(paths(toFieldSet(d, deploymentSchema())), [
      '.metadata.finalizers[="a"]',
      '.metadata.finalizers[="b"]',
      '.spec.template.spec.containers[name="c"]',
      '.spec.template.spec.containers[name="c"].args',
      '.spec.template.spec.containers[name="c"].name',
    ]);
  });

  it('owns null and empty struct fields, and every member of undeclared maps', () => {
    const d = {
      spec: { strategy: {}, paused: null, template: { spec: { containers: [{ name: 'c', resources: {} }] } } },
    };
    const set = toFieldSet(d, deploymentSchema());
    assert.ok(set.has([f('spec'), f('strategy')]));
    assert.ok(set.has([f('spec'), f('paused')]));
    const container = [
      f('spec'),
      f('template'),
      f('spec'),
      f('containers'),
      keyElement([{ name: 'name', value: 'c' }]),
    ];
    assert.ok(set.has([...container, f('resources')]));
    assert.ok(!set.has([f('spec')]));
  });

  it('walks a custom resource by its v3 schema and deduces preserved fields', () => {
    const cr = {
      spec: {
        hosts: ['h1'],
        args: ['a'],
        replicas: '50%',
        ports: [{ name: 'web', port: 80 }],
        selector: { a: 'b' },
        config: { nested: { deep: [1, 2] } },
      },
    };
    assert.deepEqual(paths(toFieldSet(cr, cronTabSchema())), [
      '.spec.args',
      '.spec.replicas',
      '.spec.selector',
      '.spec.config.nested',
      '.spec.config.nested.deep',
      '.spec.hosts[="h1"]',
      '.spec.ports[name="web"]',
      '.spec.ports[name="web"].name',
      '.spec.ports[name="web"].port',
    ]);
  });

  it('owns an item whose key repeats as a whole', () => {
    const d = {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'c',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'A', value: '2' },
                ],
              },
            ],
          },
        },
      },
    };
    const set = toFieldSet(d, deploymentSchema());
    const env = [
      f('spec'),
      f('template'),
      f('spec'),
      f('containers'),
      keyElement([{ name: 'name', value: 'c' }]),
      f('env'),
    ];
    const a = keyElement([{ name: 'name', value: 'A' }]);
    assert.ok(set.has([...env, a]));
    assert.ok(!set.has([...env, a, f('value')]));
  });
});

describe('removeItems', () => {
  it('removes map members and list items, leaving emptied containers null', () => {
    const obj = { metadata: { labels: { a: '1' }, finalizers: ['x', 'y'] }, data: { k: 'v' } };
    const toRemove = FieldSet.of(
      [f('metadata'), f('labels'), f('a')],
      [f('metadata'), f('finalizers'), { value: 'x' }],
      [f('data')],
    );
    assert.deepEqual(removeItems(obj, toRemove, configMapSchema()), { metadata: { labels: null, finalizers: ['y'] } });
  });

  it('leaves what it does not name untouched', () => {
    const obj = { a: { b: 1, c: [1, 2] } };
    assert.deepEqual(removeItems(obj, FieldSet.of([f('a'), f('b')]), ApplySchema.deduced()), { a: { c: [1, 2] } });
  });
});

describe('ensureNamedFieldsAreMembers', () => {
  it('makes struct fields with members below them members, not map keys', () => {
    const s: Path[] = [
      [f('spec'), f('strategy'), f('type')],
      [f('metadata'), f('labels'), f('app')],
    ];
    assert.deepEqual(paths(ensureNamedFieldsAreMembers(FieldSet.of(...s), deploymentSchema())), [
      '.metadata',
      '.spec',
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.strategy',
      '.spec.strategy.type',
    ]);
  });
});

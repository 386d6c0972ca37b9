import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplySchema } from './apply-schema.js';
import { pathString } from './field-path.js';
import type { FieldSet } from './field-set.js';
import { compareObjects, isSame, mergeObjects } from './merge.js';
import { cronTabSchema, deploymentSchema } from './test-fixtures.js';

const paths = (s: FieldSet) => s.paths().map(pathString);
const ports = (...names: string[]) => ({ spec: { ports: names.map((name) => ({ name, port: name.length })) } });
const names = (obj: unknown) =>
  ((obj as { spec: { ports: { name: string }[] } }).spec.ports ?? []).map((p) => p.name).join(',');

describe('mergeObjects', () => {
  it('merges maps member by member, the configuration winning on leaves', () => {
    const live = { metadata: { labels: { a: '1', b: '2' } }, spec: { replicas: 1, paused: true } };
    const config = { metadata: { labels: { b: 'x', c: '3' } }, spec: { replicas: 3 } };
    assert.deepEqual(mergeObjects(live, config, deploymentSchema()), {
      metadata: { labels: { a: '1', b: 'x', c: '3' } },
      spec: { replicas: 3, paused: true },
    });
  });

  it('replaces atomic maps and lists whole', () => {
    const live = {
      spec: {
        selector: { matchLabels: { a: '1' } },
        template: { spec: { containers: [{ name: 'c', args: ['1', '2'] }] } },
      },
    };
    const config = {
      spec: { selector: { matchLabels: { b: '2' } }, template: { spec: { containers: [{ name: 'c', args: ['3'] }] } } },
    };
    assert.deepEqual(mergeObjects(live, config, deploymentSchema()), config);
  });

  it('keeps live map-list order and appends new items in configuration order', () => {
    const s = cronTabSchema();
    assert.equal(names(mergeObjects(ports('a', 'b'), ports('c', 'd'), s)), 'a,b,c,d');
    assert.equal(names(mergeObjects(ports('a', 'b'), ports('a', 'x', 'b'), s)), 'a,x,b');
    assert.equal(names(mergeObjects(ports('a', 'b'), ports('x', 'a'), s)), 'x,a,b');
  });

  it('follows the configuration’s order for items both sides hold', () => {
    assert.equal(names(mergeObjects(ports('a', 'b', 'c'), ports('c', 'a'), cronTabSchema())), 'b,c,a');
  });

  it('unions set items and merges the items of a key', () => {
    const live = { spec: { hosts: ['a', 'b'], ports: [{ name: 'web', port: 80 }] } };
    const config = { spec: { hosts: ['c', 'a'], ports: [{ name: 'web', port: 8080 }] } };
    assert.deepEqual(mergeObjects(live, config, cronTabSchema()), {
      spec: { hosts: ['c', 'a', 'b'], ports: [{ name: 'web', port: 8080 }] },
    });
  });

  it('replaces the items of a repeated live key with the configuration’s, and keeps untouched repeats in place', () => {
    const env = (...pairs: [string, string][]) => ({
      spec: {
        template: { spec: { containers: [{ name: 'c', env: pairs.map(([name, value]) => ({ name, value })) }] } },
      },
    });
    const live = env(['A', '1'], ['B', '1'], ['A', '2'], ['C', '1'], ['C', '2']);
    const merged = mergeObjects(live, env(['A', '9']), deploymentSchema());
    assert.deepEqual(merged, env(['A', '9'], ['B', '1'], ['C', '1'], ['C', '2']));
  });

  it('keeps {} and null apart and lets a deduced value change kind', () => {
    const s = ApplySchema.deduced();
    assert.deepEqual(mergeObjects({ a: { b: 1 } }, { a: 'x', c: {}, d: null }, s), { a: 'x', c: {}, d: null });
  });
});

describe('compareObjects', () => {
  it('reports added, modified and removed leaves and added containers', () => {
    const before = { spec: { replicas: 1, paused: true }, metadata: { labels: { a: '1' } } };
    const after = {
      spec: { replicas: 2, minReadySeconds: 5 },
      metadata: { labels: { a: '1' }, annotations: { n: 'v' } },
    };
    const c = compareObjects(before, after, deploymentSchema());
    assert.deepEqual(paths(c.modified), ['.spec.replicas']);
    assert.deepEqual(paths(c.added), ['.metadata.annotations', '.metadata.annotations.n', '.spec.minReadySeconds']);
    assert.deepEqual(paths(c.removed), ['.spec.paused']);
    assert.ok(!isSame(c));
    assert.ok(isSame(compareObjects(before, structuredClone(before), deploymentSchema())));
  });

  it('compares the items of a repeated key as one field', () => {
    const env = (...values: string[]) => ({
      spec: { template: { spec: { containers: [{ name: 'c', env: values.map((value) => ({ name: 'A', value })) }] } } },
    });
    const c = compareObjects(env('1'), env('1', '2'), deploymentSchema());
    assert.deepEqual(paths(c.modified), ['.spec.template.spec.containers[name="c"].env[name="A"]']);
    assert.ok(c.added.isEmpty());
    assert.ok(isSame(compareObjects(env('1', '2'), env('1', '2'), deploymentSchema())));
  });

  it('compares list items by key, not position', () => {
    const c = compareObjects(ports('a', 'b'), ports('b', 'a'), cronTabSchema());
    assert.ok(isSame(c));
    const d = compareObjects(ports('a'), ports('a', 'bb'), cronTabSchema());
    assert.deepEqual(paths(d.added), [
      '.spec.ports[name="bb"]',
      '.spec.ports[name="bb"].name',
      '.spec.ports[name="bb"].port',
    ]);
  });
});

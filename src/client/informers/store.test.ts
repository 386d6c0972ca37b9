import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Indexer, NAMESPACE_INDEX, metaNamespaceKey } from './store.js';
import { cm } from './fake-list-watch.js';
import type { KubeObject } from '../rest/resource-client.js';

const app = (o: KubeObject) => [String((o.metadata?.labels as Record<string, string> | undefined)?.app ?? '')];

describe('Indexer', () => {
  it('keys by namespace/name, or name when cluster-scoped', () => {
    assert.equal(metaNamespaceKey(cm('a', '1')), 'default/a');
    assert.equal(metaNamespaceKey({ metadata: { name: 'node1' } }), 'node1');
    assert.throws(() => metaNamespaceKey({ metadata: {} }));
  });

  it('adds, updates, deletes, gets and lists', () => {
    const s = new Indexer();
    s.add(cm('a', '1'));
    s.add(cm('b', '1', undefined, 'kube-system'));
    s.update(cm('a', '2'));
    assert.equal(s.get('default/a')?.metadata?.resourceVersion, '2');
    assert.deepEqual(s.listKeys().sort(), ['default/a', 'kube-system/b']);
    s.delete(cm('a', '2'));
    assert.equal(s.get('default/a'), undefined);
    assert.equal(s.list().length, 1);
  });

  it('keeps the namespace index and custom indexes current', () => {
    const s = new Indexer<KubeObject>({ app });
    s.add(cm('a', '1', { app: 'web' }));
    s.add(cm('b', '1', { app: 'web' }, 'other'));
    s.add(cm('c', '1', { app: 'db' }));
    assert.deepEqual(
      s
        .byIndex(NAMESPACE_INDEX, 'default')
        .map((o) => o.metadata?.name)
        .sort(),
      ['a', 'c'],
    );
    assert.equal(s.byIndex('app', 'web').length, 2);
    s.update(cm('a', '2', { app: 'db' }));
    assert.deepEqual(s.indexKeys('app', 'web'), ['other/b']);
    assert.deepEqual(s.indexKeys('app', 'db').sort(), ['default/a', 'default/c']);
    s.delete(cm('b', '2', undefined, 'other'));
    assert.deepEqual(s.listIndexFuncValues('app'), ['db']);
    assert.throws(() => s.byIndex('nope', 'x'), /does not exist/);
  });

  it('replace swaps the contents and indexes', () => {
    const s = new Indexer();
    s.add(cm('a', '1'));
    s.replace([cm('b', '5'), cm('c', '5', undefined, 'x')], '5');
    assert.deepEqual(s.listKeys().sort(), ['default/b', 'x/c']);
    assert.deepEqual(s.indexKeys(NAMESPACE_INDEX, 'default'), ['default/b']);
  });

  it('adds indexers only while empty', () => {
    const s = new Indexer<KubeObject>();
    s.addIndexers({ app });
    s.add(cm('a', '1', { app: 'x' }));
    assert.equal(s.byIndex('app', 'x').length, 1);
    assert.throws(() => s.addIndexers({ other: app }), /non-empty/);
  });
});

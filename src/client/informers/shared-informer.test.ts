import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectorFromSet } from '../../machinery/labels.js';
import type { KubeObject } from '../rest/resource-client.js';
import { FakeClock } from '../workqueue/fake-clock.js';
import { FakeListWatch, cm, listOf, until } from './fake-list-watch.js';
import { SharedIndexInformer, type EventHandler } from './shared-informer.js';

type Ev = [string, ...string[]];
const id = (o: KubeObject) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;

function recorder(events: Ev[]): EventHandler<KubeObject> {
  return {
    onAdd: (o, initial) => events.push(['add', id(o), String(initial)]),
    onUpdate: (a, b) => events.push(['update', id(a), id(b)]),
    onDelete: (o) => events.push(['delete', id(o)]),
  };
}

function setup(lists: ConstructorParameters<typeof FakeListWatch>[0], resyncMs = 0) {
  const lw = new FakeListWatch(lists);
  const clock = new FakeClock();
  const inf = new SharedIndexInformer<KubeObject>(lw, { resyncMs, clock });
  const events: Ev[] = [];
  inf.addEventHandler(recorder(events));
  const ac = new AbortController();
  const done = inf.run(ac.signal);
  return { lw, clock, inf, events, ac, done };
}

describe('SharedIndexInformer', () => {
  it('delivers the initial list as adds, then watch events; syncs', async () => {
    const { lw, inf, events, ac, done } = setup([listOf('10', [cm('a', '1'), cm('b', '2')])]);
    assert.equal(await inf.waitForSync(ac.signal), true);
    assert.equal(inf.hasSynced(), true);
    assert.deepEqual(events, [
      ['add', 'a@1', 'true'],
      ['add', 'b@2', 'true'],
    ]);
    const w = await lw.nthWatch(0);
    w.push('ADDED', cm('c', '11'));
    w.push('MODIFIED', cm('a', '12'));
    w.push('DELETED', cm('b', '13'));
    await until(() => events.length === 5);
    assert.deepEqual(events.slice(2), [
      ['add', 'c@11', 'false'],
      ['update', 'a@1', 'a@12'],
      ['delete', 'b@2'],
    ]);
    ac.abort();
    await done;
  });

  it('on 410 relists: vanished objects are deleted, kept ones updated, new ones added', async () => {
    const { lw, inf, events, ac, done } = setup([
      listOf('10', [cm('a', '1'), cm('b', '2')]),
      listOf('30', [cm('b', '25'), cm('d', '26')]),
    ]);
    const w = await lw.nthWatch(0);
    w.push('ERROR', { kind: 'Status', code: 410, reason: 'Expired' });
    await lw.nthWatch(1);
    assert.deepEqual(events.slice(2), [
      ['delete', 'a@1'],
      ['update', 'b@2', 'b@25'],
      ['add', 'd@26', 'false'],
    ]);
    assert.deepEqual(inf.indexer.listKeys().sort(), ['default/b', 'default/d']);
    assert.equal(inf.reflector.lastSyncResourceVersion(), '30');
    ac.abort();
    await done;
  });

  it('resyncs every period with onUpdate(obj, obj); 0 means never', async () => {
    const { lw, clock, events, ac, done } = setup([listOf('10', [cm('a', '1')])], 1000);
    await lw.nthWatch(0);
    events.length = 0;
    clock.step(999);
    assert.deepEqual(events, []);
    clock.step(1);
    assert.deepEqual(events, [['update', 'a@1', 'a@1']]);
    clock.step(1000);
    assert.equal(events.length, 2);
    ac.abort();
    assert.equal(clock.hasWaiters(), false);
    await done;

    const none = setup([listOf('10', [cm('a', '1')])], 0);
    await none.lw.nthWatch(0);
    assert.equal(none.clock.hasWaiters(), false);
    none.ac.abort();
    await none.done;
  });

  it('gives late handlers the cached objects as adds; removed handlers get nothing', async () => {
    const { lw, inf, ac, done } = setup([listOf('10', [cm('a', '1')])]);
    await lw.nthWatch(0);
    const late: Ev[] = [];
    const reg = inf.addEventHandler(recorder(late));
    assert.deepEqual(late, [['add', 'a@1', 'true']]);
    reg.remove();
    (await lw.nthWatch(0)).push('ADDED', cm('b', '11'));
    await until(() => inf.indexer.listKeys().length === 2);
    assert.equal(late.length, 1);
    ac.abort();
    await done;
  });

  it('isolates throwing handlers', async () => {
    const lw = new FakeListWatch([listOf('10', [cm('a', '1')])]);
    const errs: unknown[] = [];
    const inf = new SharedIndexInformer<KubeObject>(lw, { onHandlerError: (e) => errs.push(e) });
    const events: Ev[] = [];
    inf.addEventHandler({
      onAdd: () => {
        throw new Error('bad');
      },
    });
    inf.addEventHandler(recorder(events));
    const ac = new AbortController();
    const done = inf.run(ac.signal);
    await inf.waitForSync();
    assert.equal(errs.length, 1);
    assert.equal(events.length, 1);
    ac.abort();
    await done;
  });

  it('waitForSync resolves false when aborted first', async () => {
    const inf = new SharedIndexInformer<KubeObject>(new FakeListWatch([listOf('1', [])]));
    const ac = new AbortController();
    const p = inf.waitForSync(ac.signal);
    ac.abort();
    assert.equal(await p, false);
    assert.equal(inf.hasSynced(), false);
  });

  it('lister reads by namespace/name and label selector', async () => {
    const { inf, ac, done } = setup([
      listOf('10', [cm('a', '1', { app: 'web' }), cm('b', '1', { app: 'db' }), cm('c', '1', { app: 'web' }, 'x')]),
    ]);
    await inf.waitForSync();
    const names = (os: KubeObject[]) => os.map((o) => o.metadata?.name).sort();
    assert.equal(inf.lister.get('x', 'c')?.metadata?.name, 'c');
    assert.equal(inf.lister.get('default', 'c'), undefined);
    assert.deepEqual(names(inf.lister.list()), ['a', 'b', 'c']);
    assert.deepEqual(names(inf.lister.list('app=web')), ['a', 'c']);
    assert.deepEqual(names(inf.lister.list(selectorFromSet({ app: 'db' }))), ['b']);
    assert.deepEqual(names(inf.lister.listInNamespace('default', 'app in (web)')), ['a']);
    ac.abort();
    await done;
  });
});

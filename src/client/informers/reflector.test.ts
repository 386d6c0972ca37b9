import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../machinery/errors.js';
import { FakeClock } from '../workqueue/fake-clock.js';
import { FakeListWatch, cm, listOf, until } from './fake-list-watch.js';
import { Reflector } from './reflector.js';
import { Indexer } from './store.js';

const gone = () => new ApiError(410, 'Expired', 'too old resource version');

function setup(lw: FakeListWatch, clock = new FakeClock()) {
  const store = new Indexer();
  const errors: unknown[] = [];
  const r = new Reflector(lw, store, { clock, watchTimeoutSeconds: () => 300, onError: (e) => errors.push(e) });
  const ac = new AbortController();
  const done = r.run(ac.signal);
  return { store, r, ac, done, clock, errors };
}

describe('Reflector', () => {
  it('lists, then watches from the list RV with bookmarks, applying events', async () => {
    const lw = new FakeListWatch([listOf('10', [cm('a', '5'), cm('b', '6')])]);
    const { store, r, ac, done } = setup(lw);
    const w = await lw.nthWatch(0);
    assert.deepEqual(store.listKeys().sort(), ['default/a', 'default/b']);
    assert.equal(w.opts.resourceVersion, '10');
    assert.equal(w.opts.allowWatchBookmarks, true);
    assert.equal(w.opts.timeoutSeconds, 300);
    w.push('ADDED', cm('c', '11'));
    w.push('MODIFIED', cm('a', '12'));
    w.push('DELETED', cm('b', '13'));
    await until(() => r.lastSyncResourceVersion() === '13');
    assert.deepEqual(store.listKeys().sort(), ['default/a', 'default/c']);
    assert.equal(store.get('default/a')?.metadata?.resourceVersion, '12');
    ac.abort();
    await done;
  });

  it('re-watches from the last RV when a watch ends; bookmarks advance it', async () => {
    const lw = new FakeListWatch([listOf('10', [])]);
    const { r, ac, done } = setup(lw);
    const w0 = await lw.nthWatch(0);
    w0.push('BOOKMARK', { kind: 'ConfigMap', metadata: { resourceVersion: '20' } });
    await until(() => r.lastSyncResourceVersion() === '20');
    w0.end();
    const w1 = await lw.nthWatch(1);
    assert.equal(w1.opts.resourceVersion, '20');
    assert.equal(lw.listCalls.length, 1);
    ac.abort();
    await done;
  });

  it('relists at once on an ERROR event with code 410 and on a 410 watch error', async () => {
    const lw = new FakeListWatch([listOf('10', [cm('a', '1')]), listOf('30', [cm('b', '25')]), listOf('40', [])]);
    const { store, r, ac, done } = setup(lw);
    const w0 = await lw.nthWatch(0);
    w0.push('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' });
    const w1 = await lw.nthWatch(1);
    assert.equal(w1.opts.resourceVersion, '30');
    assert.deepEqual(store.listKeys(), ['default/b']);
    lw.watchErrors.push(gone());
    w1.end();
    await until(() => r.lastSyncResourceVersion() === '40');
    assert.equal(lw.listCalls.length, 3);
    assert.equal((await lw.nthWatch(2)).opts.resourceVersion, '40');
    ac.abort();
    await done;
  });

  it('backs off 800ms, doubling to 30s, on other errors', async () => {
    const err = new ApiError(500, 'InternalError', 'boom');
    const lw = new FakeListWatch([err, err, err, err, err, err, err, err, listOf('10', [])]);
    const { clock, ac, done, errors } = setup(lw);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await until(() => clock.hasWaiters());
      const [at] = clock.pendingTimers();
      delays.push(at - clock.now());
      clock.setTime(at);
    }
    assert.deepEqual(delays, [800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
    await lw.nthWatch(0);
    assert.equal(errors.length, 8);
    ac.abort();
    await done;
  });

  it('treats a non-410 ERROR event as a failure: backoff, then relist', async () => {
    const lw = new FakeListWatch([listOf('10', []), listOf('50', [])]);
    const { clock, r, ac, done } = setup(lw);
    (await lw.nthWatch(0)).push('ERROR', { kind: 'Status', code: 500, reason: 'InternalError' });
    await until(() => clock.hasWaiters());
    assert.deepEqual(clock.pendingTimers(), [800]);
    clock.step(800);
    await lw.nthWatch(1);
    assert.equal(r.lastSyncResourceVersion(), '50');
    ac.abort();
    await done;
  });

  it('stops when the signal aborts mid-watch and mid-backoff', async () => {
    const lw = new FakeListWatch([new Error('down')]);
    const { clock, ac, done } = setup(lw);
    await until(() => clock.hasWaiters());
    ac.abort();
    await done;
    assert.equal(lw.listCalls.length, 1);
  });
});

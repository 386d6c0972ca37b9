import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from './history.js';
import { CacheEntry, type CacheEvent } from './types.js';

const event = (rev: number, at: number): CacheEvent => ({
  type: 'MODIFIED',
  entry: new CacheEntry(`/registry/leases/kube-node-lease/n${rev}`, {}, rev),
  rev,
  at,
});
const revs = (evs: CacheEvent[]) => evs.map((e) => e.rev);

test('History drops events older than the window, but keeps the last keepAtLeast', () => {
  const h = new History({ retainMs: 100, max: 1000, keepAtLeast: 2 });
  h.reset(10);
  h.push([event(11, 0), event(12, 50), event(13, 60), event(14, 200)]);
  h.trim(200);
  // At 200, revs 11, 12 and 13 are older than 100 ms; 13 stays as one of the last two.
  assert.equal(h.length, 2);
  assert.deepEqual(revs(h.since(0)), [13, 14]);
  assert.equal(h.oldestRev, 12, 'a watch from 12 on still sees every later event');
  h.trim(10_000);
  assert.deepEqual(revs(h.since(0)), [13, 14], 'never fewer than keepAtLeast');
});

test('History caps the number of events however recent', () => {
  const h = new History({ retainMs: 1e9, max: 3, keepAtLeast: 0 });
  h.push([1, 2, 3, 4, 5].map((r) => event(r, 0)));
  h.trim(0);
  assert.deepEqual(revs(h.since(0)), [3, 4, 5]);
  assert.equal(h.oldestRev, 2);
});

test('History.since starts after the revision, with the events one txn shares kept together', () => {
  const h = new History({ retainMs: 1e9, max: 100, keepAtLeast: 0 });
  h.push([event(5, 0), event(7, 0), event(7, 0), event(9, 0)]);
  assert.deepEqual(revs(h.since(4)), [5, 7, 7, 9]);
  assert.deepEqual(revs(h.since(5)), [7, 7, 9]);
  assert.deepEqual(revs(h.since(6)), [7, 7, 9]);
  assert.deepEqual(revs(h.since(7)), [9]);
  assert.deepEqual(revs(h.since(9)), []);
});

test('History trimmed batch by batch holds exactly the window, in order, through its compactions', () => {
  const h = new History({ retainMs: 1000, max: 100_000, keepAtLeast: 10 });
  const all: CacheEvent[] = [];
  let rev = 0;
  for (let t = 0; t < 20_000; t += 7) {
    const batch = [event(++rev, t), event(++rev, t)];
    all.push(...batch);
    h.push(batch);
    h.trim(t);
    const kept = all.filter((e) => t - e.at <= 1000);
    assert.deepEqual(revs(h.since(0)), revs(kept));
    assert.equal(h.oldestRev, kept[0].rev - 1);
  }
  h.reset(rev);
  assert.equal(h.length, 0);
  assert.equal(h.oldestRev, rev);
});

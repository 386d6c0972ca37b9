import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from './queue.js';
import { isSettled } from './test-helpers.js';

async function item<T>(q: Queue<T>): Promise<T> {
  const r = await q.get();
  assert.equal(r.shutdown, false);
  return r.item as T;
}

test('Queue: FIFO order and len', async () => {
  const q = new Queue<string>();
  for (const x of ['a', 'b', 'c']) q.add(x);
  assert.equal(q.len(), 3);
  assert.deepEqual([await item(q), await item(q), await item(q)], ['a', 'b', 'c']);
  assert.equal(q.len(), 0);
});

test('Queue: duplicates waiting in the queue collapse, keeping the first position', async () => {
  const q = new Queue<string>();
  for (const x of ['a', 'b', 'a', 'c', 'b']) q.add(x);
  assert.equal(q.len(), 3);
  assert.deepEqual([await item(q), await item(q), await item(q)], ['a', 'b', 'c']);
});

test('Queue: adding an item being processed marks it dirty; done re-queues it once', async () => {
  const q = new Queue<string>();
  q.add('a');
  assert.equal(await item(q), 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'not queued while being processed');
  q.add('b');
  const second = q.get();
  assert.equal((await second).item, 'b', 'another worker gets other work, never the in-flight a');
  const third = q.get();
  assert.equal(await isSettled(third), false);
  q.done('a');
  assert.deepEqual(await third, { item: 'a', shutdown: false });
  q.done('a');
  q.done('b');
  assert.equal(q.len(), 0, 'done without a re-add does not re-queue');
});

test('Queue: done for an item not being processed is ignored', async () => {
  const q = new Queue<string>();
  q.add('a');
  q.done('a');
  assert.equal(q.len(), 1);
  assert.equal(await item(q), 'a');
  assert.equal(await isSettled(q.get()), false);
});

test('Queue: several waiting workers are served in call order, each a different item', async () => {
  const q = new Queue<string>();
  const waiters = [q.get(), q.get(), q.get()];
  assert.equal(await isSettled(waiters[0]), false);
  q.add('x');
  q.add('x');
  q.add('y');
  assert.equal(await isSettled(waiters[2]), false, 'x collapsed: only two items');
  q.add('z');
  const got = await Promise.all(waiters);
  assert.deepEqual(
    got.map((r) => r.item),
    ['x', 'y', 'z'],
  );
});

test('Queue: items compare by the key option', async () => {
  const q = new Queue<{ ns: string; name: string }>({ key: (o) => `${o.ns}/${o.name}` });
  q.add({ ns: 'a', name: 'x' });
  q.add({ ns: 'a', name: 'x' });
  q.add({ ns: 'b', name: 'x' });
  assert.equal(q.len(), 2);
  const first = await item(q);
  q.add({ ns: 'a', name: 'x' });
  assert.equal(q.len(), 1);
  q.done({ ns: 'a', name: 'x' });
  assert.equal(q.len(), 2);
  assert.deepEqual(first, { ns: 'a', name: 'x' });
});

test('Queue: shutDown wakes every waiting worker and ignores later adds', async () => {
  const q = new Queue<string>();
  const waiters = [q.get(), q.get()];
  assert.equal(q.shuttingDown(), false);
  q.shutDown();
  assert.equal(q.shuttingDown(), true);
  for (const r of await Promise.all(waiters)) assert.deepEqual(r, { item: undefined, shutdown: true });
  q.add('a');
  assert.equal(q.len(), 0);
  assert.deepEqual(await q.get(), { item: undefined, shutdown: true });
});

test('Queue: items queued before shutDown are still handed out, then shutdown', async () => {
  const q = new Queue<string>();
  q.add('a');
  q.add('b');
  q.shutDown();
  assert.equal(await item(q), 'a');
  assert.equal(await item(q), 'b');
  assert.equal((await q.get()).shutdown, true);
});

test('Queue: shutDownWithDrain waits for every in-flight item to be done', async () => {
  const q = new Queue<string>();
  q.add('a');
  q.add('b');
  assert.equal(await item(q), 'a');
  assert.equal(await item(q), 'b');
  const drained = q.shutDownWithDrain();
  assert.equal(q.shuttingDown(), true);
  assert.equal(await isSettled(drained), false);
  q.done('a');
  assert.equal(await isSettled(drained), false);
  q.done('b');
  assert.equal(await isSettled(drained), true);
});

test('Queue: shutDownWithDrain with nothing in flight resolves at once; shutDown cuts a drain short', async () => {
  const idle = new Queue<string>();
  assert.equal(await isSettled(idle.shutDownWithDrain()), true);

  const q = new Queue<string>();
  q.add('a');
  await item(q);
  const drained = q.shutDownWithDrain();
  assert.equal(await isSettled(drained), false);
  q.shutDown();
  assert.equal(await isSettled(drained), true);
});

test('Queue: a dirty item re-queued during a drain ends the drain and is still handed out', async () => {
  const q = new Queue<string>();
  q.add('a');
  await item(q);
  q.add('a');
  const drained = q.shutDownWithDrain();
  q.done('a');
  assert.equal(await isSettled(drained), true);
  assert.equal(q.len(), 1);
  assert.equal(await item(q), 'a');
  assert.equal((await q.get()).shutdown, true);
});

test('Queue: concurrent worker loops never hold one item twice, and every add is processed', async () => {
  const q = new Queue<number>();
  let seed = 42;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const inFlight = new Set<number>();
  const pendingAdds = new Set<number>();
  let processed = 0;
  const worker = async () => {
    for (;;) {
      const r = await q.get();
      if (r.shutdown) return;
      assert.equal(inFlight.has(r.item), false, `item ${r.item} handed to two workers`);
      inFlight.add(r.item);
      pendingAdds.delete(r.item);
      processed++;
      for (let i = rand(3); i > 0; i--) await Promise.resolve();
      if (rand(4) === 0) {
        q.add(r.item); // re-add while processing: must come back after done, not before
        pendingAdds.add(r.item);
      }
      inFlight.delete(r.item);
      q.done(r.item);
    }
  };
  const workers = Array.from({ length: 5 }, worker);
  for (let i = 0; i < 500; i++) {
    const n = rand(20);
    q.add(n);
    pendingAdds.add(n);
    if (rand(3) === 0) await Promise.resolve();
  }
  while (pendingAdds.size > 0 || inFlight.size > 0) await new Promise((r) => setImmediate(r));
  await q.shutDownWithDrain();
  await Promise.all(workers);
  assert.ok(processed >= 20);
  assert.equal(q.len(), 0);
});

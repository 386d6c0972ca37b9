import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedHeap } from './heap.js';

interface Item {
  k: string;
  v: number;
}
const heap = () =>
  new KeyedHeap<Item>(
    (i) => i.k,
    (a, b) => a.v < b.v,
  );

test('KeyedHeap pops in order and updates and deletes by key', () => {
  const h = heap();
  const values = [5, 3, 9, 1, 7, 2, 8, 6, 4, 0];
  values.forEach((v, i) => h.addOrUpdate({ k: `k${i}`, v }));
  h.addOrUpdate({ k: 'k2', v: -1 }); // 9 → -1
  assert.equal(h.delete('k0')?.v, 5);
  assert.equal(h.delete('nope'), undefined);
  const out: number[] = [];
  for (let it = h.pop(); it; it = h.pop()) out.push(it.v);
  assert.deepEqual(out, [-1, 0, 1, 2, 3, 4, 6, 7, 8]);
  assert.equal(h.size, 0);
});

test('KeyedHeap stays ordered under random operations', () => {
  const h = heap();
  const model = new Map<string, number>();
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let n = 0; n < 2000; n++) {
    const k = `k${Math.floor(rnd() * 50)}`;
    const op = rnd();
    if (op < 0.6) {
      const v = Math.floor(rnd() * 1000);
      h.addOrUpdate({ k, v });
      model.set(k, v);
    } else if (op < 0.8) {
      h.delete(k);
      model.delete(k);
    } else if (model.size) {
      const min = Math.min(...model.values());
      const top = h.pop()!;
      assert.equal(top.v, min);
      model.delete(top.k);
    }
    assert.equal(h.size, model.size);
  }
});

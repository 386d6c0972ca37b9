/**
 * KV.Txn compares: every target with every result, missing keys, ranges.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  b,
  compare as cmp,
  CompareResult as R,
  CompareTarget as T,
  currentRevision,
  forEachTarget,
  prefixEnd,
  type Msg,
} from './support.js';

forEachTarget([], (store) => {
  const c = () => store.client;
  const succeeded = async (compare: Msg[]) => (await c().txn({ compare })).succeeded as boolean;

  it('compares VERSION, CREATE, MOD, VALUE and LEASE with EQUAL, GREATER, LESS, NOT_EQUAL', async () => {
    const lease = (await c().call(c().lease, 'LeaseGrant', { TTL: 60 })).ID as string;
    const r0 = await currentRevision(c());
    await c().put({ key: b('cmp/k'), value: b('m') }); // r0+1
    await c().put({ key: b('cmp/k'), value: b('m'), lease }); // r0+2: version 2
    const numeric: [string, number, bigint][] = [
      ['VERSION', T.VERSION, 2n],
      ['CREATE', T.CREATE, BigInt(r0 + 1)],
      ['MOD', T.MOD, BigInt(r0 + 2)],
      ['LEASE', T.LEASE, BigInt(lease)],
    ];
    for (const [name, target, v] of numeric) {
      const cases: [number, bigint, boolean][] = [
        [R.EQUAL, v, true],
        [R.EQUAL, v - 1n, false],
        [R.GREATER, v - 1n, true],
        [R.GREATER, v, false],
        [R.LESS, v + 1n, true],
        [R.LESS, v, false],
        [R.NOT_EQUAL, v - 1n, true],
        [R.NOT_EQUAL, v, false],
      ];
      for (const [result, operand, expected] of cases) {
        assert.equal(
          await succeeded([cmp('cmp/k', target, result, operand)]),
          expected,
          `${name} ${result} ${operand}`,
        );
      }
    }
    const values: [number, string, boolean][] = [
      [R.EQUAL, 'm', true],
      [R.EQUAL, 'n', false],
      [R.GREATER, 'l', true],
      [R.GREATER, 'm', false],
      [R.GREATER, 'ma', false],
      [R.LESS, 'n', true],
      [R.LESS, 'ma', true],
      [R.LESS, 'm', false],
      [R.NOT_EQUAL, 'x', true],
      [R.NOT_EQUAL, 'm', false],
    ];
    for (const [result, operand, expected] of values) {
      assert.equal(await succeeded([cmp('cmp/k', T.VALUE, result, operand)]), expected, `VALUE ${result} ${operand}`);
    }
    // All compares must hold.
    assert.equal(await succeeded([cmp('cmp/k', T.VERSION, R.EQUAL, 2), cmp('cmp/k', T.VALUE, R.EQUAL, 'm')]), true);
    assert.equal(await succeeded([cmp('cmp/k', T.VERSION, R.EQUAL, 2), cmp('cmp/k', T.VALUE, R.EQUAL, 'x')]), false);
    assert.equal(await succeeded([]), true);
  });

  it('compares on a missing key use zero values, except VALUE which always fails', async () => {
    const cases: [number, number, unknown, boolean][] = [
      [T.VERSION, R.EQUAL, 0, true],
      [T.VERSION, R.GREATER, 0, false],
      [T.VERSION, R.LESS, 1, true],
      [T.CREATE, R.EQUAL, 0, true],
      [T.MOD, R.EQUAL, 0, true],
      [T.MOD, R.NOT_EQUAL, 0, false],
      [T.LEASE, R.EQUAL, 0, true],
      [T.VALUE, R.EQUAL, '', false],
      [T.VALUE, R.NOT_EQUAL, 'x', false],
      [T.VALUE, R.LESS, 'x', false],
      [T.VALUE, R.GREATER, '', false],
    ];
    for (const [target, result, operand, expected] of cases) {
      assert.equal(
        await succeeded([cmp('cmpm/missing', target, result, operand)]),
        expected,
        `${target} ${result} ${operand}`,
      );
    }
  });

  it('compares over a range: every key must match; an empty range compares like a missing key', async () => {
    await c().put({ key: b('cmpr/a'), value: b('x') });
    await c().put({ key: b('cmpr/b'), value: b('x') });
    await c().put({ key: b('cmpr/b'), value: b('x') });
    const end = prefixEnd('cmpr/');
    assert.equal(await succeeded([cmp('cmpr/', T.VERSION, R.GREATER, 0, end)]), true);
    assert.equal(await succeeded([cmp('cmpr/', T.VERSION, R.EQUAL, 1, end)]), false);
    assert.equal(await succeeded([cmp('cmpr/', T.VERSION, R.LESS, 3, end)]), true);
    assert.equal(await succeeded([cmp('cmpr/', T.VALUE, R.EQUAL, 'x', end)]), true);
    assert.equal(await succeeded([cmp('cmpr/a', T.VERSION, R.EQUAL, 1, b('cmpr/b'))]), true);
    assert.equal(await succeeded([cmp('cmpr/x', T.VERSION, R.EQUAL, 0, b('cmpr/z'))]), true);
    assert.equal(await succeeded([cmp('cmpr/x', T.VERSION, R.GREATER, 0, b('cmpr/z'))]), false);
    assert.equal(await succeeded([cmp('cmpr/x', T.VALUE, R.EQUAL, '', b('cmpr/z'))]), false);
    // range_end "\0": every key >= key (0xfe keys are the last this file writes).
    await c().put({ key: Buffer.from([0xfe, 1]), value: b('x') });
    await c().put({ key: Buffer.from([0xfe, 2]), value: b('x') });
    assert.equal(await succeeded([cmp(Buffer.from([0xfe, 1]), T.VERSION, R.EQUAL, 1, b('\0'))]), true);
  });
});

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { serialize } from 'node:v8';

interface Rows {
  rows: unknown[][];
  dropped: number[];
  leasesPut: [string, number][];
  leasesDeleted: string[];
  meta: [string, string][];
}
const { encodeRows, decodeRows } = createRequire(import.meta.url)('./batch-codec.cjs') as {
  encodeRows(rows: Rows): Buffer;
  decodeRows(bytes: Buffer): Rows;
};

const empty: Rows = { rows: [], dropped: [], leasesPut: [], leasesDeleted: [], meta: [] };
const full: Rows = {
  rows: [
    [1, 2, 0, Buffer.from('/registry/pods/default/web'), Buffer.alloc(70_000, 7), 2, 1, '0', 0],
    [2 ** 53 - 1, 2 ** 40, 3, Buffer.from([0, 0xff, 0x80]), Buffer.alloc(0), 9, 4, '7587869473298743812', 1],
    [3, 5, 1, Buffer.from('ключ'), Buffer.from('значение ✓'), 5, 1, '-1', 0],
  ],
  dropped: [17, 2 ** 52 + 1],
  leasesPut: [
    ['7587869473298743812', 60],
    ['1', 0],
  ],
  leasesDeleted: ['42', '9223372036854775807'],
  meta: [
    ['compact_rev', '12'],
    ['term', ''],
    ['名前', 'värde'],
  ],
};

describe('batch record codec', () => {
  it('decodes what it encodes: every list, numbers up to 2^53, binary and UTF-8 fields', () => {
    assert.deepEqual(decodeRows(encodeRows(empty)), empty);
    assert.deepEqual(decodeRows(encodeRows(full)), full);
  });

  it('reads records that V8 serialized, as earlier versions wrote them to the log', () => {
    const old = serialize(full);
    assert.equal(old[0], 0xff);
    assert.deepEqual(decodeRows(old), full);
  });

  it('refuses a truncated record and one with bytes past its end', () => {
    const bytes = encodeRows(full);
    for (const cut of [1, 5, 40, bytes.length - 70_010, bytes.length - 1]) {
      assert.throws(() => decodeRows(bytes.subarray(0, cut)), RangeError, `cut at ${cut}`);
    }
    assert.throws(() => decodeRows(Buffer.concat([bytes, Buffer.from([0])])), /past its end/);
  });
});

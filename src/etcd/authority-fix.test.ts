import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { patchHeaderBlock } from './authority-fix.js';

const hpack = createRequire(import.meta.url)('hpack.js');

type Header = { name: string; value: string; huffman?: boolean; neverIndex?: boolean };

function encode(headers: Header[]): Buffer {
  const c = hpack.compressor.create({ table: { size: 4096 } });
  c.write(headers);
  return c.read();
}

function decode(block: Buffer): Array<{ name: string; value: string }> {
  const d = hpack.decompressor.create({ table: { size: 4096 } });
  d.write(block);
  d.execute();
  const out: Array<{ name: string; value: string }> = [];
  for (let h = d.read(); h; h = d.read()) out.push({ name: h.name, value: h.value });
  return out;
}

describe('patchHeaderBlock', () => {
  for (const huffman of [true, false]) {
    it(`turns "/" into "-" in a ${huffman ? 'Huffman-coded' : 'plain'} :authority and leaves other fields alone`, () => {
      const block = encode([
        { name: ':method', value: 'POST', huffman },
        { name: ':authority', value: 'http://127.0.0.1:2379', huffman },
        { name: ':path', value: '/etcdserverpb.Maintenance/Status', huffman },
        { name: 'x-custom', value: 'a/b', huffman },
      ]);
      const before = block.length;
      patchHeaderBlock(block);
      assert.equal(block.length, before);
      assert.deepEqual(decode(block), [
        { name: ':method', value: 'POST' },
        { name: ':authority', value: 'http:--127.0.0.1:2379' },
        { name: ':path', value: '/etcdserverpb.Maintenance/Status' },
        { name: 'x-custom', value: 'a/b' },
      ]);
    });
  }

  it('patches an :authority whose name is sent as a literal', () => {
    const block = Buffer.concat([
      Buffer.from([0x00, 0x0a]),
      Buffer.from(':authority'),
      Buffer.from([0x08]),
      Buffer.from('https://'),
    ]);
    patchHeaderBlock(block);
    assert.deepEqual(decode(block), [{ name: ':authority', value: 'https:--' }]);
  });
});

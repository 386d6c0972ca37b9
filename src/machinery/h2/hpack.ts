/**
 * HPACK (RFC 7541) for the etcd HTTP/2 server: a decoder that keeps one connection's dynamic table and
 * an encoder that never indexes, so responses cost no table bookkeeping on either side. Header names and
 * values are byte strings (latin1, one char per byte) in both directions. The static table and Huffman
 * code come from hpack.js; the codec itself is here because hpack.js's stream classes are slow per request.
 */
import { createRequire } from 'node:module';

export class HpackError extends Error {}

interface HpackJs {
  huffman: { encode: Array<[number, number]> };
  'static-table': { table: Array<{ name: string; value: string }> };
}
const hpackJs = createRequire(import.meta.url)('hpack.js') as HpackJs;

const STATIC_NAMES = hpackJs['static-table'].table.map((e) => e.name);
const STATIC_VALUES = hpackJs['static-table'].table.map((e) => e.value);
const STATIC_LENGTH = STATIC_NAMES.length;
const ENTRY_OVERHEAD = 32;
const MAX_INT = 2 ** 31 - 1;
const MAX_INT_CONTINUATIONS = 5;

/** name -> its first static index, and the index of each static (name, value) pair. */
const STATIC_INDEX = buildStaticIndex();

function buildStaticIndex(): Map<string, { index: number; values: Map<string, number> }> {
  const byName = new Map<string, { index: number; values: Map<string, number> }>();
  STATIC_NAMES.forEach((name, i) => {
    let entry = byName.get(name);
    if (!entry) byName.set(name, (entry = { index: i + 1, values: new Map() }));
    if (!entry.values.has(STATIC_VALUES[i])) entry.values.set(STATIC_VALUES[i], i + 1);
  });
  return byName;
}

// Huffman decoding is a state machine over nibbles (as in nghttp2): a state is an internal node of the code
// tree, and HUFFMAN[state << 4 | nibble] packs the next state, the symbol completed on the way (if any) and
// whether EOS was hit. A string may end only in a state reached from the root by at most 7 one-bits.
const HUFFMAN_EMIT = 0x10000;
const HUFFMAN_FAIL = 0x20000;
const EOS = 256;
const { transitions: HUFFMAN, accepting: HUFFMAN_ACCEPTING } = buildHuffmanMachine(hpackJs.huffman.encode);

/** Children of the code tree's internal nodes: child > 0 is a node id, child < 0 is leaf -(symbol + 1). */
function buildHuffmanTree(codes: Array<[number, number]>): Int32Array {
  const children = new Int32Array(2 * codes.length);
  let nodes = 1;
  codes.forEach(([bits, code], symbol) => {
    let node = 0;
    for (let i = bits - 1; i > 0; i--) {
      const slot = 2 * node + ((code >>> i) & 1);
      if (children[slot] === 0) children[slot] = nodes++;
      node = children[slot];
    }
    children[2 * node + (code & 1)] = -(symbol + 1);
  });
  return children;
}

function buildHuffmanMachine(codes: Array<[number, number]>) {
  const children = buildHuffmanTree(codes);
  const states = codes.length - 1;
  const transitions = new Int32Array(states * 16);
  for (let state = 0; state < states; state++) {
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state;
      let entry = 0;
      for (let bit = 3; bit >= 0; bit--) {
        const child = children[2 * node + ((nibble >> bit) & 1)];
        if (child > 0) {
          node = child;
          continue;
        }
        const symbol = -child - 1;
        entry |= symbol === EOS ? HUFFMAN_FAIL : HUFFMAN_EMIT | (symbol << 8);
        node = 0;
      }
      transitions[(state << 4) | nibble] = entry | node;
    }
  }
  const accepting = new Uint8Array(states);
  for (let node = 0, depth = 0; depth <= 7; depth++, node = children[2 * node + 1]) accepting[node] = 1;
  return { transitions, accepting };
}

let huffmanOut = Buffer.allocUnsafe(4096);

function huffmanDecode(src: Buffer, start: number, end: number): string {
  const maxLength = Math.ceil(((end - start) * 8) / 5);
  if (huffmanOut.length < maxLength) huffmanOut = Buffer.allocUnsafe(maxLength);
  const out = huffmanOut;
  let n = 0;
  let state = 0;
  for (let i = start; i < end; i++) {
    const byte = src[i];
    let entry = HUFFMAN[(state << 4) | (byte >> 4)];
    if (entry & HUFFMAN_FAIL) throw new HpackError('EOS in Huffman-coded string');
    if (entry & HUFFMAN_EMIT) out[n++] = (entry >> 8) & 0xff;
    entry = HUFFMAN[((entry & 0xff) << 4) | (byte & 0xf)];
    if (entry & HUFFMAN_FAIL) throw new HpackError('EOS in Huffman-coded string');
    if (entry & HUFFMAN_EMIT) out[n++] = (entry >> 8) & 0xff;
    state = entry & 0xff;
  }
  if (!HUFFMAN_ACCEPTING[state]) throw new HpackError('invalid Huffman padding');
  return out.toString('latin1', 0, n);
}

/** The dynamic table as a ring of parallel arrays; entry 0 is the newest. */
class DynamicTable {
  private readonly names: string[];
  private readonly values: string[];
  private readonly sizes: number[];
  private newest = 0;
  private maxSize: number;
  length = 0;
  size = 0;

  constructor(private readonly limit: number) {
    this.maxSize = limit;
    const capacity = Math.max(1, Math.floor(limit / ENTRY_OVERHEAD));
    this.names = new Array<string>(capacity);
    this.values = new Array<string>(capacity);
    this.sizes = new Array<number>(capacity);
  }

  private slot(i: number): number {
    return (this.newest - i + this.names.length) % this.names.length;
  }

  name(i: number): string {
    return this.names[this.slot(i)];
  }

  value(i: number): string {
    return this.values[this.slot(i)];
  }

  add(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD;
    this.evictTo(this.maxSize - size);
    if (size > this.maxSize) return;
    this.newest = (this.newest + 1) % this.names.length;
    this.names[this.newest] = name;
    this.values[this.newest] = value;
    this.sizes[this.newest] = size;
    this.length++;
    this.size += size;
  }

  resize(maxSize: number): void {
    if (maxSize > this.limit) throw new HpackError(`table size update ${maxSize} exceeds ${this.limit}`);
    this.maxSize = maxSize;
    this.evictTo(maxSize);
  }

  private evictTo(size: number): void {
    while (this.length > 0 && this.size > size) {
      const oldest = this.slot(--this.length);
      this.size -= this.sizes[oldest];
      this.names[oldest] = this.values[oldest] = '';
    }
  }
}

const EMPTY: Buffer = Buffer.alloc(0);

/** Decodes header blocks of one connection (keeps the dynamic table between blocks). */
export class HpackDecoder {
  private readonly table: DynamicTable;
  private block = EMPTY;
  private pos = 0;

  constructor(maxTableSize = 4096) {
    this.table = new DynamicTable(maxTableSize);
  }

  /**
   * Decodes one complete header block; returns [name, value] pairs in order. Throws HpackError on
   * any malformed input (the connection is then closed with COMPRESSION_ERROR).
   */
  decode(block: Buffer): Array<[string, string]> {
    this.block = block;
    this.pos = 0;
    const headers: Array<[string, string]> = [];
    while (this.pos < block.length) {
      const first = block[this.pos];
      if (first & 0x80) headers.push(this.indexed());
      else if (first & 0x40) headers.push(this.literal(6, true));
      else if (first & 0x20) this.sizeUpdate(headers.length);
      else headers.push(this.literal(4, false));
    }
    this.block = EMPTY;
    return headers;
  }

  private indexed(): [string, string] {
    const index = this.integer(7);
    if (index === 0) throw new HpackError('indexed header field with index 0');
    return [this.nameAt(index), this.valueAt(index)];
  }

  private literal(prefix: number, addToTable: boolean): [string, string] {
    const index = this.integer(prefix);
    const name = index === 0 ? this.string() : this.nameAt(index);
    const value = this.string();
    if (addToTable) this.table.add(name, value);
    return [name, value];
  }

  private sizeUpdate(fieldsDecoded: number): void {
    if (fieldsDecoded > 0) throw new HpackError('dynamic table size update after a header field');
    this.table.resize(this.integer(5));
  }

  private nameAt(index: number): string {
    if (index <= STATIC_LENGTH) return STATIC_NAMES[index - 1];
    return this.table.name(this.dynamicIndex(index));
  }

  private valueAt(index: number): string {
    if (index <= STATIC_LENGTH) return STATIC_VALUES[index - 1];
    return this.table.value(this.dynamicIndex(index));
  }

  private dynamicIndex(index: number): number {
    const i = index - STATIC_LENGTH - 1;
    if (i >= this.table.length) throw new HpackError(`header index ${index} out of range`);
    return i;
  }

  private integer(prefix: number): number {
    const block = this.block;
    const max = (1 << prefix) - 1;
    let value = block[this.pos++] & max;
    if (value < max) return value;
    for (let shift = 0; shift < 7 * MAX_INT_CONTINUATIONS; shift += 7) {
      if (this.pos >= block.length) throw new HpackError('truncated integer');
      const byte = block[this.pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if (value > MAX_INT) throw new HpackError('integer exceeds 2^31 - 1');
      if ((byte & 0x80) === 0) return value;
    }
    throw new HpackError('integer has too many continuation bytes');
  }

  private string(): string {
    if (this.pos >= this.block.length) throw new HpackError('truncated header block');
    const huffman = this.block[this.pos] & 0x80;
    const length = this.integer(7);
    const start = this.pos;
    const end = start + length;
    if (end > this.block.length) throw new HpackError('truncated string literal');
    this.pos = end;
    return huffman ? huffmanDecode(this.block, start, end) : this.block.toString('latin1', start, end);
  }
}

/**
 * Encodes a header list without ever touching the dynamic table: an indexed static entry where
 * name and value match one exactly (':status: 200' is 0x88), otherwise a literal without indexing,
 * naming the static table's entry where the name is in it; strings are never Huffman-coded.
 */
export function encodeHeaders(headers: Array<[string, string]>, opts?: { tableSizeZero?: boolean }): Buffer {
  const out = Buffer.allocUnsafe(maxEncodedLength(headers));
  let pos = 0;
  if (opts?.tableSizeZero) out[pos++] = 0x20;
  for (const [name, value] of headers) {
    const entry = STATIC_INDEX.get(name);
    const index = entry?.values.get(value);
    if (index !== undefined) {
      pos = writeInteger(out, pos, 0x80, 7, index);
      continue;
    }
    pos = writeInteger(out, pos, 0x00, 4, entry?.index ?? 0);
    if (!entry) pos = writeString(out, pos, name);
    pos = writeString(out, pos, value);
  }
  return out.subarray(0, pos);
}

/**
 * A bound on the encoding: a representation byte, a name index of at most 2 bytes, or a name and
 * value each with a length of at most 6 bytes.
 */
function maxEncodedLength(headers: Array<[string, string]>): number {
  let length = 1;
  for (const [name, value] of headers) length += 13 + name.length + value.length;
  return length;
}

function writeInteger(out: Buffer, pos: number, flags: number, prefix: number, value: number): number {
  const max = (1 << prefix) - 1;
  if (value < max) {
    out[pos++] = flags | value;
    return pos;
  }
  out[pos++] = flags | max;
  for (value -= max; value >= 0x80; value = Math.floor(value / 0x80)) out[pos++] = (value & 0x7f) | 0x80;
  out[pos++] = value;
  return pos;
}

function writeString(out: Buffer, pos: number, s: string): number {
  pos = writeInteger(out, pos, 0x00, 7, s.length);
  return pos + out.write(s, pos, 'latin1');
}

/**
 * Tests for the HPACK codec: RFC 7541 Appendix C verbatim, hpack.js (an independent implementation) on
 * the other end of both directions, every malformed input the decoder must refuse, and the header
 * blocks that node:http2's nghttp2 actually sends, which is what the etcd server decodes.
 */
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { createRequire } from 'node:module';
import net, { type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { HpackDecoder, HpackError, encodeHeaders } from './hpack.js';

type Headers = Array<[string, string]>;
interface HpackJsHeader {
  name: string;
  value: string;
  huffman?: boolean;
  incremental?: boolean;
  neverIndex?: boolean;
}
interface HpackJsStream {
  write(data: unknown): void;
  read(): unknown;
}
const hpackJs = createRequire(import.meta.url)('hpack.js') as {
  compressor: { create(options: { table: { maxSize: number } }): HpackJsStream };
  decompressor: { create(options: { table: { maxSize: number } }): HpackJsStream & { execute(): void } };
};

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const entrySize = ([name, value]: [string, string]) => name.length + value.length + 32;

/** The dynamic table, newest first, read through indexed fields (62 onwards) until one is out of range. */
function tableOf(decoder: HpackDecoder): Headers {
  const entries: Headers = [];
  for (let index = 62; index < 255; index++) {
    const block = Buffer.from(index < 127 ? [0x80 | index] : [0xff, index - 127]);
    try {
      entries.push(...decoder.decode(block));
    } catch (err) {
      assert.ok(err instanceof HpackError);
      return entries;
    }
  }
  assert.fail('dynamic table larger than the probe');
}

function assertTable(decoder: HpackDecoder, expected: Headers, size: number): void {
  const table = tableOf(decoder);
  assert.deepEqual(table, expected);
  assert.equal(
    table.reduce((sum, entry) => sum + entrySize(entry), 0),
    size,
  );
}

/** A literal with incremental indexing and a new name, strings raw. */
function literalIncremental(name: string, value: string): Buffer {
  return Buffer.concat([Buffer.from([0x40]), rawString(name), rawString(value)]);
}

function rawString(s: string): Buffer {
  const length = s.length < 127 ? [s.length] : [0x7f, ...continuation(s.length - 127)];
  return Buffer.concat([Buffer.from(length), Buffer.from(s, 'latin1')]);
}

function continuation(value: number): number[] {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 0x80)) bytes.push((value & 0x7f) | 0x80);
  return [...bytes, value];
}

function hpackJsDecode(block: Buffer): Headers {
  const decompressor = hpackJs.decompressor.create({ table: { maxSize: 4096 } });
  decompressor.write(block);
  decompressor.execute();
  const headers: Headers = [];
  for (let h = decompressor.read() as HpackJsHeader | null; h; h = decompressor.read() as HpackJsHeader | null) {
    headers.push([h.name, h.value]);
  }
  return headers;
}

/** mulberry32: a seeded generator so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function randomString(next: () => number, maxLength: number, alphabet?: string): string {
  const length = Math.floor(next() * (maxLength + 1));
  let s = '';
  for (let i = 0; i < length; i++) {
    s += alphabet ? alphabet[Math.floor(next() * alphabet.length)] : String.fromCharCode(Math.floor(next() * 256));
  }
  return s;
}

const CUSTOM_KEY: Headers = [['custom-key', 'custom-header']];
const C3_REQUESTS: Headers[] = [
  [
    [':method', 'GET'],
    [':scheme', 'http'],
    [':path', '/'],
    [':authority', 'www.example.com'],
  ],
  [
    [':method', 'GET'],
    [':scheme', 'http'],
    [':path', '/'],
    [':authority', 'www.example.com'],
    ['cache-control', 'no-cache'],
  ],
  [
    [':method', 'GET'],
    [':scheme', 'https'],
    [':path', '/index.html'],
    [':authority', 'www.example.com'],
    ['custom-key', 'custom-value'],
  ],
];
const C3_TABLES: Array<[Headers, number]> = [
  [[[':authority', 'www.example.com']], 57],
  [
    [
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
    110,
  ],
  [
    [
      ['custom-key', 'custom-value'],
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
    164,
  ],
];

const DATE1 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const DATE2 = 'Mon, 21 Oct 2013 20:13:22 GMT';
const LOCATION = 'https://www.example.com';
const COOKIE = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';
const C5_RESPONSES: Headers[] = [
  [
    [':status', '302'],
    ['cache-control', 'private'],
    ['date', DATE1],
    ['location', LOCATION],
  ],
  [
    [':status', '307'],
    ['cache-control', 'private'],
    ['date', DATE1],
    ['location', LOCATION],
  ],
  [
    [':status', '200'],
    ['cache-control', 'private'],
    ['date', DATE2],
    ['location', LOCATION],
    ['content-encoding', 'gzip'],
    ['set-cookie', COOKIE],
  ],
];
const C5_TABLES: Array<[Headers, number]> = [
  [
    [
      ['location', LOCATION],
      ['date', DATE1],
      ['cache-control', 'private'],
      [':status', '302'],
    ],
    222,
  ],
  [
    [
      [':status', '307'],
      ['location', LOCATION],
      ['date', DATE1],
      ['cache-control', 'private'],
    ],
    222,
  ],
  [
    [
      ['set-cookie', COOKIE],
      ['content-encoding', 'gzip'],
      ['date', DATE2],
    ],
    215,
  ],
];

const C5_BLOCKS = [
  `4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133
   2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70
   6c65 2e63 6f6d`,
  '4803 3330 37c1 c0bf',
  `88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d
   54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049
   5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e
   3d31`,
];

function decodesInSequence(decoder: HpackDecoder, blocks: string[], expected: Headers[], tables: typeof C3_TABLES) {
  blocks.forEach((block, i) => {
    assert.deepEqual(decoder.decode(hex(block)), expected[i]);
    assertTable(decoder, ...tables[i]);
  });
}

describe('HpackDecoder: RFC 7541 Appendix C', () => {
  it('C.2.1 literal with indexing', () => {
    const decoder = new HpackDecoder();
    const block = '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572';
    assert.deepEqual(decoder.decode(hex(block)), CUSTOM_KEY);
    assertTable(decoder, CUSTOM_KEY, 55);
  });

  it('C.2.2 literal without indexing', () => {
    const decoder = new HpackDecoder();
    assert.deepEqual(decoder.decode(hex('040c 2f73 616d 706c 652f 7061 7468')), [[':path', '/sample/path']]);
    assertTable(decoder, [], 0);
  });

  it('C.2.3 literal never indexed', () => {
    const decoder = new HpackDecoder();
    assert.deepEqual(decoder.decode(hex('1008 7061 7373 776f 7264 0673 6563 7265 74')), [['password', 'secret']]);
    assertTable(decoder, [], 0);
  });

  it('C.2.4 indexed', () => {
    const decoder = new HpackDecoder();
    assert.deepEqual(decoder.decode(hex('82')), [[':method', 'GET']]);
    assertTable(decoder, [], 0);
  });

  it('C.3 requests without Huffman coding', () => {
    const blocks = [
      '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
      '8286 84be 5808 6e6f 2d63 6163 6865',
      '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
    ];
    decodesInSequence(new HpackDecoder(), blocks, C3_REQUESTS, C3_TABLES);
  });

  it('C.4 requests with Huffman coding', () => {
    const blocks = [
      '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
      '8286 84be 5886 a8eb 1064 9cbf',
      '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
    ];
    decodesInSequence(new HpackDecoder(), blocks, C3_REQUESTS, C3_TABLES);
  });

  it('C.5 responses without Huffman coding, evicting from a 256-byte table', () => {
    decodesInSequence(new HpackDecoder(256), C5_BLOCKS, C5_RESPONSES, C5_TABLES);
  });

  it('C.6 responses with Huffman coding, evicting from a 256-byte table', () => {
    const blocks = [
      `4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6
       2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3`,
      '4883 640e ffc1 c0bf',
      `88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab
       77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
       9587 3160 65c0 03ed 4ee5 b106 3d50 07`,
    ];
    decodesInSequence(new HpackDecoder(256), blocks, C5_RESPONSES, C5_TABLES);
  });
});

describe('HpackDecoder: dynamic table', () => {
  it('evicts the oldest entries on table size updates at the start of a block', () => {
    const decoder = new HpackDecoder(256);
    decodesInSequence(decoder, C5_BLOCKS, C5_RESPONSES, C5_TABLES);
    assert.deepEqual(decoder.decode(hex('3f59 82')), [[':method', 'GET']]);
    assertTable(decoder, [['set-cookie', COOKIE]], 98);
    assert.deepEqual(decoder.decode(hex('20 3fe101')), []);
    assertTable(decoder, [], 0);
    decoder.decode(literalIncremental('a', 'b'));
    assertTable(decoder, [['a', 'b']], 34);
  });

  it('empties the table for an entry larger than the table, and still returns the header', () => {
    const decoder = new HpackDecoder(256);
    decoder.decode(literalIncremental('small', 'x'));
    const large = 'y'.repeat(225);
    assert.deepEqual(decoder.decode(literalIncremental('large', large)), [['large', large]]);
    assertTable(decoder, [], 0);
    decoder.decode(literalIncremental('fits', 'z'.repeat(220)));
    assertTable(decoder, [['fits', 'z'.repeat(220)]], 256);
  });

  it('evicts just enough to fit a new entry, by the RFC entry size', () => {
    const decoder = new HpackDecoder(100);
    decoder.decode(Buffer.concat([literalIncremental('a', '1'.repeat(15)), literalIncremental('b', '2'.repeat(15))]));
    assertTable(
      decoder,
      [
        ['b', '2'.repeat(15)],
        ['a', '1'.repeat(15)],
      ],
      96,
    );
    decoder.decode(literalIncremental('c', ''));
    assertTable(
      decoder,
      [
        ['c', ''],
        ['b', '2'.repeat(15)],
      ],
      81,
    );
  });
});

describe('HpackDecoder: malformed input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['index 0', '80', /index 0/],
    ['index past the static table with an empty dynamic table', 'be', /out of range/],
    ['literal name index out of range', '7e 0178', /out of range/],
    ['integer over 2^31', 'ff ffff ffff 0f', /2\^31/],
    ['integer with too many continuation bytes', '0f 8080 8080 8000 00', /continuation/],
    ['truncated integer', 'ff 80', /truncated/],
    ['missing name string', '40', /truncated/],
    ['missing value string', '41', /truncated/],
    ['truncated string', '40 0561 62', /truncated/],
    ['truncated string length', '40 7f', /truncated/],
    ['Huffman padding of 8 bits', '01 81ff', /padding/],
    ['Huffman padding of 16 bits', '01 82ffff', /padding/],
    ['Huffman padding not all ones', '01 8118', /padding/],
    ['EOS inside a Huffman string', '01 84ff ffff ff', /EOS/],
    ['table size update after a header field', '82 20', /after a header field/],
    ['table size update over the maximum', '3f e21f', /exceeds/],
  ];
  for (const [name, block, message] of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => new HpackDecoder().decode(hex(block)),
        (err) => err instanceof HpackError && message.test(err.message),
      );
    });
  }

  it('accepts the limits just inside those', () => {
    const decoder = new HpackDecoder();
    assert.deepEqual(decoder.decode(hex('3fe11f 20 01 811f')), [[':authority', 'a']]);
    assert.deepEqual(decoder.decode(hex('01 84 18c6 31ff 01 80')), [
      [':authority', 'aaaaa'],
      [':authority', ''],
    ]);
    assert.deepEqual(decoder.decode(hex('0f 8080 8080 00 00')), [['accept-charset', '']]);
  });

  it('rejects an index one past the dynamic table', () => {
    const decoder = new HpackDecoder();
    decoder.decode(literalIncremental('a', 'b'));
    assert.deepEqual(decoder.decode(hex('be')), [['a', 'b']]);
    assert.throws(() => decoder.decode(hex('bf')), HpackError);
  });
});

describe('encodeHeaders', () => {
  const headers: Headers = [
    [':status', '200'],
    ['content-type', 'application/grpc'],
    ['grpc-status', '0'],
    ['grpc-message', ''],
    [':status', '503'],
    ['x-bytes', String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))],
    ['x-long-'.repeat(30), 'v'.repeat(70_000)],
    ['', ''],
  ];

  it('indexes exact static matches, names the static name index, and never touches the dynamic table', () => {
    assert.deepEqual(encodeHeaders([[':status', '200']]), Buffer.from([0x88]));
    assert.deepEqual(encodeHeaders([[':status', '200']], { tableSizeZero: true }), Buffer.from([0x20, 0x88]));
    assert.deepEqual(encodeHeaders([['content-type', 'a']]), hex('0f10 0161'));
    assert.deepEqual(encodeHeaders([['x', 'y']]), hex('00 0178 0179'));
    assert.deepEqual(encodeHeaders([]), Buffer.alloc(0));
  });

  it('round-trips through HpackDecoder', () => {
    const decoder = new HpackDecoder();
    assert.deepEqual(decoder.decode(encodeHeaders(headers, { tableSizeZero: true })), headers);
    assert.deepEqual(decoder.decode(encodeHeaders(headers)), headers);
    assertTable(decoder, [], 0);
  });

  it("round-trips through hpack.js's decompressor", () => {
    assert.deepEqual(hpackJsDecode(encodeHeaders(headers, { tableSizeZero: true })), headers);
    const next = random(1);
    for (let i = 0; i < 200; i++) {
      const list: Headers = Array.from({ length: 1 + Math.floor(next() * 10) }, () => [
        randomString(next, 20, 'abcdefghijklmnopqrstuvwxyz-'),
        randomString(next, 300),
      ]);
      assert.deepEqual(hpackJsDecode(encodeHeaders(list)), list);
    }
  });
});

describe('HpackDecoder against other encoders', () => {
  it("decodes hpack.js's compressor output, Huffman-coded, with many blocks sharing the dynamic table", () => {
    for (const tableSize of [4096, 256]) {
      const compressor = hpackJs.compressor.create({ table: { maxSize: tableSize } });
      const decoder = new HpackDecoder(tableSize);
      const next = random(tableSize);
      const names = Array.from({ length: 20 }, () => randomString(next, 16, 'abcdefghijklmnopqrstuvwxyz-_0123456789'));
      const values = Array.from({ length: 30 }, () => randomString(next, 60));
      const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
      for (let i = 0; i < 500; i++) {
        const list: HpackJsHeader[] = Array.from({ length: 1 + Math.floor(next() * 12) }, () => ({
          name: next() < 0.2 ? pick([':method', ':path', 'content-type', 'te', 'user-agent']) : pick(names),
          value: next() < 0.7 ? pick(values) : randomString(next, 200),
          huffman: next() < 0.9,
          incremental: next() < 0.9,
          neverIndex: next() < 0.05,
        }));
        compressor.write(list);
        const block = compressor.read() as Buffer;
        assert.deepEqual(
          decoder.decode(block),
          list.map((h) => [h.name, h.value]),
        );
      }
    }
  });

  it('decodes the header blocks of node:http2 (nghttp2) requests', async () => {
    const server = net.createServer();
    const sockets: net.Socket[] = [];
    let received = Buffer.alloc(0);
    const twoBlocks = new Promise<Buffer[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for two HEADERS frames')), 5000);
      server.on('connection', (socket) => {
        sockets.push(socket);
        socket.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          const blocks = headerBlocks(received);
          if (blocks.length < 2) return;
          clearTimeout(timer);
          resolve(blocks);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = http2.connect(`http://127.0.0.1:${port}`);
    client.on('error', () => {});
    const request = (i: number) => ({
      ':method': 'POST',
      ':path': '/etcdserverpb.KV/Put',
      'content-type': 'application/grpc',
      te: 'trailers',
      'x-long': 'a'.repeat(300),
      'x-request': `${i}\xe9`,
    });
    try {
      for (const i of [1, 2])
        client
          .request(request(i))
          .on('error', () => {})
          .end();
      const decoder = new HpackDecoder();
      const decoded = (await twoBlocks).map((block) => Object.fromEntries(decoder.decode(block)));
      assert.deepEqual(decoded, [
        { ...request(1), ':scheme': 'http', ':authority': `127.0.0.1:${port}` },
        { ...request(2), ':scheme': 'http', ':authority': `127.0.0.1:${port}` },
      ]);
    } finally {
      client.destroy();
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});

/** The header block fragments of the complete HEADERS frames after the client preface. */
function headerBlocks(data: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let pos = 24; pos + 9 <= data.length;) {
    const length = data.readUIntBE(pos, 3);
    const [type, flags] = [data[pos + 3], data[pos + 4]];
    const end = pos + 9 + length;
    if (end > data.length) break;
    if (type === 0x1) {
      assert.ok(flags & 0x4, 'HEADERS without END_HEADERS');
      const padding = flags & 0x8 ? data[pos + 9] : 0;
      const start = pos + 9 + (flags & 0x8 ? 1 : 0) + (flags & 0x20 ? 5 : 0);
      blocks.push(data.subarray(start, end - padding));
    }
    pos = end;
  }
  return blocks;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversionOptions, etcdTypes } from '../machinery/etcd-grpc/proto-types.js';
import { decodeDeleteRangeRequest, decodePutRequest, decodeRangeRequest, decodeTxnRequest } from './decode.js';
import type { Msg } from './rpc-client.js';

// The reference: protobufjs' decode and toObject, as the server's generic codecs use them.
const type = (name: string) => etcdTypes().lookupType(`etcdserverpb.${name}`);
const encode = (name: string, o: Msg) => Buffer.from(type(name).encode(type(name).fromObject(o)).finish());
const reference = (name: string, b: Buffer) => type(name).toObject(type(name).decode(b), conversionOptions);

const decoders: Record<string, (b: Buffer) => Msg> = {
  RangeRequest: decodeRangeRequest,
  PutRequest: decodePutRequest,
  DeleteRangeRequest: decodeDeleteRangeRequest,
  TxnRequest: decodeTxnRequest,
};

function same(name: string, b: Buffer): void {
  assert.deepEqual(decoders[name](b), reference(name, b), `${name} ${b.toString('hex')}`);
}

const k = (s: string) => Buffer.from(s);
const range = {
  key: k('/registry/pods/'),
  range_end: k('/registry/pods0'),
  limit: 500,
  revision: '9007199254740993',
  sort_order: 'DESCEND',
  sort_target: 'MOD',
  serializable: true,
  keys_only: true,
  count_only: true,
  min_mod_revision: 3,
  max_mod_revision: '-1',
  min_create_revision: 2 ** 40,
  max_create_revision: 7,
};

describe('request decoders', () => {
  it('decode what protobufjs encodes exactly as protobufjs decodes it', () => {
    for (const r of [{}, { key: k('a') }, range]) same('RangeRequest', encode('RangeRequest', r));
    for (const r of [
      {},
      { key: k('/k'), value: Buffer.alloc(70_000, 7) },
      { key: k('/k'), lease: '7587868459214591750', prev_kv: true, ignore_value: true, ignore_lease: true },
      { key: k('/k'), lease: '-5' },
    ])
      same('PutRequest', encode('PutRequest', r));
    for (const r of [{}, { key: k('a'), range_end: k('b'), prev_kv: true }])
      same('DeleteRangeRequest', encode('DeleteRangeRequest', r));
    // The apiserver's update, and a txn with every kind of compare and op, nested.
    const update = {
      compare: [{ target: 'MOD', key: k('/registry/pods/ns/p'), mod_revision: 41 }],
      success: [{ request_put: { key: k('/registry/pods/ns/p'), value: k('{"kind":"Pod"}') } }],
      failure: [{ request_range: { key: k('/registry/pods/ns/p') } }],
    };
    const everything = {
      compare: [
        { result: 'NOT_EQUAL', target: 'VERSION', key: k('a'), version: 0 },
        { result: 'GREATER', target: 'CREATE', key: k('a'), create_revision: 2, range_end: k('b') },
        { result: 'LESS', target: 'VALUE', key: k('a'), value: k('v') },
        { target: 'LEASE', key: k('a'), lease: '123' },
        { key: k('a') },
      ],
      success: [
        { request_delete_range: { key: k('a'), prev_kv: true } },
        { request_txn: { compare: [], success: [{ request_range: range }], failure: [{}] } },
        {},
      ],
      failure: [],
    };
    for (const r of [{}, update, everything]) same('TxnRequest', encode('TxnRequest', r));
  });

  it('treat odd bytes as protobufjs does', () => {
    const varint = (n: bigint) => {
      const out: number[] = [];
      let v = BigInt.asUintN(64, n);
      while (v >= 128n) {
        out.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      out.push(Number(v));
      return Buffer.from(out);
    };
    const field = (n: number, wireType: number, payload: Buffer) =>
      Buffer.concat([varint(BigInt(n * 8 + wireType)), payload]);
    const bytes = (n: number, b: Buffer) => field(n, 2, Buffer.concat([varint(BigInt(b.length)), b]));
    // Unknown fields of every wire type, including a group, are skipped.
    same(
      'PutRequest',
      Buffer.concat([
        field(99, 0, varint(5n)),
        field(98, 1, Buffer.alloc(8)),
        bytes(97, k('x')),
        field(96, 5, Buffer.alloc(4)),
        field(95, 3, Buffer.concat([field(1, 0, varint(1n)), field(95, 4, Buffer.alloc(0))])),
        bytes(1, k('key')),
      ]),
    );
    // int64s past 2^53 and negative; enums outside the enum, and negative; bools above one.
    same('RangeRequest', Buffer.concat([field(4, 0, varint(2n ** 62n + 1n)), field(3, 0, varint(-2n))]));
    same('RangeRequest', Buffer.concat([field(5, 0, varint(9n)), field(6, 0, varint(-1n)), field(7, 0, varint(300n))]));
    // Two members of a oneof: both kept, the oneof names the later in field order.
    const twoMembers = Buffer.concat([field(6, 0, varint(5n)), field(4, 0, varint(1n)), bytes(3, k('a'))]);
    same('TxnRequest', bytes(1, twoMembers));
    const put = encode('PutRequest', { key: k('p') });
    const del = encode('DeleteRangeRequest', { key: k('d') });
    same('TxnRequest', bytes(2, Buffer.concat([bytes(3, del), bytes(2, put)])));
    // Truncated messages are refused by both.
    for (const b of [Buffer.from([0x0a, 0x05, 0x61]), Buffer.from([0x18, 0xff]), Buffer.from([0x0a])]) {
      assert.throws(() => decodePutRequest(b));
      assert.throws(() => reference('PutRequest', b));
    }
  });
});

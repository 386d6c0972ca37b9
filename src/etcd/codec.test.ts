import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodeDeleteRangeResponse,
  encodePutResponse,
  encodeRangeResponse,
  encodeTxnResponse,
  encodeWatchResponse,
} from './codec.js';
import { serviceClient } from './proto.js';
import type { Msg } from './rpc-client.js';

// The reference: proto-loader's generic codecs, as grpc-js clients use them.
const kvService = serviceClient('KV').service;
const range = kvService.Range;
const watch = serviceClient('Watch').service.Watch;

const kv = (i: number, over: Partial<Msg> = {}) => ({
  key: Buffer.from(`/registry/pods/ns/p${i}`),
  create_revision: i + 2,
  mod_revision: 2 ** 40 + i,
  version: i,
  value: Buffer.alloc(i * 37, i),
  lease: i % 2 ? '7587868459214591750' : '0',
  ...over,
});
const header = { cluster_id: '12771766025120304711', member_id: '354675852591012300', revision: 123456, raft_term: 2 };

describe('codec', () => {
  it('encodes RangeResponse exactly as protobufjs decodes it', () => {
    for (const r of [
      { header, kvs: [0, 1, 2, 300].map((i) => kv(i)), more: true, count: 301 },
      { header: { ...header, revision: 0 }, kvs: [], more: false, count: 0 },
      { header, kvs: [kv(5, { value: Buffer.alloc(70_000, 1) })], count: '1' },
    ]) {
      assert.deepEqual(
        range.responseDeserialize(encodeRangeResponse(r)),
        range.responseDeserialize(range.responseSerialize(r)),
      );
    }
  });

  it('encodes WatchResponse exactly as protobufjs decodes it', () => {
    for (const r of [
      { header, watch_id: '3', created: true },
      { header, watch_id: -1, created: true, canceled: true, cancel_reason: 'mvcc: watcher range is empty' },
      { header: { ...header, revision: 0 }, watch_id: '0', canceled: true, compact_revision: 42 },
      {
        header,
        watch_id: '12',
        events: [
          { type: 'PUT', kv: kv(1), prev_kv: kv(2) },
          {
            type: 'DELETE',
            kv: {
              key: Buffer.from('k'),
              mod_revision: 9,
              create_revision: 0,
              version: 0,
              value: Buffer.alloc(0),
              lease: '0',
            },
          },
          { type: 'PUT', kv: kv(3) },
        ],
      },
    ]) {
      assert.deepEqual(
        watch.responseDeserialize(encodeWatchResponse(r)),
        watch.responseDeserialize(watch.responseSerialize(r)),
      );
    }
  });

  it('encodes PutResponse, DeleteRangeResponse and TxnResponse exactly as protobufjs decodes them', () => {
    const same = (method: 'Put' | 'DeleteRange' | 'Txn', encode: (r: Msg) => Buffer, r: Msg) =>
      assert.deepEqual(
        kvService[method].responseDeserialize(encode(r)),
        kvService[method].responseDeserialize(kvService[method].responseSerialize(r)),
      );
    same('Put', encodePutResponse, { header: { revision: 7 } });
    same('Put', encodePutResponse, { header, prev_kv: kv(4) });
    same('DeleteRange', encodeDeleteRangeResponse, { header, deleted: 0, prev_kvs: [] });
    same('DeleteRange', encodeDeleteRangeResponse, { header, deleted: 3, prev_kvs: [kv(1), kv(2), kv(300)] });
    // The apiserver's update (compare, then put or range), and nested txns with every kind of op.
    same('Txn', encodeTxnResponse, {
      header,
      succeeded: true,
      responses: [{ response_put: { header: { revision: 9 } } }],
    });
    same('Txn', encodeTxnResponse, {
      header,
      succeeded: false,
      responses: [{ response_range: { header: { revision: 9 }, kvs: [kv(2)], count: 1 } }],
    });
    same('Txn', encodeTxnResponse, {
      header,
      succeeded: true,
      responses: [
        { response_delete_range: { header: { revision: 10 }, deleted: 1, prev_kvs: [kv(5)] } },
        {
          response_txn: {
            header: {},
            succeeded: false,
            responses: [
              { response_put: { header: { revision: 10 }, prev_kv: kv(6) } },
              { response_txn: { header: {}, succeeded: true, responses: [] } },
            ],
          },
        },
        { response_range: { header: { revision: 10 }, kvs: [], more: false, count: 0 } },
      ],
    });
  });
});

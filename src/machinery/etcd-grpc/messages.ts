/**
 * The etcd v3 messages that the lean clients on {@link GrpcConn} (src/machinery/etcd-grpc/grpc-h2.ts) send and
 * read: the apiserver's storage client and the store benchmark. protobufjs types from the same
 * `.proto` files as the server (src/etcd/proto.ts), encoders that return framed bodies (so hot
 * loops can build them up front), and the shapes of the decoded replies. Decoded int64 fields are
 * protobufjs Longs (or numbers): {@link int} reads them; they go back into requests as they are.
 */
import type protobuf from 'protobufjs';
import { etcdTypes } from './proto-types.js';
import { frame } from './grpc-h2.js';

const root = etcdTypes();
const type = (name: string) => root.lookupType(`etcdserverpb.${name}`);

export const T = {
  PutRequest: type('PutRequest'),
  PutResponse: type('PutResponse'),
  RangeRequest: type('RangeRequest'),
  RangeResponse: type('RangeResponse'),
  TxnRequest: type('TxnRequest'),
  TxnResponse: type('TxnResponse'),
  WatchRequest: type('WatchRequest'),
  WatchResponse: type('WatchResponse'),
  StatusRequest: type('StatusRequest'),
  LeaseGrantRequest: type('LeaseGrantRequest'),
  LeaseGrantResponse: type('LeaseGrantResponse'),
  CompactionRequest: type('CompactionRequest'),
};

export const CompareTarget = root.lookupEnum('etcdserverpb.Compare.CompareTarget').values;
export const CompareResult = root.lookupEnum('etcdserverpb.Compare.CompareResult').values;

export const PATH = {
  put: '/etcdserverpb.KV/Put',
  range: '/etcdserverpb.KV/Range',
  txn: '/etcdserverpb.KV/Txn',
  compact: '/etcdserverpb.KV/Compact',
  watch: '/etcdserverpb.Watch/Watch',
  status: '/etcdserverpb.Maintenance/Status',
  leaseGrant: '/etcdserverpb.Lease/LeaseGrant',
};

/** An int64 as protobufjs decodes it. */
export type Int64 = number | { toString(): string };

/** An int64 field's value as a number (revisions and counts stay far below 2^53). */
export const int = (v: Int64 | null | undefined): number =>
  v == null ? 0 : typeof v === 'number' ? v : ((v as { toNumber?(): number }).toNumber?.() ?? Number(String(v)));

export interface KeyValueMsg {
  key: Buffer;
  value: Buffer;
  mod_revision: Int64;
  create_revision: Int64;
  version: Int64;
}
export interface HeaderMsg {
  revision: Int64;
}
export interface PutResponseMsg {
  header: HeaderMsg | null;
}
export interface RangeResponseMsg {
  header: HeaderMsg | null;
  kvs: KeyValueMsg[];
  more: boolean;
  count: Int64;
}
export interface TxnResponseMsg {
  header: HeaderMsg | null;
  succeeded: boolean;
  responses: { response_range?: RangeResponseMsg | null }[];
}
/** mvccpb.Event's types. */
export const EventType = { PUT: 0, DELETE: 1 } as const;

export interface WatchResponseMsg {
  header: HeaderMsg | null;
  watch_id: Int64;
  created: boolean;
  canceled: boolean;
  compact_revision: Int64;
  cancel_reason: string;
  events: { type: number; kv: KeyValueMsg | null }[];
}

/** Encodes and frames a plain object (proto field names, etcd enum names or numbers). */
export function encode(t: protobuf.Type, message: Record<string, unknown>): Buffer {
  return frame(t.encode(t.fromObject(message)).finish());
}

/**
 * Encodes and frames a message already in protobufjs's in-memory form (enums as numbers, bytes
 * as Buffers, int64 as Long or number), skipping `fromObject`: for requests built per call.
 */
export function encodeRaw(t: protobuf.Type, message: Record<string, unknown>): Buffer {
  return frame(t.encode(message).finish());
}

export function decode<M>(t: protobuf.Type, message: Buffer): M {
  return t.decode(message) as unknown as M;
}

/** The range end that selects every key starting with `prefix` (as clientv3's GetPrefixRangeEnd). */
export function prefixEnd(prefix: string | Uint8Array): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

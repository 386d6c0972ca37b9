/**
 * The etcd v3 messages the benchmark sends and reads, over {@link GrpcConn}: protobufjs types from
 * the same `.proto` files as the server (src/etcd/proto.ts), encoders that return framed bodies
 * (so hot loops can build them up front), and the shapes of the decoded replies the lines read.
 * Decoded int64 fields are protobufjs Longs (or numbers); they go back into requests as they are.
 */
import type protobuf from 'protobufjs';
import { etcdTypes } from '../../src/etcd/proto.js';
import { frame, GrpcConn, connectAll } from './grpc-h2.js';

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
};

export const CompareTarget = root.lookupEnum('etcdserverpb.Compare.CompareTarget').values;
export const CompareResult = root.lookupEnum('etcdserverpb.Compare.CompareResult').values;

export const PATH = {
  put: '/etcdserverpb.KV/Put',
  range: '/etcdserverpb.KV/Range',
  txn: '/etcdserverpb.KV/Txn',
  watch: '/etcdserverpb.Watch/Watch',
  status: '/etcdserverpb.Maintenance/Status',
};

/** An int64 as protobufjs decodes it. */
export type Int64 = number | { toString(): string };

export interface KeyValueMsg {
  key: Buffer;
  value: Buffer;
  mod_revision: Int64;
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
  count: Int64;
}
export interface TxnResponseMsg {
  header: HeaderMsg | null;
  succeeded: boolean;
  responses: { response_range?: RangeResponseMsg | null }[];
}
export interface WatchResponseMsg {
  watch_id: Int64;
  created: boolean;
  canceled: boolean;
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

const STATUS = encode(T.StatusRequest, {});

/** One Status call: checks that a connection speaks etcd's gRPC before anything is timed. */
export const probe = (conn: GrpcConn) => conn.unary(PATH.status, STATUS);

/** `n` connections to the store, each checked with a Status call. */
export const connectEtcd = (endpoint: string, n: number) => connectAll(endpoint, n, probe);

/** A Put with the given key and value, framed. */
export const putBody = (key: string | Buffer, value: Buffer) =>
  encodeRaw(T.PutRequest, { key: typeof key === 'string' ? Buffer.from(key) : key, value });

export async function put(conn: GrpcConn, key: string | Buffer, value: Buffer): Promise<PutResponseMsg> {
  return decode<PutResponseMsg>(T.PutResponse, (await conn.unary(PATH.put, putBody(key, value))).message());
}

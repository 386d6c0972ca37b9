/**
 * The store benchmark's calls over {@link GrpcConn}: connections checked with a Status call, and
 * Puts framed up front. The messages themselves are src/machinery/etcd-grpc/messages.ts's.
 */
import { connectAll, type GrpcConn } from '../../src/machinery/etcd-grpc/grpc-h2.js';
import { decode, encode, encodeRaw, PATH, T, type PutResponseMsg } from '../../src/machinery/etcd-grpc/messages.js';

export * from '../../src/machinery/etcd-grpc/messages.js';

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

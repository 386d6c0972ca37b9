/**
 * The etcd v3 wire protocol for grpc-js: the package definition loaded from the `.proto` files
 * that the etcd3 client package ships (etcdserverpb, mvccpb, authpb), for the grpc-js client
 * (src/etcd/rpc-client.ts). The server's definitions (src/machinery/etcd-grpc/proto-types.ts) decode to the same
 * forms, so that both sides agree on field names and values:
 * - field names as in the `.proto` (`range_end`, `mod_revision`), not camel-cased;
 * - int64 values as decimal strings on decode (lease IDs use all 63 bits); encode takes numbers
 *   or strings;
 * - enums as etcd's own `.proto` names them (`"PUT"`, `"NOT_EQUAL"`, `"NOSPACE"`): the etcd3
 *   package renamed them (`NotEqual`), so they are named back here; the numbers are the wire's;
 * - bytes as Buffers; absent fields decoded as their defaults.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import {
  conversionOptions,
  protoDir,
  upstreamEnumNames,
  type EtcdServiceName,
} from '../machinery/etcd-grpc/proto-types.js';

export type { EtcdServiceName };

export const protoLoaderOptions: protoLoader.Options = {
  keepCase: true,
  ...conversionOptions,
  includeDirs: [protoDir],
};

let cached: grpc.GrpcObject | undefined;

/** The loaded `etcdserverpb` package: `.KV`, `.Watch`, `.Lease`, `.Cluster`, `.Maintenance`, `.Auth`. */
export function etcdserverpb(): grpc.GrpcObject {
  if (!cached) {
    const root = new protobuf.Root().loadSync(join(protoDir, 'rpc.proto'), { keepCase: true });
    const def = protoLoader.fromJSON(upstreamEnumNames(root.toJSON()), protoLoaderOptions);
    cached = grpc.loadPackageDefinition(def).etcdserverpb as grpc.GrpcObject;
  }
  return cached;
}

/** A raw gRPC client constructor for one etcd v3 service. */
export function serviceClient(name: EtcdServiceName): grpc.ServiceClientConstructor {
  return etcdserverpb()[name] as grpc.ServiceClientConstructor;
}

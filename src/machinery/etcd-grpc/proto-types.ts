/**
 * The etcd v3 `.proto` files that the etcd3 package ships, as a protobufjs Root with etcd's own enum
 * names, for the code that frames and encodes messages itself without loading grpc-js: the
 * server's service definitions (src/etcd/grpc-server.ts), the lean client's messages
 * (src/machinery/etcd-grpc/messages.ts). src/etcd/proto.ts builds grpc-js's package definition from the same
 * files, for the grpc-js client of tests and `k8ts etcd snapshot save`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);
export const protoDir = join(dirname(require.resolve('etcd3/package.json')), 'proto');

/**
 * How decoded messages look (proto-loader's options): field names as in the `.proto`
 * (`range_end`), int64 as decimal strings (lease IDs use all 63 bits), enums by etcd's names
 * (`"PUT"`, `"NOT_EQUAL"`), bytes as Buffers, absent fields as their defaults.
 */
export const conversionOptions: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

let cachedRoot: protobuf.Root | undefined;

/**
 * The Root (field names as in the `.proto`, etcd's own enum names):
 * `etcdTypes().lookupType('etcdserverpb.PutRequest')`. Its `decode` gives int64 fields as Long
 * (or number) and bytes as Buffers; `toObject(m, protoLoaderOptions)` (src/etcd/proto.ts) gives
 * the forms the grpc-js side uses.
 */
export function etcdTypes(): protobuf.Root {
  if (!cachedRoot) {
    const root = new protobuf.Root().loadSync(join(protoDir, 'rpc.proto'), { keepCase: true });
    cachedRoot = protobuf.Root.fromJSON(upstreamEnumNames(root.toJSON()));
    cachedRoot.resolveAll();
  }
  return cachedRoot;
}

/** `NotEqual` → `NOT_EQUAL`, `Nospace` → `NOSPACE`: etcd's enum value names, in place. */
export function upstreamEnumNames<T>(json: T): T {
  const walk = (node: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(node)) {
      if (!value || typeof value !== 'object') continue;
      const v = value as Record<string, unknown>;
      if (key === 'values' && !('fields' in node)) {
        node.values = Object.fromEntries(
          Object.entries(v).map(([name, n]) => [name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), n]),
        );
      } else walk(v);
    }
  };
  walk(json as Record<string, unknown>);
  return json;
}

export type EtcdServiceName = 'KV' | 'Watch' | 'Lease' | 'Cluster' | 'Maintenance' | 'Auth';

/** One method as the server serves it: its path, whether each side streams, and its codecs. */
export interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  requestDeserialize(b: Buffer): Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  responseSerialize(m: Record<string, any>): Buffer;
}

/** A service's methods by name (`Range`, `Put` …). */
export type ServiceDefinition = Record<string, MethodDefinition>;

/**
 * The methods of one etcd v3 service, decoding requests to {@link conversionOptions}' form and
 * encoding responses from plain objects, as proto-loader's definitions for grpc-js do.
 */
export function serviceDefinition(name: EtcdServiceName): ServiceDefinition {
  const root = etcdTypes();
  const service = root.lookupService(`etcdserverpb.${name}`);
  const out: ServiceDefinition = {};
  for (const m of service.methodsArray) {
    m.resolve();
    const req = m.resolvedRequestType!;
    const res = m.resolvedResponseType!;
    out[m.name] = {
      path: `/etcdserverpb.${name}/${m.name}`,
      requestStream: !!m.requestStream,
      responseStream: !!m.responseStream,
      requestDeserialize: (b) => req.toObject(req.decode(b), conversionOptions),
      responseSerialize: (o) => res.encode(res.fromObject(o)).finish() as Buffer,
    };
  }
  return out;
}

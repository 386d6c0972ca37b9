/**
 * The etcd v3 `.proto` files that the etcd3 package ships, as a protobufjs Root with etcd's own enum
 * names, for the code that frames and encodes messages itself (src/etcd/messages.ts) without
 * loading grpc-js. src/etcd/proto.ts builds grpc-js's package definition from the same files.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);
export const protoDir = join(dirname(require.resolve('etcd3/package.json')), 'proto');

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

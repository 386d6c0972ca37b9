/**
 * A thin promise-based client over the raw etcd v3 gRPC services, with every field of every
 * message visible (the etcd3 package hides some). Used by `k8ts etcd snapshot save`, by the
 * conformance suite (which runs it against both `k8ts etcd` and real etcd) and by the benchmarks.
 */
import * as grpc from '@grpc/grpc-js';
import { serviceClient, type EtcdServiceName } from './proto.js';

export { prefixEnd } from '../machinery/etcd-grpc/messages.js';

/** A decoded message: field names as in the `.proto`, int64 as strings, bytes as Buffers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = Record<string, any>;

export interface RpcClientOptions {
  /** `http://host:port` or `https://host:port`. */
  endpoint: string;
  /** PEM CA bundle, client certificate and key for `https://` endpoints. */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Channel options passed to grpc-js (for example message size limits). */
  channelOptions?: grpc.ChannelOptions;
}

/** One client per service, all on one channel. */
export class EtcdRpcClient {
  readonly kv: grpc.Client;
  readonly watch: grpc.Client;
  readonly lease: grpc.Client;
  readonly cluster: grpc.Client;
  readonly maintenance: grpc.Client;
  private readonly clients: grpc.Client[];

  constructor(options: RpcClientOptions) {
    const url = new URL(options.endpoint);
    const target = url.host;
    const creds =
      url.protocol === 'https:'
        ? grpc.credentials.createSsl(options.ca ?? null, options.key ?? null, options.cert ?? null)
        : grpc.credentials.createInsecure();
    const channelOptions: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': -1,
      'grpc.max_send_message_length': -1,
      ...options.channelOptions,
    };
    const first = new (serviceClient('KV'))(target, creds, channelOptions);
    const channel = first.getChannel();
    const make = (name: EtcdServiceName) =>
      new (serviceClient(name))(target, creds, { ...channelOptions, channelOverride: channel });
    this.kv = first;
    this.watch = make('Watch');
    this.lease = make('Lease');
    this.cluster = make('Cluster');
    this.maintenance = make('Maintenance');
    this.clients = [this.kv, this.watch, this.lease, this.cluster, this.maintenance];
  }

  /** Calls a unary method, e.g. `call(client.kv, 'Range', { key })`. Rejects with the ServiceError. */
  call(client: grpc.Client, method: string, request: Msg, deadlineMs = 10_000): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const fn = (client as unknown as Record<string, Function>)[method];
      if (typeof fn !== 'function') throw new Error(`no such method ${method}`);
      fn.call(client, request, { deadline: Date.now() + deadlineMs }, (err: grpc.ServiceError | null, res: Msg) =>
        err ? reject(err) : resolve(res),
      );
    });
  }

  range(request: Msg): Promise<Msg> {
    return this.call(this.kv, 'Range', request);
  }
  put(request: Msg): Promise<Msg> {
    return this.call(this.kv, 'Put', request);
  }
  deleteRange(request: Msg): Promise<Msg> {
    return this.call(this.kv, 'DeleteRange', request);
  }
  txn(request: Msg): Promise<Msg> {
    return this.call(this.kv, 'Txn', request);
  }
  compact(request: Msg): Promise<Msg> {
    return this.call(this.kv, 'Compact', request);
  }

  /** Opens a bidirectional Watch stream. */
  watchStream(): grpc.ClientDuplexStream<Msg, Msg> {
    return (this.watch as unknown as { Watch(): grpc.ClientDuplexStream<Msg, Msg> }).Watch();
  }
  /** Opens a bidirectional LeaseKeepAlive stream. */
  keepAliveStream(): grpc.ClientDuplexStream<Msg, Msg> {
    return (this.lease as unknown as { LeaseKeepAlive(): grpc.ClientDuplexStream<Msg, Msg> }).LeaseKeepAlive();
  }
  /** Opens the server-streaming Snapshot call. */
  snapshotStream(): grpc.ClientReadableStream<Msg> {
    return (this.maintenance as unknown as { Snapshot(req: Msg): grpc.ClientReadableStream<Msg> }).Snapshot({});
  }

  close(): void {
    for (const c of this.clients) c.close();
  }
}

/**
 * The apiserver's only door to storage: etcd v3 over gRPC (the `etcd3` client's raw services),
 * whether the server is `k8ts etcd` or a real etcd cluster. Keys are strings; values are the
 * objects' JSON bytes. Every write is a transaction guarded by a key's create or mod revision,
 * which is how optimistic concurrency reaches etcd.
 */
import { performance } from 'node:perf_hooks';
import { noop } from 'cockatiel';
import { Etcd3, type IOptions } from 'etcd3';
import type * as RPC from 'etcd3/lib/rpc.js';

/** One stored key-value at a revision. */
export interface StoredKV {
  key: string;
  value: Buffer;
  modRevision: number;
  createRevision: number;
}

export interface ListResult {
  kvs: StoredKV[];
  /** The store revision the list was read at. */
  revision: number;
  /** Whether keys remain after the last one returned. */
  more: boolean;
  /** How many keys matched in all (including those returned). */
  count: number;
}

/** The outcome of a guarded write: `ok`, or the key's current value (absent if it is gone). */
export type WriteResult = { ok: true; revision: number } | { ok: false; current?: StoredKV };

export interface EtcdStorageOptions {
  /** `http://host:port` or `https://host:port` endpoints (kube-apiserver's `--etcd-servers`). */
  endpoints: string[];
  credentials?: IOptions['credentials'];
  /** Told how long each call took (the `etcd_request_duration_seconds` metric). */
  observe?: (operation: string, key: string, seconds: number) => void;
}

const toKV = (kv: RPC.IKeyValue): StoredKV => ({
  key: kv.key.toString(),
  value: kv.value,
  modRevision: Number(kv.mod_revision),
  createRevision: Number(kv.create_revision),
});

/** `prefixEnd('a/')` is `a0`: the first key after every key starting with the prefix. */
export function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i] < 0xff) {
      const end = b.subarray(0, i + 1);
      end[i]++;
      return end;
    }
  }
  return Buffer.from([0]);
}

export class EtcdStorage {
  readonly client: Etcd3;
  /** Leases reused by TTL for a minute, as upstream's lease manager does, so that events do not each make one. */
  private readonly leases = new Map<number, { id: string; expires: number }>();
  private readonly observe?: EtcdStorageOptions['observe'];

  constructor(options: EtcdStorageOptions) {
    this.observe = options.observe;
    this.client = new Etcd3({
      hosts: options.endpoints,
      credentials: options.credentials,
      grpcOptions: { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 },
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + 30_000 }),
      // No circuit breaker: a call while etcd is down fails with gRPC's own reason, and the first
      // call after it is back succeeds (the library's breaker held calls off for 5 s more).
      faultHandling: { host: () => noop },
    });
  }

  close(): void {
    this.client.close();
  }

  /** The key's current value, and the store revision it was read at. */
  async get(key: string): Promise<{ kv?: StoredKV; revision: number }> {
    const res = await this.timed('get', key, this.client.kv.range({ key: Buffer.from(key) }));
    return { kv: res.kvs[0] && toKV(res.kvs[0]), revision: Number(res.header.revision) };
  }

  /** Keys under `prefix` from `fromKey` (inclusive), at `revision` (0 = latest), at most `limit` (0 = all). */
  async list(prefix: string, opts: { fromKey?: string; limit?: number; revision?: number } = {}): Promise<ListResult> {
    const req = this.client.kv.range({
      key: Buffer.from(opts.fromKey ?? prefix),
      range_end: prefixEnd(prefix),
      limit: opts.limit ?? 0,
      revision: opts.revision ?? 0,
    });
    const res = await this.timed('list', prefix, req);
    return {
      kvs: res.kvs.map(toKV),
      revision: Number(res.header.revision),
      more: res.more,
      count: Number(res.count),
    };
  }

  /** The store's current revision. */
  async revision(): Promise<number> {
    const res = await this.client.kv.range({ key: Buffer.from([0]), count_only: true });
    return Number(res.header.revision);
  }

  /** Writes the key only if it does not exist; `ok: false` if it does. */
  async create(key: string, value: Buffer, ttlSeconds?: number): Promise<WriteResult> {
    const k = Buffer.from(key);
    const lease = ttlSeconds ? await this.lease(ttlSeconds) : undefined;
    const res = await this.timed(
      'create',
      key,
      this.client.kv.txn({
        compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: k, value, lease } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (res.succeeded) return { ok: true, revision: Number(res.header.revision) };
    const kv = res.responses[0].response_range?.kvs[0];
    return { ok: false, current: kv && toKV(kv) };
  }

  /** Writes the key only if its mod revision is still `modRevision`; otherwise returns what is there. */
  async update(key: string, value: Buffer, modRevision: number, ttlSeconds?: number): Promise<WriteResult> {
    const k = Buffer.from(key);
    const lease = ttlSeconds ? await this.lease(ttlSeconds) : undefined;
    const res = await this.timed(
      'update',
      key,
      this.client.kv.txn({
        compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: modRevision }],
        success: [{ request_put: { key: k, value, lease } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (res.succeeded) return { ok: true, revision: Number(res.header.revision) };
    const kv = res.responses[0].response_range?.kvs[0];
    return { ok: false, current: kv && toKV(kv) };
  }

  /** Deletes the key only if its mod revision is still `modRevision`. */
  async delete(key: string, modRevision: number): Promise<WriteResult> {
    const k = Buffer.from(key);
    const res = await this.timed(
      'delete',
      key,
      this.client.kv.txn({
        compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: modRevision }],
        success: [{ request_delete_range: { key: k } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (res.succeeded) return { ok: true, revision: Number(res.header.revision) };
    const kv = res.responses[0].response_range?.kvs[0];
    return { ok: false, current: kv && toKV(kv) };
  }

  private async timed<T>(operation: string, key: string, call: Promise<T>): Promise<T> {
    if (!this.observe) return call;
    const start = performance.now();
    const res = await call;
    this.observe(operation, key, (performance.now() - start) / 1000);
    return res;
  }

  /** A lease of at least `ttlSeconds`, shared with other writes asking for the same TTL within a minute. */
  private async lease(ttlSeconds: number): Promise<string> {
    const now = Date.now();
    const cached = this.leases.get(ttlSeconds);
    if (cached && cached.expires > now) return cached.id;
    const res = await this.client.leaseClient.leaseGrant({ TTL: ttlSeconds + 60, ID: 0 });
    this.leases.set(ttlSeconds, { id: res.ID, expires: now + 60_000 });
    return res.ID;
  }

  /** A raw watch stream; the cacher drives it (create, progress requests, responses). */
  watchStream(): Promise<RPC.IDuplexStream<RPC.IWatchRequest, RPC.IWatchResponse>> {
    return this.client.watchClient.watch();
  }
}

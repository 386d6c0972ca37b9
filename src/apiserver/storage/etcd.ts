/**
 * The apiserver's only door to storage: etcd v3 over gRPC, whether the server is `k8ts etcd` or a
 * real etcd cluster. Keys are strings; values are the objects' JSON bytes. Every write is a
 * transaction guarded by a key's create or mod revision, which is how optimistic concurrency
 * reaches etcd.
 *
 * The calls go over the lean gRPC client of src/machinery/etcd-grpc/grpc-h2.ts: one HTTP/2 connection to the
 * first endpoint that answers, made again (to the next endpoint) when it breaks, carrying the
 * unary calls and every watch cache's Watch stream. Every write and every change of the cluster
 * passes here, and grpc-js's layers (the `etcd3` client's) cost about three times its CPU per call.
 */
import { performance } from 'node:perf_hooks';
import { GrpcConn, GrpcError, type GrpcTls } from '../../machinery/etcd-grpc/grpc-h2.js';
import {
  CompareResult,
  CompareTarget,
  decode,
  encodeRaw,
  int,
  PATH,
  prefixEnd,
  T,
  type KeyValueMsg,
  type RangeResponseMsg,
  type TxnResponseMsg,
  type WatchResponseMsg,
} from '../../machinery/etcd-grpc/messages.js';

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
  /** TLS for `https://` endpoints (kube-apiserver's `--etcd-cafile`, `--etcd-certfile`, `--etcd-keyfile`). */
  tls?: GrpcTls;
  /** How long a unary call may take before it fails with DEADLINE_EXCEEDED (30 s). */
  callTimeoutMs?: number;
  /** Told how long each call took (the `etcd_request_duration_seconds` metric). */
  observe?: (operation: string, key: string, seconds: number) => void;
}

const toKV = (kv: KeyValueMsg): StoredKV => ({
  key: kv.key.toString(),
  value: kv.value,
  modRevision: int(kv.mod_revision),
  createRevision: int(kv.create_revision),
});

/** How long a connection attempt to one endpoint may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/** A guarded write: `compare` holds, then `success`; otherwise the key is read back. */
function guarded(key: Buffer, target: 'CREATE' | 'MOD', revision: number, success: Record<string, unknown>) {
  return {
    compare: [
      {
        key,
        target: CompareTarget[target],
        result: CompareResult.EQUAL,
        [target === 'CREATE' ? 'create_revision' : 'mod_revision']: revision,
      },
    ],
    success: [success],
    failure: [{ request_range: { key } }],
  };
}

/** The key the API servers sharing an etcd agree on compaction through (upstream's, outside the prefix). */
export const COMPACT_REV_KEY = 'compact_rev_key';

export class EtcdStorage {
  /** Leases reused by TTL for a minute, as upstream's lease manager does, so that events do not each make one. */
  private readonly leases = new Map<number, { id: string; expires: number }>();
  private readonly observe?: EtcdStorageOptions['observe'];
  private readonly endpoints: string[];
  private readonly tls?: GrpcTls;
  private readonly callTimeoutMs: number;
  private conn: GrpcConn | undefined;
  private connecting: Promise<GrpcConn> | undefined;
  private nextEndpoint = 0;
  private closed = false;

  constructor(options: EtcdStorageOptions) {
    this.observe = options.observe;
    this.endpoints = options.endpoints;
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.tls = options.tls;
  }

  close(): void {
    this.closed = true;
    this.conn?.close();
  }

  /** The key's current value, and the store revision it was read at. */
  async get(key: string): Promise<{ kv?: StoredKV; revision: number }> {
    const res = await this.range('get', key, { key: Buffer.from(key) });
    return { kv: res.kvs[0] && toKV(res.kvs[0]), revision: int(res.header?.revision) };
  }

  /** Keys under `prefix` from `fromKey` (inclusive), at `revision` (0 = latest), at most `limit` (0 = all). */
  async list(prefix: string, opts: { fromKey?: string; limit?: number; revision?: number } = {}): Promise<ListResult> {
    const res = await this.range('list', prefix, {
      key: Buffer.from(opts.fromKey ?? prefix),
      range_end: prefixEnd(prefix),
      limit: opts.limit ?? 0,
      revision: opts.revision ?? 0,
    });
    return { kvs: res.kvs.map(toKV), revision: int(res.header?.revision), more: res.more, count: int(res.count) };
  }

  /** The store's current revision. */
  async revision(): Promise<number> {
    const res = await this.range(undefined, '', { key: Buffer.from([0]), count_only: true });
    return int(res.header?.revision);
  }

  /** Writes the key only if it does not exist; `ok: false` if it does. */
  async create(key: string, value: Buffer, ttlSeconds?: number): Promise<WriteResult> {
    const k = Buffer.from(key);
    const lease = ttlSeconds ? await this.lease(ttlSeconds) : undefined;
    return this.txn('create', key, guarded(k, 'CREATE', 0, { request_put: { key: k, value, lease } }));
  }

  /** Writes the key only if its mod revision is still `modRevision`; otherwise returns what is there. */
  async update(key: string, value: Buffer, modRevision: number, ttlSeconds?: number): Promise<WriteResult> {
    const k = Buffer.from(key);
    const lease = ttlSeconds ? await this.lease(ttlSeconds) : undefined;
    return this.txn('update', key, guarded(k, 'MOD', modRevision, { request_put: { key: k, value, lease } }));
  }

  /** Deletes the key only if its mod revision is still `modRevision`. */
  async delete(key: string, modRevision: number): Promise<WriteResult> {
    const k = Buffer.from(key);
    return this.txn('delete', key, guarded(k, 'MOD', modRevision, { request_delete_range: { key: k } }));
  }

  /**
   * One round of upstream's compactor (`pkg/storage/etcd3/compact.go`): if `compact_rev_key` is
   * still at `version` (no other API server took this round), bump it, recording the current
   * revision, and compact to `compactTo` — the revision the previous round recorded, so one
   * interval of history is always kept; 0 compacts nothing. Returns the key's version and the
   * current revision, for the next round.
   */
  async compactRound(version: number, compactTo: number): Promise<{ version: number; revision: number }> {
    const key = Buffer.from(COMPACT_REV_KEY);
    const reply = await this.call('compact', COMPACT_REV_KEY, PATH.txn, T.TxnRequest, {
      compare: [{ key, target: CompareTarget.VERSION, result: CompareResult.EQUAL, version }],
      success: [{ request_put: { key, value: Buffer.from(String(compactTo)) } }],
      failure: [{ request_range: { key } }],
    });
    const res = decode<TxnResponseMsg>(T.TxnResponse, reply);
    const revision = int(res.header?.revision);
    if (!res.succeeded) return { version: int(res.responses[0]?.response_range?.kvs[0]?.version), revision };
    if (compactTo > 0) await this.call('compact', '', PATH.compact, T.CompactionRequest, { revision: compactTo });
    return { version: version + 1, revision };
  }

  private async range(operation: string | undefined, key: string, req: Record<string, unknown>) {
    return decode<RangeResponseMsg>(T.RangeResponse, await this.call(operation, key, PATH.range, T.RangeRequest, req));
  }

  private async txn(operation: string, key: string, req: Record<string, unknown>): Promise<WriteResult> {
    const res = decode<TxnResponseMsg>(T.TxnResponse, await this.call(operation, key, PATH.txn, T.TxnRequest, req));
    if (res.succeeded) return { ok: true, revision: int(res.header?.revision) };
    const kv = res.responses[0]?.response_range?.kvs[0];
    return { ok: false, current: kv && toKV(kv) };
  }

  /** One unary call, timed into `observe` under `operation` (when given); etcd's message on failure. */
  private async call(
    operation: string | undefined,
    key: string,
    path: string,
    type: typeof T.RangeRequest,
    req: Record<string, unknown>,
  ): Promise<Buffer> {
    const body = encodeRaw(type, req);
    const start = performance.now();
    try {
      const reply = await (await this.connection()).unary(path, body, this.callTimeoutMs);
      if (operation && this.observe) this.observe(operation, key, (performance.now() - start) / 1000);
      return reply.message();
    } catch (err) {
      // etcd's own words ("etcdserver: mvcc: database space exceeded"), as upstream reports them.
      throw err instanceof GrpcError && err.details ? new Error(err.details) : err;
    }
  }

  /** The connection the unary calls share: the current one while it lives, else a new one. */
  private async connection(): Promise<GrpcConn> {
    if (this.conn?.alive) return this.conn;
    if (this.closed) throw new Error('etcd client closed');
    this.connecting ??= this.connectAny().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Connects to the endpoints in turn, starting after the last one used; the last failure if none answers. */
  private async connectAny(): Promise<GrpcConn> {
    this.conn?.close();
    this.conn = undefined;
    let failure: unknown;
    for (let i = 0; i < this.endpoints.length; i++) {
      const endpoint = this.endpoints[this.nextEndpoint];
      this.nextEndpoint = (this.nextEndpoint + 1) % this.endpoints.length;
      try {
        const conn = await GrpcConn.connect(endpoint, this.tls, CONNECT_TIMEOUT_MS);
        if (this.closed) conn.close();
        else this.conn = conn;
        return conn;
      } catch (err) {
        failure = err;
      }
    }
    throw new Error(`etcd unavailable: ${(failure as Error)?.message ?? 'no endpoints'}`);
  }

  /** A lease of at least `ttlSeconds`, shared with other writes asking for the same TTL within a minute. */
  private async lease(ttlSeconds: number): Promise<string> {
    const now = Date.now();
    const cached = this.leases.get(ttlSeconds);
    if (cached && cached.expires > now) return cached.id;
    const reply = await this.call(undefined, '', PATH.leaseGrant, T.LeaseGrantRequest, { TTL: ttlSeconds + 60, ID: 0 });
    const id = String(decode<{ ID: unknown }>(T.LeaseGrantResponse, reply).ID);
    this.leases.set(ttlSeconds, { id, expires: now + 60_000 });
    return id;
  }

  /**
   * Opens a Watch stream: `send` writes WatchRequests (create, progress, cancel), each response
   * reaches `onResponse` decoded, and `onEnd` is told once the stream ends (no error after `close`).
   */
  async watch(onResponse: (res: WatchResponseMsg) => void, onEnd: (err?: Error) => void): Promise<EtcdWatch> {
    const stream = (await this.connection()).stream(
      PATH.watch,
      (message) => onResponse(decode<WatchResponseMsg>(T.WatchResponse, message)),
      onEnd,
    );
    return { send: (req) => stream.write(encodeRaw(T.WatchRequest, req)), close: () => stream.cancel() };
  }
}

/** One open Watch stream. */
export interface EtcdWatch {
  send(req: Record<string, unknown>): void;
  close(): void;
}

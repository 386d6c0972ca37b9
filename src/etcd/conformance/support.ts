/**
 * Shared helpers for the etcd v3 conformance suite. Every test file runs the same assertions
 * against each store of `etcdTargets()` (real etcd 3.4 and `k8ts etcd`); real etcd is the
 * reference, so every expectation here was checked against it.
 *
 * Requests use numeric enum values (they encode whatever the names); decoded responses carry
 * etcd's enum names as proto.ts names them (`'PUT'`, `'DELETE'`, `'NOSPACE'`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, type TestContext } from 'node:test';
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { EtcdRpcClient, prefixEnd, type Msg } from '../rpc-client.js';

export { prefixEnd };
import { etcdTargets, type EtcdTarget, type RunningStore } from '../testing/targets.js';

export type { Msg };

export const SortOrder = { NONE: 0, ASCEND: 1, DESCEND: 2 } as const;
export const SortTarget = { KEY: 0, VERSION: 1, CREATE: 2, MOD: 3, VALUE: 4 } as const;
export const CompareResult = { EQUAL: 0, GREATER: 1, LESS: 2, NOT_EQUAL: 3 } as const;
export const CompareTarget = { VERSION: 0, CREATE: 1, MOD: 2, VALUE: 3, LEASE: 4 } as const;
export const FilterType = { NOPUT: 0, NODELETE: 1 } as const;
export const AlarmAction = { GET: 0, ACTIVATE: 1, DEACTIVATE: 2 } as const;
export const AlarmType = { NONE: 0, NOSPACE: 1, CORRUPT: 2 } as const;
/** Decoded enum names. */
export const PUT = 'PUT';
export const DELETE = 'DELETE';
export const NOSPACE = 'NOSPACE';

/** A Buffer from a string (UTF-8) or bytes. */
export const b = (s: string | Uint8Array): Buffer => Buffer.from(s);

const COMPARE_FIELD = ['version', 'create_revision', 'mod_revision', 'value', 'lease'];
/** A txn Compare on `key` (and `rangeEnd`): `target result operand`, e.g. VERSION EQUAL 2. */
export const compare = (
  key: string | Buffer,
  target: number,
  result: number,
  operand: unknown,
  rangeEnd?: Buffer,
): Msg => ({
  key: b(key),
  target,
  result,
  [COMPARE_FIELD[target]]: target === CompareTarget.VALUE ? b(String(operand)) : String(operand),
  ...(rangeEnd ? { range_end: rangeEnd } : {}),
});
/** Txn RequestOps. */
export const putOp = (key: string, value = 'v', extra: Msg = {}): Msg => ({
  request_put: { key: b(key), value: b(value), ...extra },
});
export const rangeOp = (key: string, extra: Msg = {}): Msg => ({ request_range: { key: b(key), ...extra } });
export const delOp = (key: string, extra: Msg = {}): Msg => ({ request_delete_range: { key: b(key), ...extra } });

/** The store a test file runs against; fields are set once `before` has started it. */
export interface Store {
  target: EtcdTarget;
  endpoint: string;
  client: EtcdRpcClient;
}

/**
 * Registers `describe(target.name, …)` for every target, starting one store per target (with
 * the extra etcd flags `args`) before its tests and stopping it after them.
 */
export function forEachTarget(args: string[], fn: (store: Store) => void): void {
  for (const target of etcdTargets()) {
    describe(target.name, { timeout: 120_000 }, () => {
      const store = { target } as Store;
      let running: RunningStore | undefined;
      before(async () => {
        running = await target.start(args);
        store.endpoint = running.endpoint;
        store.client = new EtcdRpcClient({ endpoint: running.endpoint });
      });
      after(async () => {
        store.client?.close();
        await running?.stop();
      });
      fn(store);
    });
  }
}

/** The store's current revision (from a Range header). */
export async function currentRevision(client: EtcdRpcClient): Promise<number> {
  const res = await client.range({ key: b('\0'), count_only: true });
  return Number(res.header.revision);
}

/** `header.revision` of a response, as a number. */
export const rev = (res: Msg): number => Number(res.header.revision);

/**
 * A copy for deepEqual: Buffers become UTF-8 strings and every `header` keeps only `revision`
 * (cluster_id, member_id and raft_term differ between stores). A null header stays null.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function plain(value: unknown): any {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === 'header' && v !== null && typeof v === 'object' ? { revision: (v as Msg).revision } : plain(v);
    }
    return out;
  }
  return value;
}

/** A KeyValue as `plain()` shows it. */
export function kv(
  key: string,
  value: string,
  create: number,
  mod: number,
  version: number,
  lease: string | number = '0',
): Msg {
  return {
    key,
    value,
    create_revision: String(create),
    mod_revision: String(mod),
    version: String(version),
    lease: String(lease),
  };
}

/** The `kv` of a DELETE event as etcd sends it: only key and mod_revision are set. */
export const deletedKv = (key: string, mod: number): Msg => kv(key, '', 0, mod, 0);

/** Keys of a Range response (or any `kvs` list) as strings. */
export const keysOf = (res: Msg): string[] => (res.kvs as Msg[]).map((x) => x.key.toString());

/** Asserts that `promise` rejects with gRPC `code` and, when given, exactly `details`. */
export async function rejectsWith(promise: Promise<unknown>, code: number, details?: string): Promise<void> {
  await assert.rejects(promise, (err: ServiceError) => {
    assert.equal(err.code, code, `expected gRPC code ${code}, got ${err.code}: ${err.details}`);
    if (details !== undefined) assert.equal(err.details, details);
    return true;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}

/** A bidirectional stream (Watch or LeaseKeepAlive) whose responses queue up for bounded reads. */
export class StreamReader {
  private readonly queue: Msg[] = [];
  private wake: (() => void) | undefined;
  private failure: ServiceError | undefined;
  private closed = false;

  constructor(readonly stream: ClientDuplexStream<Msg, Msg>) {
    stream.on('data', (m: Msg) => {
      this.queue.push(m);
      this.wake?.();
    });
    stream.on('error', (err: ServiceError) => {
      if (!this.closed) this.failure = err;
      this.wake?.();
    });
  }

  send(request: Msg): void {
    this.stream.write(request);
  }

  /** The next response; fails after `timeoutMs` (at most 5 s) or if the stream failed. */
  async next(timeoutMs = 5000): Promise<Msg> {
    const deadline = Date.now() + Math.min(timeoutMs, 5000);
    while (this.queue.length === 0) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no stream response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.queue.shift()!;
  }

  /** The next `n` responses. */
  async take(n: number, timeoutMs = 5000): Promise<Msg[]> {
    const out: Msg[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < n) out.push(await this.next(Math.max(1, deadline - Date.now())));
    return out;
  }

  /** Waits `ms` and returns everything that arrived meanwhile (and before). */
  async drain(ms = 300): Promise<Msg[]> {
    await sleep(ms);
    if (this.failure) throw this.failure;
    return this.queue.splice(0);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    this.stream.cancel();
  }
}

/** A Watch stream with helpers; closed when the test ends. */
export class WatchStream extends StreamReader {
  /** Sends a create request and returns the `created` response (asserting it is one). */
  async create(request: Msg): Promise<Msg> {
    this.send({ create_request: request });
    const res = await this.next();
    assert.equal(res.created, true, `expected a created response, got ${JSON.stringify(plain(res))}`);
    return res;
  }

  /** Responses until they hold `n` events in total. */
  async events(n: number, timeoutMs = 5000): Promise<{ responses: Msg[]; events: Msg[] }> {
    const responses: Msg[] = [];
    const events: Msg[] = [];
    const deadline = Date.now() + timeoutMs;
    while (events.length < n) {
      const res = await this.next(Math.max(1, deadline - Date.now()));
      responses.push(res);
      events.push(...res.events);
    }
    return { responses, events };
  }
}

export function openWatch(t: TestContext, client: EtcdRpcClient): WatchStream {
  const w = new WatchStream(client.watchStream());
  t.after(() => w.close());
  return w;
}

export function openKeepAlive(t: TestContext, client: EtcdRpcClient): StreamReader {
  const s = new StreamReader(client.keepAliveStream());
  t.after(() => s.close());
  return s;
}

/** An ordinary watch response as `plain()` shows it, with the given fields overridden. */
export function watchResponse(fields: Msg): Msg {
  return {
    header: { revision: '0' },
    watch_id: '0',
    created: false,
    canceled: false,
    compact_revision: '0',
    cancel_reason: '',
    fragment: false,
    events: [],
    ...fields,
  };
}

/** A watch event as `plain()` shows it. */
export const event = (type: string, kvs: Msg, prevKv: Msg | null = null): Msg => ({
  type,
  kv: kvs,
  prev_kv: prevKv,
});

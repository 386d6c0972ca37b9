/**
 * The KV service's semantics, as etcd's applier has them: Range, Put, DeleteRange and Txn over
 * the multi-version store. Requests arrive decoded (see proto.ts); responses are returned without
 * their header, which the server adds.
 *
 * Checks that need no state (empty keys, ops limits, duplicate keys) are in {@link checkTxn} and
 * friends and run before a request is queued; checks that need state run inside the request,
 * before it changes anything.
 */
import { Errors } from './errors.js';
import { inRange, keyRange, type KeyRange, type KeyValue, type Mvcc } from './mvcc.js';
import type { WriteContext } from './store.js';
import type { Msg } from './rpc-client.js';

const NO_LEASE = '0';

// ---- checks before queueing --------------------------------------------------------------

export function checkRange(r: Msg): void {
  if (!r.key?.length) throw Errors.emptyKey();
}

export function checkPut(r: Msg): void {
  if (!r.key?.length) throw Errors.emptyKey();
  if (r.ignore_value && r.value?.length) throw Errors.valueProvided();
  if (r.ignore_lease && r.lease !== NO_LEASE) throw Errors.leaseProvided();
}

export const checkDeleteRange = checkRange;

/** etcd's checkTxnRequest: ops limits at every level, per-op checks, then duplicate keys. */
export function checkTxn(r: Msg, maxTxnOps: number): void {
  checkTxnOps(r, maxTxnOps);
  checkIntervals(r.success ?? []);
  checkIntervals(r.failure ?? []);
}

function checkTxnOps(r: Msg, maxTxnOps: number): void {
  const compare: Msg[] = r.compare ?? [];
  const success: Msg[] = r.success ?? [];
  const failure: Msg[] = r.failure ?? [];
  if (compare.length > maxTxnOps || success.length > maxTxnOps || failure.length > maxTxnOps) {
    throw Errors.tooManyOps();
  }
  for (const c of compare) if (!c.key?.length) throw Errors.emptyKey();
  for (const op of [...success, ...failure]) {
    if (op.request_range) checkRange(op.request_range);
    else if (op.request_put) checkPut(op.request_put);
    else if (op.request_delete_range) checkDeleteRange(op.request_delete_range);
    else if (op.request_txn) checkTxnOps(op.request_txn, maxTxnOps);
  }
}

interface Intervals {
  puts: Set<string>;
  dels: KeyRange[];
}

function intersects(dels: KeyRange[], k: string): boolean {
  return dels.some((d) => inRange(d, k));
}

/** etcd's checkIntervals: no key is written twice along any path through a txn. */
function checkIntervals(ops: Msg[]): Intervals {
  const dels: KeyRange[] = [];
  for (const op of ops) {
    if (op.request_delete_range) dels.push(keyRange(op.request_delete_range.key, op.request_delete_range.range_end));
  }
  const puts = new Set<string>();
  for (const op of ops) {
    if (!op.request_txn) continue;
    const then = checkIntervals(op.request_txn.success ?? []);
    const otherwise = checkIntervals(op.request_txn.failure ?? []);
    for (const k of then.puts) {
      if (puts.has(k) || intersects(dels, k)) throw Errors.duplicateKey();
      puts.add(k);
    }
    for (const k of otherwise.puts) {
      // then and else never both run: a key in both is fine
      if ((puts.has(k) && !then.puts.has(k)) || intersects(dels, k)) throw Errors.duplicateKey();
      puts.add(k);
    }
    dels.push(...then.dels, ...otherwise.dels);
  }
  for (const op of ops) {
    if (!op.request_put) continue;
    const k = (op.request_put.key as Buffer).toString('latin1');
    if (puts.has(k) || intersects(dels, k)) throw Errors.duplicateKey();
    puts.add(k);
  }
  return { puts, dels };
}

/** True when no op anywhere in the txn writes. */
export function isReadOnlyTxn(r: Msg): boolean {
  const ops: Msg[] = [...(r.success ?? []), ...(r.failure ?? [])];
  return ops.every((op) => op.request_range || (op.request_txn && isReadOnlyTxn(op.request_txn)));
}

// ---- range -----------------------------------------------------------------------------------

const SORT_KEY: Record<string, (kv: KeyValue) => number | Buffer> = {
  KEY: (kv) => kv.key,
  VERSION: (kv) => kv.version,
  CREATE: (kv) => kv.create_revision,
  MOD: (kv) => kv.mod_revision,
  VALUE: (kv) => kv.value,
};

function cmp(a: number | Buffer, b: number | Buffer): number {
  return typeof a === 'number' ? a - (b as number) : Buffer.compare(a, b as Buffer);
}

/**
 * A Range over the store as it stands at `atRev` (the current revision, or a txn's own view): at
 * that revision unless the request names an older one. The header carries `atRev`, as etcd's
 * does even for reads of the past.
 */
export function range(mvcc: Mvcc, r: Msg, atRev: number): Msg {
  const rev = Number(r.revision) > 0 ? mvcc.checkRevision(Number(r.revision)) : atRev;
  const limit = Number(r.limit ?? 0);
  const minMod = Number(r.min_mod_revision ?? 0);
  const maxMod = Number(r.max_mod_revision ?? 0);
  const minCreate = Number(r.min_create_revision ?? 0);
  const maxCreate = Number(r.max_create_revision ?? 0);
  const sortOrder: string = r.sort_order ?? 'NONE';
  const sortTarget: string = r.sort_target ?? 'KEY';
  // Like etcd: sorting and filtering need every key; otherwise fetch one past the limit for `more`.
  const fetchAll = sortOrder !== 'NONE' || minMod || maxMod || minCreate || maxCreate;
  const fetch = fetchAll || limit <= 0 ? Infinity : limit + 1;
  let kvs: KeyValue[] = [];
  let count = 0;
  mvcc.forEach(keyRange(r.key, r.range_end), rev, (kv) => {
    count++;
    if (!r.count_only && kvs.length < fetch) kvs.push(kv);
  });
  if (maxMod) kvs = kvs.filter((kv) => kv.mod_revision <= maxMod);
  if (minMod) kvs = kvs.filter((kv) => kv.mod_revision >= minMod);
  if (maxCreate) kvs = kvs.filter((kv) => kv.create_revision <= maxCreate);
  if (minCreate) kvs = kvs.filter((kv) => kv.create_revision >= minCreate);
  const order = sortTarget !== 'KEY' && sortOrder === 'NONE' ? 'ASCEND' : sortOrder;
  if (order !== 'NONE') {
    const by = SORT_KEY[sortTarget] ?? SORT_KEY.KEY;
    const sign = order === 'DESCEND' ? -1 : 1;
    kvs.sort((a, b) => sign * cmp(by(a), by(b)));
  }
  let more = false;
  if (limit > 0 && kvs.length > limit) {
    kvs = kvs.slice(0, limit);
    more = true;
  }
  if (r.keys_only) kvs = kvs.map((kv) => ({ ...kv, value: Buffer.alloc(0) }));
  return { kvs, more, count, header: { revision: atRev } };
}

// ---- writes ----------------------------------------------------------------------------------

/** Checks a put against the state it will see; throws etcd's errors. Returns the previous value. */
function checkPutState(w: WriteContext, r: Msg): KeyValue | undefined {
  const prev = w.store.mvcc.get((r.key as Buffer).toString('latin1'), w.readRev);
  if ((r.ignore_value || r.ignore_lease) && !prev) throw Errors.keyNotFound();
  if (!r.ignore_lease && r.lease !== NO_LEASE && !w.store.lessor.get(r.lease)) throw Errors.leaseNotFound();
  return prev;
}

export function put(w: WriteContext, r: Msg): Msg {
  const prev = checkPutState(w, r);
  const value = r.ignore_value ? prev!.value : r.value;
  const lease = r.ignore_lease ? prev!.lease : r.lease;
  w.put(r.key, value, lease);
  return { prev_kv: r.prev_kv ? prev : undefined, header: { revision: w.rev } };
}

export function deleteRange(w: WriteContext, r: Msg): Msg {
  const doomed: KeyValue[] = [];
  w.store.mvcc.forEach(keyRange(r.key, r.range_end), w.readRev, (kv) => void doomed.push(kv));
  for (const kv of doomed) w.delete(kv);
  return {
    deleted: doomed.length,
    prev_kvs: r.prev_kv ? doomed : [],
    header: { revision: w.readRev },
  };
}

// ---- txn -------------------------------------------------------------------------------------

/** Which branch each (nested) txn takes, decided before anything is applied. */
interface Path {
  succeeded: boolean;
  nested: Map<number, Path>;
}

function compareValue(kv: KeyValue, target: string): number | bigint | Buffer {
  switch (target) {
    case 'VERSION':
      return kv.version;
    case 'CREATE':
      return kv.create_revision;
    case 'MOD':
      return kv.mod_revision;
    case 'LEASE':
      return BigInt(kv.lease);
    default:
      return kv.value;
  }
}

function compareOne(kv: KeyValue, c: Msg): boolean {
  const target: string = c.target ?? 'VERSION';
  const have = compareValue(kv, target);
  let d: number;
  if (Buffer.isBuffer(have)) d = Buffer.compare(have, c.value ?? Buffer.alloc(0));
  else {
    const want =
      target === 'LEASE'
        ? BigInt(c.lease ?? 0)
        : Number(target === 'VERSION' ? c.version : target === 'CREATE' ? c.create_revision : c.mod_revision);
    d = have < want ? -1 : have > want ? 1 : 0;
  }
  switch (c.result ?? 'EQUAL') {
    case 'EQUAL':
      return d === 0;
    case 'NOT_EQUAL':
      return d !== 0;
    case 'GREATER':
      return d > 0;
    default:
      return d < 0;
  }
}

const ABSENT: KeyValue = {
  key: Buffer.alloc(0),
  create_revision: 0,
  mod_revision: 0,
  version: 0,
  value: Buffer.alloc(0),
  lease: '0',
};

function compare(mvcc: Mvcc, rev: number, c: Msg): boolean {
  const kvs: KeyValue[] = [];
  mvcc.forEach(keyRange(c.key, c.range_end), rev, (kv) => void kvs.push(kv));
  if (kvs.length === 0) return (c.target ?? 'VERSION') === 'VALUE' ? false : compareOne(ABSENT, c);
  return kvs.every((kv) => compareOne(kv, c));
}

function toPath(mvcc: Mvcc, rev: number, r: Msg): Path {
  const succeeded = (r.compare ?? []).every((c: Msg) => compare(mvcc, rev, c));
  const nested = new Map<number, Path>();
  const ops: Msg[] = (succeeded ? r.success : r.failure) ?? [];
  ops.forEach((op, i) => op.request_txn && nested.set(i, toPath(mvcc, rev, op.request_txn)));
  return { succeeded, nested };
}

/** Checks the ops along the chosen path against the current state (leases, keys, revisions). */
function checkPath(w: WriteContext, r: Msg, path: Path): void {
  const ops: Msg[] = (path.succeeded ? r.success : r.failure) ?? [];
  ops.forEach((op, i) => {
    if (op.request_put) checkPutState(w, op.request_put);
    else if (op.request_range && Number(op.request_range.revision) > 0)
      w.store.mvcc.checkRevision(Number(op.request_range.revision));
    else if (op.request_txn) checkPath(w, op.request_txn, path.nested.get(i)!);
  });
}

function applyPath(w: WriteContext, r: Msg, path: Path): Msg {
  const ops: Msg[] = (path.succeeded ? r.success : r.failure) ?? [];
  const responses = ops.map((op, i) => {
    if (op.request_range) return { response_range: range(w.store.mvcc, op.request_range, w.readRev) };
    if (op.request_put) return { response_put: put(w, op.request_put) };
    if (op.request_delete_range) return { response_delete_range: deleteRange(w, op.request_delete_range) };
    return { response_txn: applyPath(w, op.request_txn, path.nested.get(i)!) };
  });
  // A nested txn's header stays empty, as etcd's does; its ops' headers carry revisions.
  return { succeeded: path.succeeded, responses, header: {} };
}

export function txn(w: WriteContext, r: Msg): Msg {
  const path = toPath(w.store.mvcc, w.readRev, r);
  checkPath(w, r, path);
  const res = applyPath(w, r, path);
  res.header = { revision: w.readRev };
  return res;
}

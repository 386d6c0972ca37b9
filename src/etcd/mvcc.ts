/**
 * The multi-version key space, in memory: every key's revisions since the last compaction, an
 * ordered index of keys, and the change log in revision order that watches replay from.
 *
 * Keys are handled as latin1 strings, whose code units are the key's bytes, so that JavaScript's
 * string order is etcd's byte order. Revisions are etcd's: the store starts at revision 1, each
 * write request that changes something takes the next revision, and the changes it makes are
 * numbered within it by `sub`.
 *
 * The store only keeps state; durability is the backend's and ordering the server's: all
 * mutations run inside the server's commit step, so a reader never sees a change that is not on
 * disk.
 */
import { createRequire } from 'node:module';
import type SortedBtree from 'sorted-btree';
import { Errors } from './errors.js';

/** mvccpb.KeyValue, with int64 fields as numbers (revisions) and the lease ID as a decimal string. */
export interface KeyValue {
  key: Buffer;
  create_revision: number;
  mod_revision: number;
  version: number;
  value: Buffer;
  lease: string;
}

/** One change to one key: a put (`deleted` false) or a tombstone. */
export interface Change {
  k: string;
  rev: number;
  sub: number;
  kv: KeyValue;
  deleted: boolean;
  /** The key's value just before this change, for `prev_kv` on watch events. */
  prev: KeyValue | null;
  /** Its row in the backend, once stored. */
  seq?: number;
}

/** `[start, end)`; `end` null is the single key `start`, `end` '' means no upper bound. */
export interface KeyRange {
  start: string;
  end: string | null;
}

// sorted-btree is CommonJS with its class on `default`; require() reads it the same way everywhere.
const BTree: typeof SortedBtree.default = createRequire(import.meta.url)('sorted-btree').default;
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const EMPTY = Buffer.alloc(0);

/** The range a request's `key` and `range_end` name, as etcd reads them. */
export function keyRange(key: Buffer, rangeEnd: Buffer | undefined): KeyRange {
  const start = key.toString('latin1');
  if (!rangeEnd || rangeEnd.length === 0) return { start, end: null };
  if (rangeEnd.length === 1 && rangeEnd[0] === 0) return { start, end: '' };
  return { start, end: rangeEnd.toString('latin1') };
}

export function inRange(r: KeyRange, k: string): boolean {
  if (r.end === null) return k === r.start;
  return k >= r.start && (r.end === '' || k < r.end);
}

export class Mvcc {
  /** The last revision applied to memory (possibly not yet on disk). */
  rev = 1;
  /** The last revision on disk: what reads see, and the newest revision a client may name. */
  committedRev = 1;
  /** Revisions below this are gone; reads at it and above are served. */
  compactRev = 0;
  /** Each key's changes, oldest first. */
  private readonly keys = new BTree<string, Change[]>(undefined, byteOrder);
  /** All changes after the compacted revision, in (rev, sub) order. */
  private log: Change[] = [];

  /** Number of keys with live values (for metrics and hashing). */
  get keyCount(): number {
    return this.keys.size;
  }

  /** Throws etcd's errors for a read revision outside what the store holds; 0 is current. */
  checkRevision(rev: number): number {
    if (rev <= 0) return this.committedRev;
    if (rev > this.committedRev) throw Errors.futureRev();
    if (rev < this.compactRev) throw Errors.compacted();
    return rev;
  }

  /** The key's value at `rev`, or undefined when it did not exist then. */
  get(k: string, rev = this.rev): KeyValue | undefined {
    const h = this.keys.get(k);
    return h && at(h, rev);
  }

  /**
   * Visits the live keys of `r` at revision `rev` in key order; `visit` returning false stops.
   */
  forEach(r: KeyRange, rev: number, visit: (kv: KeyValue) => boolean | void): void {
    if (r.end === null) {
      const kv = this.get(r.start, rev);
      if (kv) visit(kv);
      return;
    }
    const each = (_k: string, h: Change[]) => {
      const kv = at(h, rev);
      if (kv && visit(kv) === false) return { break: true };
      return undefined;
    };
    if (r.end === '') {
      const max = this.keys.maxKey();
      if (max !== undefined) this.keys.forRange(r.start, max, true, each);
    } else if (r.start < r.end) {
      this.keys.forRange(r.start, r.end, false, each);
    }
  }

  /** Records a put at (`rev`, `sub`); returns the change. */
  put(rev: number, sub: number, key: Buffer, value: Buffer, lease: string): Change {
    const k = key.toString('latin1');
    let h = this.keys.get(k);
    if (!h) this.keys.set(k, (h = []));
    const prev = at(h, rev) ?? null;
    const kv: KeyValue = {
      key,
      create_revision: prev ? prev.create_revision : rev,
      mod_revision: rev,
      version: prev ? prev.version + 1 : 1,
      value,
      lease,
    };
    return this.record(h, { k, rev, sub, kv, deleted: false, prev });
  }

  /** Records the deletion of a live key at (`rev`, `sub`); returns the change. */
  delete(rev: number, sub: number, prev: KeyValue): Change {
    const k = prev.key.toString('latin1');
    const h = this.keys.get(k)!;
    const kv: KeyValue = {
      key: prev.key,
      create_revision: 0,
      mod_revision: rev,
      version: 0,
      value: EMPTY,
      lease: '0',
    };
    return this.record(h, { k, rev, sub, kv, deleted: true, prev });
  }

  /** Replays a change read back from the backend at start-up (changes arrive in order). */
  restore(c: Omit<Change, 'prev'>): void {
    let h = this.keys.get(c.k);
    if (!h) this.keys.set(c.k, (h = []));
    const prev = h.length ? h[h.length - 1] : undefined;
    this.record(h, { ...c, prev: prev && !prev.deleted ? prev.kv : null });
    if (c.rev > this.rev) this.rev = c.rev;
  }

  private record(h: Change[], c: Change): Change {
    h.push(c);
    this.log.push(c);
    return c;
  }

  /**
   * The changes with revision ≥ `from` and ≤ `to` (default: committed), in order, at most
   * `maxRevs` distinct revisions.
   */
  changesSince(from: number, maxRevs = Infinity, to = this.committedRev): Change[] {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid].rev < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Change[] = [];
    let revs = 0;
    let lastRev = -1;
    for (let i = lo; i < this.log.length; i++) {
      const c = this.log[i];
      if (c.rev > to) break;
      if (c.rev !== lastRev) {
        if (++revs > maxRevs) break;
        lastRev = c.rev;
      }
      out.push(c);
    }
    return out;
  }

  /**
   * Drops history below `rev`: each key keeps its newest change at or below `rev` unless that is
   * a deletion, and everything after. Returns the dropped changes (for the backend to delete).
   */
  compact(rev: number): Change[] {
    const dropped: Change[] = [];
    let i = 0;
    for (; i < this.log.length && this.log[i].rev <= rev; i++) {
      const c = this.log[i];
      const h = this.keys.get(c.k);
      if (!h) continue; // already trimmed through an earlier change of this key
      let keep = h.length;
      while (keep > 0 && h[keep - 1].rev > rev) keep--;
      // h[keep - 1] is the newest change ≤ rev; it survives unless it is a deletion.
      const cut = keep > 0 && !h[keep - 1].deleted ? keep - 1 : keep;
      for (let j = 0; j < cut; j++) dropped.push(h[j]);
      if (cut > 0) h.splice(0, cut);
      if (h.length === 0) this.keys.delete(c.k);
    }
    // The log keeps what a watch from `rev` may replay: puts at `rev` itself and all later changes.
    const atRev = this.log.slice(0, i).filter((c) => c.rev === rev && !c.deleted);
    this.log = atRev.concat(this.log.slice(i));
    this.compactRev = rev;
    return dropped;
  }

  /** Every change still held, per key, for hashing: calls `visit` in key then revision order. */
  forEachChange(visit: (c: Change) => void): void {
    this.keys.forEach((h: Change[]) => h.forEach(visit));
  }
}

/** The value a key's history gives at `rev`, or undefined if absent or deleted then. */
function at(h: Change[], rev: number): KeyValue | undefined {
  for (let i = h.length - 1; i >= 0; i--) {
    const c = h[i];
    if (c.rev <= rev) return c.deleted ? undefined : c.kv;
  }
  return undefined;
}

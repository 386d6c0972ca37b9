/** What the watch cache holds and hands out. Objects are shared: callers must not mutate them. */
import type { StoredKV } from '../storage/etcd.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KObject = Record<string, any>;

/** How an entry can be decoded again from what etcd stored, once it has let go of its object. */
export interface EntrySource {
  kv: StoredKV;
  decode: (kv: StoredKV) => KObject;
}

/**
 * One object as of one revision. `json` is its serialization, made once and shared by every reader.
 *
 * An entry that is no longer current (superseded, deleted) stays in the history only for watchers
 * that start from an older resourceVersion. {@link release} then drops its decoded object and
 * keeps one form to read it from again on each read: the stored bytes when it has them, else its
 * JSON (what this apiserver wrote: the JSON its write made). The history so costs the heap (and
 * the garbage collector's marking) one string or buffer per change instead of a whole object tree.
 */
export class CacheEntry {
  private held?: KObject;
  private serialized?: string;
  constructor(
    readonly key: string,
    obj: KObject,
    readonly rev: number,
    /** The stored bytes, when the entry keeps them (not for writes of this apiserver: their JSON). */
    readonly source?: EntrySource,
    /** `obj`'s JSON, when it is already made. */
    json?: string,
  ) {
    this.held = obj;
    this.serialized = json;
  }

  get obj(): KObject {
    if (this.held) return this.held;
    return this.source ? this.source.decode(this.source.kv) : (JSON.parse(this.serialized!) as KObject);
  }

  get json(): string {
    if (this.serialized !== undefined) return this.serialized;
    const json = JSON.stringify(this.obj);
    // A released entry decodes again on each read and keeps nothing.
    if (this.held) this.serialized = json;
    return json;
  }

  /** Lets go of the decoded object, and of its JSON too when the stored bytes can give both again. */
  release(): void {
    if (this.source) this.serialized = undefined;
    else if (this.serialized === undefined) return;
    this.held = undefined;
  }
}

/** A write's object, serialized once (registry/written.ts). */
export interface Written {
  /** What to store: the object's JSON without its resourceVersion, in a buffer of its own. */
  readonly data: Buffer;
  /** The object's JSON with `rev` as its resourceVersion, in the place the member has in the object. */
  json(rev: number): string;
  /**
   * The object written. The watch cache keeps it (with the revision as its resourceVersion)
   * instead of decoding the bytes etcd echoes back, so its writer must not change it once written.
   */
  readonly obj: KObject;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A change seen on the etcd watch: `entry` is the new state (for DELETED, the last state at the delete revision). */
export interface CacheEvent {
  type: EventType;
  entry: CacheEntry;
  prev?: CacheEntry;
  rev: number;
  /** When the cache saw it (ms), for history trimming. */
  at: number;
}

/** Which objects a watcher or a list wants: a key prefix and a predicate over the object. */
export interface Filter {
  prefix: string;
  matches?: (obj: KObject) => boolean;
  /**
   * A value `matches` requires: `of(obj)` must equal `value` for the object to match. Watchers
   * are indexed by it (`index` names what `of` reads, e.g. `label:app`).
   */
  trigger?: { index: string; value: string; of: (obj: KObject) => string | undefined };
}

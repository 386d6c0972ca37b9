/** What the watch cache holds and hands out. Objects are shared: callers must not mutate them. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KObject = Record<string, any>;

/** One object as of one revision. `json` is its serialization, made once and shared by every reader. */
export class CacheEntry {
  private serialized?: string;
  constructor(
    readonly key: string,
    readonly obj: KObject,
    readonly rev: number,
  ) {}

  get json(): string {
    return (this.serialized ??= JSON.stringify(this.obj));
  }
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

/**
 * A fixed-size least-recently-used cache, with the behaviour of Go's `groupcache/lru` that
 * upstream's event correlator uses: `get` and `add` both mark an entry most recently used, and
 * adding past `maxEntries` evicts the least recently used entry.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  /** Creates a cache holding at most `maxEntries` (> 0) entries. */
  constructor(readonly maxEntries: number) {
    if (!(maxEntries > 0)) throw new RangeError(`LruCache: maxEntries must be > 0, got ${maxEntries}`);
  }

  /** The value under `key`, marking it most recently used; undefined when absent. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value` under `key` as the most recently used entry, evicting the oldest if full. */
  add(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }

  /** The number of entries held. */
  get size(): number {
    return this.entries.size;
  }
}

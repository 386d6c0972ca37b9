/**
 * The informer cache — client-go's `tools/cache` Store, ThreadSafeStore and Indexer: objects
 * keyed `namespace/name` (or `name` when cluster-scoped), with named indexes kept up to date on
 * every write. JavaScript is single-threaded, so no locking is needed.
 */
import type { ObjectLike } from '../rest/resource-client.js';

/** Computes an object's key. */
export type KeyFunc<T> = (obj: T) => string;

/** Computes the values an object is indexed under, for one index. */
export type IndexFunc<T> = (obj: T) => string[];

/** Named index functions. */
export type Indexers<T> = Record<string, IndexFunc<T>>;

/** The name of the built-in namespace index. */
export const NAMESPACE_INDEX = 'namespace';

/** client-go's `MetaNamespaceKeyFunc`: `namespace/name`, or `name` without a namespace. */
export function metaNamespaceKey(obj: ObjectLike): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no name');
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** client-go's `MetaNamespaceIndexFunc`: the object's namespace (`''` when cluster-scoped). */
export function namespaceIndexFunc(obj: ObjectLike): string[] {
  return [obj.metadata?.namespace ?? ''];
}

/** What a reflector writes to: a Store, or an informer's delta handling. */
export interface ReflectorStore<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  /** Replaces the whole contents with `list`, as of `resourceVersion`. */
  replace(list: T[], resourceVersion: string): void;
}

/** A keyed object cache. */
export interface Store<T> extends ReflectorStore<T> {
  get(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** The key `obj` is (or would be) stored under. */
  keyOf(obj: T): string;
}

/**
 * A Store with indexes. `byIndex(name, value)` returns the objects whose index function yields
 * `value`; the `namespace` index is always present. Unknown index names throw, as upstream.
 */
export class Indexer<T extends ObjectLike = ObjectLike> implements Store<T> {
  private readonly items = new Map<string, T>();
  /** index name → indexed value → keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly indexers: Indexers<T>;

  constructor(
    indexers: Indexers<T> = {},
    private readonly keyFunc: KeyFunc<T> = metaNamespaceKey,
  ) {
    this.indexers = { [NAMESPACE_INDEX]: namespaceIndexFunc, ...indexers };
    for (const name of Object.keys(this.indexers)) this.indices.set(name, new Map());
  }

  keyOf(obj: T): string {
    return this.keyFunc(obj);
  }

  /** Adds (or replaces) the object under its key. */
  add(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.reindex(key, old, obj);
  }

  /** Same as add. */
  update(obj: T): void {
    this.add(obj);
  }

  /** Removes the object with `obj`'s key, if present. */
  delete(obj: T): void {
    this.deleteKey(this.keyFunc(obj));
  }

  /** Removes the object stored under `key`, if any. */
  deleteKey(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.items.delete(key);
    this.reindex(key, old, undefined);
  }

  /** Replaces everything with `list`; the resourceVersion is not kept by a plain store. */
  replace(list: T[], _resourceVersion: string): void {
    this.items.clear();
    for (const idx of this.indices.values()) idx.clear();
    for (const obj of list) this.add(obj);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** The index names. */
  indexNames(): string[] {
    return Object.keys(this.indexers);
  }

  /** Adds index functions; only allowed while the store is empty (as upstream). */
  addIndexers(indexers: Indexers<T>): void {
    if (this.items.size > 0) throw new Error('cannot add indexers to a non-empty store');
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers[name]) throw new Error(`indexer conflict: ${name}`);
      this.indexers[name] = fn;
      this.indices.set(name, new Map());
    }
  }

  /** The keys of the objects indexed under `value` in index `indexName`. */
  indexKeys(indexName: string, value: string): string[] {
    return [...(this.index(indexName).get(value) ?? [])];
  }

  /** The objects indexed under `value` in index `indexName`. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k)!);
  }

  /** The values present in index `indexName`. */
  listIndexFuncValues(indexName: string): string[] {
    return [...this.index(indexName).keys()];
  }

  private index(name: string): Map<string, Set<string>> {
    const idx = this.indices.get(name);
    if (!idx) throw new Error(`Index with name ${name} does not exist`);
    return idx;
  }

  private reindex(key: string, old: T | undefined, obj: T | undefined): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const idx = this.indices.get(name)!;
      if (old !== undefined) {
        for (const v of new Set(fn(old))) {
          const keys = idx.get(v);
          keys?.delete(key);
          if (keys?.size === 0) idx.delete(v);
        }
      }
      if (obj !== undefined) {
        for (const v of new Set(fn(obj))) {
          let keys = idx.get(v);
          if (!keys) idx.set(v, (keys = new Set()));
          keys.add(key);
        }
      }
    }
  }
}

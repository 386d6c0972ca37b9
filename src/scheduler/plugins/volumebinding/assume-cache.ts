/**
 * An assume cache over an informer lister, after upstream's `assumecache.AssumeCache`: the
 * scheduler records the PV and PVC changes it decided on (a PV pre-bound to a claim, a PVC with a
 * selected node) before writing them, so the next pod's cycle sees them. An assumed object shadows
 * the informer's until the informer's copy changes (its resourceVersion moves) or it is restored.
 */
import type { ObjectLister } from '../../framework/interface.js';

interface Meta {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

interface Assumed<T> {
  obj: T;
  /** The informer's resourceVersion when assumed; a different one means the informer moved on. */
  baseVersion: string | undefined;
}

/** The integer form of a resourceVersion (0 when absent), as upstream's versioner parses it. */
function version(obj: Meta | undefined): number {
  const rv = obj?.metadata?.resourceVersion;
  if (!rv) return 0;
  const n = Number(rv);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Objects of one kind keyed as upstream keys them (`name`, or `namespace/name` when namespaced),
 * with assumed versions layered over `lister`.
 */
export class AssumeCache<T extends Meta> {
  private readonly assumed = new Map<string, Assumed<T>>();

  constructor(
    private readonly lister: ObjectLister<T>,
    /** How errors name the kind, as upstream's `v1.PersistentVolume`. */
    private readonly description: string,
    private readonly namespaced: boolean,
  ) {}

  /** The cache key of an object. */
  keyOf(obj: T): string {
    const name = obj.metadata?.name ?? '';
    return this.namespaced ? `${obj.metadata?.namespace ?? ''}/${name}` : name;
  }

  /** The informer's object, ignoring anything assumed (upstream's `GetAPIObj`). */
  getAPI(key: string): T | undefined {
    if (!this.namespaced) return this.lister.get(undefined, key);
    const i = key.indexOf('/');
    return this.lister.get(key.slice(0, i), key.slice(i + 1));
  }

  /** The assumed object if still current, else the informer's (upstream's `Get`). */
  get(key: string): T | undefined {
    const api = this.getAPI(key);
    const a = this.assumed.get(key);
    if (!a) return api;
    if (!api || api.metadata?.resourceVersion !== a.baseVersion) {
      // The informer saw a newer object (or a deletion): it supersedes what was assumed.
      this.assumed.delete(key);
      return api;
    }
    return a.obj;
  }

  /** Every object, assumed versions in place of the informer's. */
  list(filter?: (obj: T) => boolean): T[] {
    const out: T[] = [];
    for (const api of this.lister.list()) {
      if (filter && !filter(api)) continue;
      const obj = this.get(this.keyOf(api));
      if (obj) out.push(obj);
    }
    return out;
  }

  /**
   * Records `obj` as the object's latest version. Throws, as upstream does, when the object is
   * unknown or `obj` is older than what the cache holds.
   */
  assume(obj: T): void {
    const key = this.keyOf(obj);
    const current = this.get(key);
    if (!current) throw new Error(`could not find ${this.description} "${key}"`);
    const stored = version(current);
    const assumed = version(obj);
    if (assumed < stored) {
      throw new Error(`${this.description} "${key}" is out of sync (stored: ${stored}, assume: ${assumed})`);
    }
    this.assumed.set(key, { obj, baseVersion: this.getAPI(key)?.metadata?.resourceVersion });
  }

  /** Drops what was assumed for `key`, so the informer's object shows again. */
  restore(key: string): void {
    this.assumed.delete(key);
  }

  /** Whether anything is assumed for `key` (for tests and logs). */
  isAssumed(key: string): boolean {
    return this.get(key) !== this.getAPI(key);
  }
}

/**
 * The generic store of one resource (upstream's `genericregistry.Store`): create, get, list,
 * update with optimistic concurrency, graceful and finalizer-aware delete, and watch, all keyed
 * by upstream's etcd layout, reading through the watch cache and writing to etcd.
 */
import type { Transformer } from '../encryption/index.js';
import { randomUUID } from 'node:crypto';
import { errors, type GroupThing } from '../../machinery/errors.js';
import { deepCopy, isJsonObject, jsonEqual, jsonEqualExcept } from '../../machinery/patch/json-values.js';
import type { FieldError } from '../../machinery/field-errors.js';
import { storageKey, type ResourceInfo } from '../../api/resources.js';
import type { EtcdStorage, StoredKV } from '../storage/etcd.js';
import { Cacher } from '../cacher/cacher.js';
import type { KObject } from '../cacher/types.js';
import type { Strategy } from './strategy.js';
import { landed, serializeForWrite, type Written } from './written.js';

export interface WriteOptions {
  dryRun?: boolean;
  /** Server-owned writes only (the bootstrap's loopback Endpoints): skip the kind's validation. */
  unvalidated?: boolean;
  /**
   * Records the write in managedFields: given the object about to be stored (after the server's
   * own changes and validation) and the stored one (none on create), returns what to store.
   */
  track?: (obj: KObject, old: KObject | undefined) => KObject;
  /** An update of a missing object creates it (server-side apply), whatever the kind. */
  create?: boolean;
  /** The API version the request was made in, for the kind's validation (custom resources' schemas). */
  version?: string;
  /**
   * Validating admission: sees the object about to be stored once it is valid (none on delete)
   * and the stored one (none on create); refuses by throwing.
   */
  admit?: (obj: KObject | undefined, old: KObject | undefined) => void | Promise<void>;
  /**
   * An update's `tryUpdate` leaves the object it is given as it is and returns a new one, sharing
   * nothing that anything else changes (a patch's result, a copy of the body): the store then
   * copies neither.
   */
  fresh?: boolean;
}

/** What an update computes from the current object (undefined when the object does not exist). */
export type TryUpdate = (current: KObject | undefined) => KObject | Promise<KObject>;

/** Marks an object decoded from a value that encryption at rest reports stale. */
const STALE = Symbol('stale');

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_RETRIES = 10;

/** Upstream's `names.SimpleNameGenerator`: the prefix and five random characters. */
export function generateName(prefix: string): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
  return prefix.slice(0, 58) + s;
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export const nowTime = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

const clone = deepCopy;

/** Whether two objects are equal but for metadata.resourceVersion (etcd's revision, not stored). */
function equalButResourceVersion(a: KObject, b: KObject): boolean {
  return jsonEqualExcept(a, b, 'metadata') && jsonEqualExcept(a.metadata ?? {}, b.metadata ?? {}, 'resourceVersion');
}

/** The fields each writable subresource owns; a write there changes nothing else. */
const SUBRESOURCE_FIELDS: Record<string, string[]> = {
  status: ['status'],
  finalize: ['spec.finalizers'],
  approval: ['status.conditions'],
  ephemeralcontainers: ['spec.ephemeralContainers'],
  binding: ['spec.nodeName', 'metadata.annotations', 'status.conditions'],
};

const getPath = (obj: KObject, path: string): unknown =>
  path.split('.').reduce<KObject | undefined>((o, k) => o?.[k], obj);

/**
 * Sets `path` in `obj`, copying the objects along it first: the rest of them is shared with another
 * object. The copies are made with Object.assign, not spread: Node 20's V8 gives an object spread
 * and then given a member its source lacks (a pod's `spec.nodeName`) a hidden class of its own,
 * so every bound pod's spec would carry one in the watch cache.
 */
function setPathCopying(obj: KObject, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let o = obj;
  for (const k of keys) o = o[k] = isJsonObject(o[k]) ? Object.assign({}, o[k]) : {};
  if (value === undefined) delete o[last];
  else o[last] = value;
}

export class Store {
  readonly cacher: Cacher;
  /** `pods` or `deployments.apps`, for messages. */
  readonly qualified: GroupThing;

  constructor(
    readonly info: ResourceInfo,
    readonly strategy: Strategy,
    readonly storage: EtcdStorage,
    readonly etcdPrefix: string,
    /** Encryption at rest (`--encryption-provider-config`), when this resource has any. */
    private readonly transformer?: Transformer,
  ) {
    this.qualified = { group: info.group, name: info.resource };
    this.cacher = new Cacher(storage, {
      prefix: storageKey(info, '', undefined, etcdPrefix),
      decode: (kv) => this.decode(kv),
    });
  }

  key(namespace: string, name: string): string {
    return storageKey(this.info, namespace, name, this.etcdPrefix);
  }

  prefix(namespace: string): string {
    return storageKey(this.info, namespace, undefined, this.etcdPrefix);
  }

  private decode(kv: StoredKV): KObject {
    let value = kv.value;
    let stale = false;
    if (this.transformer) ({ data: value, stale } = this.transformer.fromStorage(value, kv.key));
    const obj = JSON.parse(value.toString());
    (obj.metadata ??= {}).resourceVersion = String(kv.modRevision);
    // Written with a key or provider that is no longer the first: the next update rewrites it.
    if (stale) Object.defineProperty(obj, STALE, { value: true });
    return obj;
  }

  /**
   * What to store for `obj` (registry/written.ts); the watch cache is told to expect it, so that
   * the change etcd echoes back comes with its JSON already made.
   */
  private serialize(key: string, obj: KObject): Written {
    const w = serializeForWrite(obj);
    if (!this.transformer) {
      this.cacher.expect(key, w);
      return w;
    }
    return { ...w, data: this.transformer.toStorage(w.data, key) };
  }

  /** The current object (a consistent read, served by the watch cache), or NotFound. */
  async get(namespace: string, name: string): Promise<KObject> {
    await this.cacher.consistentRevision();
    const entry = this.cacher.get(this.key(namespace, name));
    if (!entry) throw errors.notFound(this.qualified, name);
    return entry.obj;
  }

  /**
   * The object to start a write from: the watch cache's copy (upstream's GuaranteedUpdate starts
   * from it too), which the guarded write checks against etcd; a stale copy costs one retry.
   */
  private current(key: string): { obj: KObject; rev: number } | undefined {
    const entry = this.cacher.get(key);
    return entry && { obj: entry.obj, rev: entry.rev };
  }

  private fromKV(kv: StoredKV | undefined): { obj: KObject; rev: number } | undefined {
    return kv && { obj: this.decode(kv), rev: kv.modRevision };
  }

  /** The object from the watch cache, at least as new as `minRev`. */
  async getCached(namespace: string, name: string, minRev: number): Promise<KObject> {
    await this.cacher.waitUntil(minRev);
    const entry = this.cacher.get(this.key(namespace, name));
    if (!entry) throw errors.notFound(this.qualified, name);
    return entry.obj;
  }

  private invalid(name: string, errs: FieldError[]): void {
    if (errs.length) throw errors.invalid({ group: this.info.group, name: this.info.kind }, name, errs);
  }

  /** Fills what the server owns on create (upstream's `rest.BeforeCreate`). */
  private beforeCreate(namespace: string, obj: KObject, opts: WriteOptions): void {
    const meta = (obj.metadata ??= {});
    if (this.info.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    this.strategy.prepareForCreate?.(obj);
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTime();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    if (this.strategy.generation) meta.generation = 1;
    else delete meta.generation;
    if (!opts.unvalidated) this.invalid(meta.name ?? '', this.strategy.validate?.(obj, opts.version) ?? []);
  }

  /** Creates `obj` in `namespace`; a generated name is retried on collision as upstream does. */
  async create(namespace: string, input: KObject, opts: WriteOptions = {}): Promise<KObject> {
    const generated = !input.metadata?.name && !!input.metadata?.generateName;
    for (let attempt = 0; ; attempt++) {
      let obj = clone(input);
      this.beforeCreate(namespace, obj, opts);
      await opts.admit?.(obj, undefined);
      if (opts.track) obj = opts.track(obj, undefined);
      const name: string = obj.metadata.name;
      if (opts.dryRun) {
        if (this.cacher.get(this.key(namespace, name))) throw errors.alreadyExists(this.qualified, name);
        return obj;
      }
      const ttl = this.strategy.ttlSeconds?.(obj);
      const key = this.key(namespace, name);
      const written = this.serialize(key, obj);
      const res = await this.storage.create(key, written.data, ttl);
      if (res.ok) {
        landed(obj, written, res.revision);
        return obj;
      }
      this.cacher.unexpect(key, written);
      if (!generated) throw errors.alreadyExists(this.qualified, name);
      if (attempt >= 7) throw errors.generateNameConflict(this.qualified, name, 1);
    }
  }

  /**
   * Reads, transforms and writes one object until the write lands (upstream's GuaranteedUpdate):
   * `tryUpdate` sees the current object (undefined if missing) and returns the new one. A
   * `resourceVersion` in the new object that differs from the current one is a 409 Conflict.
   */
  async update(
    namespace: string,
    name: string,
    tryUpdate: TryUpdate,
    opts: WriteOptions & { subresource?: string } = {},
  ): Promise<{ obj: KObject; created: boolean }> {
    const key = this.key(namespace, name);
    let cur = this.current(key);
    // A decision that a write would not check (missing, conflict, no change) is only taken on what
    // etcd says: the cache's copy may be behind.
    let fromEtcd = !cur;
    if (!cur) cur = this.fromKV((await this.storage.get(key)).kv);
    const reread = async () => {
      cur = this.fromKV((await this.storage.get(key)).kv);
      fromEtcd = true;
    };
    for (let attempt = 0; ; attempt++) {
      const current = cur?.obj;
      const mine = current && (opts.fresh ? current : clone(current));
      const updated = await tryUpdate(mine);
      // The copy handed to tryUpdate is ours already; anything else is copied before it is changed.
      let next = updated === mine || opts.fresh ? updated : clone(updated);
      const meta = (next.metadata ??= {});
      if (meta.name !== undefined && meta.name !== name) {
        throw errors.badRequest(
          'the name of the object (' + meta.name + ') does not match the name on the URL (' + name + ')',
        );
      }
      meta.name = name;
      if (!current) {
        if (!(this.strategy.allowCreateOnUpdate || opts.create) || opts.subresource) {
          throw errors.notFound(this.qualified, name);
        }
        if (meta.resourceVersion) throw errors.notFound(this.qualified, name);
        return { obj: await this.create(namespace, next, opts), created: true };
      }
      if (meta.resourceVersion && meta.resourceVersion !== current.metadata.resourceVersion) {
        if (!fromEtcd) {
          await reread();
          continue;
        }
        throw errors.modified(this.qualified, name);
      }
      // An update without a resourceVersion is unconditional: it applies to what is stored, for the
      // kinds that allow it (upstream's AllowUnconditionalUpdate).
      if (!meta.resourceVersion) {
        if (this.strategy.conditionalUpdatesOnly) throw errors.modified(this.qualified, name);
        meta.resourceVersion = current.metadata.resourceVersion;
      }
      this.beforeUpdate(namespace, next, current, opts);
      await opts.admit?.(next, current);
      if (opts.track) next = opts.track(next, current);
      // As upstream's GuaranteedUpdate: no write when nothing changed, unless the stored value is stale.
      if (!(current as { [STALE]?: boolean })[STALE] && equalButResourceVersion(next, current)) {
        if (!fromEtcd) {
          await reread();
          continue;
        }
        return { obj: current, created: false };
      }
      // An object being deleted whose last finalizer is gone goes away (upstream: deleteWithoutFinalizers).
      const finalized = current.metadata.deletionTimestamp && !this.finalizers(next).length;
      if (opts.dryRun) return { obj: next, created: false };
      const written = finalized ? undefined : this.serialize(key, next);
      const res = written
        ? await this.storage.update(key, written.data, cur!.rev, this.strategy.ttlSeconds?.(next))
        : await this.storage.delete(key, cur!.rev);
      if (res.ok) {
        if (written) landed(next, written, res.revision);
        else next.metadata.resourceVersion = String(res.revision);
        return { obj: next, created: false };
      }
      if (written) this.cacher.unexpect(key, written);
      if (!res.current) throw errors.notFound(this.qualified, name);
      if (attempt >= MAX_RETRIES) throw errors.modified(this.qualified, name);
      cur = this.fromKV(res.current);
      fromEtcd = true;
    }
  }

  private finalizers(obj: KObject): string[] {
    return this.strategy.finalizers?.(obj) ?? obj.metadata?.finalizers ?? [];
  }

  /** Keeps what the server owns on update (upstream's `rest.BeforeUpdate`). */
  private beforeUpdate(
    namespace: string,
    obj: KObject,
    old: KObject,
    opts: WriteOptions & { subresource?: string },
  ): void {
    const subresource = opts.subresource ?? '';
    const owned = (subresource === 'status' && this.strategy.statusFields) || SUBRESOURCE_FIELDS[subresource];
    if (owned) {
      // A subresource write changes only the fields it owns (status, spec.finalizers, …): the rest
      // is the stored object's, shared with it, as only metadata and those fields change below.
      const { resourceVersion: rv, managedFields } = obj.metadata;
      const taken = owned.map((path) => getPath(obj, path));
      for (const k of Object.keys(obj)) delete obj[k];
      Object.assign(obj, old);
      obj.metadata = { ...old.metadata, resourceVersion: rv };
      // An apply to the subresource brings its managedFields; other writes have theirs tracked
      // next. Ones equal to the stored (a copy of them, mostly) are the stored: the watch cache
      // then keeps one tree for both.
      if (managedFields && !jsonEqual(managedFields, old.metadata.managedFields)) {
        obj.metadata.managedFields = managedFields;
      }
      owned.forEach((path, i) => setPathCopying(obj, path, taken[i]));
      if (subresource === 'status') this.strategy.prepareForStatusUpdate?.(obj, old);
    }
    const meta = obj.metadata;
    const oldMeta = old.metadata;
    if (this.info.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace;
    } else delete meta.namespace;
    meta.uid ||= oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    if (oldMeta.deletionTimestamp) {
      meta.deletionTimestamp = oldMeta.deletionTimestamp;
      meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (!owned) {
      const hasStatus = this.info.subresources.some((s) => s.subresource === 'status');
      if (hasStatus && old.status !== undefined) obj.status = clone(old.status);
      else if (hasStatus) delete obj.status;
      this.strategy.prepareForUpdate?.(obj, old);
    }
    if (this.strategy.generation) {
      const spec = this.strategy.spec ?? ((o: KObject) => ({ ...o, metadata: undefined, status: undefined }));
      meta.generation = oldMeta.generation ?? 1;
      if (!jsonEqual(spec(obj), spec(old))) meta.generation = (oldMeta.generation ?? 0) + 1;
    } else delete meta.generation;
    if (opts.unvalidated) return;
    this.invalid(
      meta.name,
      this.strategy.validateUpdate?.(obj, old, subresource, opts.version) ??
        this.strategy.validate?.(obj, opts.version) ??
        [],
    );
  }

  /**
   * Deletes an object (upstream's `Store.Delete`): with preconditions checked, gracefully when the
   * strategy asks for a grace period, and only marked (deletionTimestamp) while finalizers remain.
   * Returns the object and whether it is gone.
   */
  async delete(
    namespace: string,
    name: string,
    options: { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } } & WriteOptions,
  ): Promise<{ obj: KObject; deleted: boolean }> {
    const key = this.key(namespace, name);
    let cur = this.current(key);
    let fromEtcd = !cur;
    if (!cur) cur = this.fromKV((await this.storage.get(key)).kv);
    for (let attempt = 0; ; attempt++) {
      if (!cur) throw errors.notFound(this.qualified, name);
      const obj = clone(cur.obj);
      const meta = obj.metadata;
      const pre = options.preconditions ?? {};
      const stale =
        (pre.uid && pre.uid !== meta.uid) || (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion);
      if (stale && !fromEtcd) {
        // The cache's copy may be behind: judge preconditions on what etcd holds.
        cur = this.fromKV((await this.storage.get(key)).kv);
        fromEtcd = true;
        continue;
      }
      if (pre.uid && pre.uid !== meta.uid) {
        throw errors.conflict(
          this.qualified,
          name,
          `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`,
        );
      }
      if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
        throw errors.conflict(
          this.qualified,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`,
        );
      }
      await options.admit?.(undefined, obj);
      const grace = this.strategy.gracePeriod?.(obj, options.gracePeriodSeconds) ?? 0;
      const held = this.finalizers(obj).length > 0;
      const pending = grace > 0 || held;
      let res;
      if (pending) {
        const next = clone(obj);
        const now = Date.now();
        if (!meta.deletionTimestamp) {
          next.metadata.deletionTimestamp = new Date(now + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
          next.metadata.deletionGracePeriodSeconds = grace;
        } else if (grace < (meta.deletionGracePeriodSeconds ?? Infinity)) {
          // A shorter grace period may replace a longer one, never the reverse.
          next.metadata.deletionTimestamp = new Date(now + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
          next.metadata.deletionGracePeriodSeconds = grace;
        } else return { obj, deleted: false };
        this.strategy.markDeleting?.(next);
        if (options.dryRun) return { obj: next, deleted: false };
        const written = this.serialize(key, next);
        res = await this.storage.update(key, written.data, cur.rev);
        if (res.ok) {
          landed(next, written, res.revision);
          return { obj: next, deleted: false };
        }
        this.cacher.unexpect(key, written);
      } else {
        if (options.dryRun) return { obj, deleted: true };
        res = await this.storage.delete(key, cur.rev);
        if (res.ok) return { obj, deleted: true };
      }
      if (attempt >= MAX_RETRIES) throw errors.modified(this.qualified, name);
      cur = this.fromKV(res.current);
      fromEtcd = true;
    }
  }
}

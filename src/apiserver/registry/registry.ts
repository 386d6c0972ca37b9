/**
 * Every served resource and the store behind it. Versions of one resource that upstream keeps
 * under one etcd prefix (autoscaling v1 and v2 HorizontalPodAutoscalers) share one store and one
 * watch cache. Resources that CustomResourceDefinitions define are installed and removed while
 * the server runs; `generation` counts those changes, so discovery and OpenAPI know to rebuild.
 */
import { transformerFor, type EncryptionConfig } from '../encryption/index.js';
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { EtcdStorage } from '../storage/etcd.js';
import { Store } from './store.js';
import { strategyFor } from './strategies/index.js';
import { ServiceAllocator, type ServiceRanges } from './strategies/service-alloc.js';
import type { KObject } from '../cacher/types.js';
import { normalizeClusterIPs } from '../../api/defaults/index.js';
import { compareKubeVersions, compareStrings } from '../../api/versions.js';

export interface Served {
  info: ResourceInfo;
  store?: Store;
}

/** The served versions of one CustomResourceDefinition and the one store they share. */
interface Custom {
  infos: ResourceInfo[];
  store: Store;
  stop: AbortController;
}

export class Registry {
  private readonly served = new Map<string, Served>();
  readonly stores: Store[] = [];
  private readonly custom = new Map<string, Custom>();
  private readonly customServed = new Map<string, Served>();
  private customResources: ResourceInfo[] = [];
  private running?: { signal: AbortSignal; onError: (err: unknown) => void };
  /** Bumped whenever custom resources are installed or removed. */
  generation = 0;

  constructor(
    storage: EtcdStorage,
    etcdPrefix: string,
    opts: { ranges: ServiceRanges; eventTtlSeconds: number; encryption?: EncryptionConfig },
  ) {
    const byPrefix = new Map<string, Store>();
    for (const info of RESOURCES) {
      let store: Store | undefined;
      if (info.etcdPrefix !== undefined) {
        store = byPrefix.get(info.etcdPrefix);
        if (!store) {
          const transformer = opts.encryption && transformerFor(opts.encryption, info.group, info.resource);
          store = new Store(info, strategyFor(info), storage, etcdPrefix, transformer);
          byPrefix.set(info.etcdPrefix, store);
          this.stores.push(store);
        }
      }
      this.served.set(`${info.group}/${info.version}/${info.resource}`, { info, store });
    }
    const services = this.store('', 'services')!;
    const stored = (): KObject[] => services.cacher.list({ prefix: services.prefix('') }).entries.map((e) => e.obj);
    const alloc = new ServiceAllocator(opts.ranges, stored);
    this.store('', 'events')!.strategy.ttlSeconds = () => opts.eventTtlSeconds;
    services.strategy.prepareForCreate = (obj) => {
      obj.status = { loadBalancer: {} };
      normalizeClusterIPs(obj);
      alloc.allocate(obj);
    };
    services.strategy.prepareForUpdate = (obj, old) => {
      // An update that leaves out the allocated addresses keeps them (upstream's patchAllocatedValues).
      obj.spec ??= {};
      if (!obj.spec.clusterIP && old.spec?.clusterIP) obj.spec.clusterIP = old.spec.clusterIP;
      if (!obj.spec.clusterIPs && old.spec?.clusterIPs) obj.spec.clusterIPs = old.spec.clusterIPs;
      normalizeClusterIPs(obj, old);
      alloc.allocate(obj, old);
    };
  }

  /** The served resource, or undefined when this server has no such group/version/resource. */
  find(group: string, version: string, resource: string): Served | undefined {
    const key = `${group}/${version}/${resource}`;
    return this.served.get(key) ?? this.customServed.get(key);
  }

  /** The store of a resource by group and plural name (any version). */
  store(group: string, resource: string): Store | undefined {
    const match = (s: Store) => s.info.group === group && s.info.resource === resource;
    return this.stores.find(match) ?? [...this.custom.values()].map((c) => c.store).find(match);
  }

  /** Every served resource: the built-in ones in discovery order, then the custom ones. */
  resources(): readonly ResourceInfo[] {
    return this.customResources.length ? [...RESOURCES, ...this.customResources] : RESOURCES;
  }

  /**
   * Serves `infos` (the served versions of CRD `crd`, preferred first) from `store`, replacing what
   * the CRD served before, and starts the store's watch cache; resolves once it has loaded.
   */
  async install(crd: string, infos: ResourceInfo[], store: Store): Promise<void> {
    this.uninstall(crd);
    const stop = new AbortController();
    this.custom.set(crd, { infos, store, stop });
    this.rebuildCustom();
    if (this.running) {
      const signal = AbortSignal.any([this.running.signal, stop.signal]);
      store.cacher.run(signal).catch(this.running.onError);
      await store.cacher.ready;
    }
  }

  /** Stops serving what CRD `crd` defined (its stored objects stay in etcd). */
  uninstall(crd: string): void {
    const old = this.custom.get(crd);
    if (!old) return;
    old.stop.abort();
    this.custom.delete(crd);
    this.rebuildCustom();
  }

  private rebuildCustom(): void {
    this.customServed.clear();
    const infos = [...this.custom.values()].flatMap((c) => c.infos.map((info) => ({ info, store: c.store })));
    // Groups in name order (upstream's order for groups of equal priority), each group's versions
    // by Kubernetes version priority, each version's resources by name.
    infos.sort(
      (a, b) =>
        compareStrings(a.info.group, b.info.group) ||
        compareKubeVersions(a.info.version, b.info.version) ||
        compareStrings(a.info.resource, b.info.resource),
    );
    this.customResources = infos.map((s) => s.info);
    for (const s of infos) this.customServed.set(`${s.info.group}/${s.info.version}/${s.info.resource}`, s);
    this.generation++;
  }

  /** Starts every watch cache and resolves when all have loaded. */
  async start(signal: AbortSignal, onError: (err: unknown) => void): Promise<void> {
    this.running = { signal, onError };
    for (const s of this.stores) s.cacher.run(signal).catch(onError);
    await Promise.all(this.stores.map((s) => s.cacher.ready));
  }
}

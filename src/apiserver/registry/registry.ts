/**
 * Every served resource and the store behind it. Versions of one resource that upstream keeps
 * under one etcd prefix (autoscaling v1 and v2 HorizontalPodAutoscalers) share one store and one
 * watch cache.
 */
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { EtcdStorage } from '../storage/etcd.js';
import { Store } from './store.js';
import { strategyFor } from './strategies/index.js';
import { ServiceAllocator, type ServiceRanges } from './strategies/service-alloc.js';
import type { KObject } from '../cacher/types.js';
import { normalizeClusterIPs } from '../../api/defaults/index.js';

export interface Served {
  info: ResourceInfo;
  store?: Store;
}

export class Registry {
  private readonly served = new Map<string, Served>();
  readonly stores: Store[] = [];

  constructor(storage: EtcdStorage, etcdPrefix: string, opts: { ranges: ServiceRanges; eventTtlSeconds: number }) {
    const byPrefix = new Map<string, Store>();
    for (const info of RESOURCES) {
      let store: Store | undefined;
      if (info.etcdPrefix !== undefined) {
        store = byPrefix.get(info.etcdPrefix);
        if (!store) {
          store = new Store(info, strategyFor(info), storage, etcdPrefix);
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
    return this.served.get(`${group}/${version}/${resource}`);
  }

  /** The store of a resource by group and plural name (any version). */
  store(group: string, resource: string): Store | undefined {
    return this.stores.find((s) => s.info.group === group && s.info.resource === resource);
  }

  /** Starts every watch cache and resolves when all have loaded. */
  async start(signal: AbortSignal, onError: (err: unknown) => void): Promise<void> {
    for (const s of this.stores) s.cacher.run(signal).catch(onError);
    await Promise.all(this.stores.map((s) => s.cacher.ready));
  }
}

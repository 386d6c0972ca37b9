/**
 * The apiserver's own CustomResourceDefinition controllers (upstream's apiextensions-apiserver
 * naming, establishing and finalizing controllers and its CRD handler, in one loop): each CRD
 * change sets the CRD's status, then serves its resource (an established CRD's versions, through
 * one store in its storage version) or stops serving it; a deleted CRD's objects are deleted
 * before its `customresourcecleanup.apiextensions.k8s.io` finalizer is removed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Registry } from '../registry/registry.js';
import type { EtcdStorage } from '../storage/etcd.js';
import type { KObject } from '../cacher/types.js';
import { Store } from '../registry/store.js';
import { CLEANUP_FINALIZER, conditionTrue, servedInfos, storageInfo } from './served.js';
import { desiredStatus } from './names.js';
import { customStrategy } from './strategy.js';

const RETRY_MS = 1000;

export class CRDController {
  private readonly pending = new Set<string>();
  private draining?: Promise<void>;
  /** What each installed CRD was installed from, to reinstall only on a change. */
  private readonly installedFrom = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    private readonly storage: EtcdStorage,
    private readonly etcdPrefix: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  private get crds(): Store {
    return this.registry.store('apiextensions.k8s.io', 'customresourcedefinitions')!;
  }

  /** Starts watching CRDs (the registry's caches must have loaded); resolves once every CRD present is served. */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => (this.stopped = true), { once: true });
    const watch = () => {
      if (this.stopped) return;
      const w = this.crds.cacher.watch(
        { prefix: this.crds.prefix('') },
        0,
        {
          send: (events) => {
            for (const e of events) this.enqueue(e.entry.obj.metadata.name);
          },
          close: () => setTimeout(watch, 100),
        },
        true,
      );
      signal.addEventListener('abort', () => w.stop(), { once: true });
    };
    watch();
    await this.draining;
  }

  private enqueue(name: string): void {
    this.pending.add(name);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.size && !this.stopped) {
      const [name] = this.pending;
      this.pending.delete(name);
      try {
        await this.sync(name);
      } catch (err) {
        this.onError(err);
        setTimeout(() => this.enqueue(name), RETRY_MS).unref();
      }
    }
  }

  private async sync(name: string): Promise<void> {
    const crds = this.crds;
    const crd = crds.cacher.get(crds.key('', name))?.obj;
    if (!crd) {
      this.registry.uninstall(name);
      this.installedFrom.delete(name);
      return;
    }
    const all = crds.cacher.list({ prefix: crds.prefix('') }).entries.map((e) => e.obj);
    const status = desiredStatus(crd, all);
    if (!isDeepStrictEqual(status, crd.status)) {
      // The write comes back as an event, and the CRD is looked at again.
      await crds.update('', name, (cur) => ({ ...cur!, status }), { subresource: 'status' });
      return;
    }
    const terminating = !!crd.metadata.deletionTimestamp;
    if (conditionTrue(crd, 'Established') || terminating) await this.serve(crd);
    if (terminating && (crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) await this.cleanup(crd);
  }

  private async serve(crd: KObject): Promise<void> {
    const name = crd.metadata.name;
    const from = JSON.stringify([crd.spec, crd.status.acceptedNames, !!crd.metadata.deletionTimestamp]);
    if (this.installedFrom.get(name) === from) return;
    const info = storageInfo(crd);
    const served = servedInfos(crd);
    const store = new Store(info, customStrategy(info, served), this.storage, this.etcdPrefix);
    await this.registry.install(name, served, store);
    this.installedFrom.set(name, from);
  }

  /** Deletes the CRD's objects; once none is left, lets the CRD go. */
  private async cleanup(crd: KObject): Promise<void> {
    const name = crd.metadata.name;
    const store = this.registry.store(crd.spec.group, crd.status?.acceptedNames?.plural ?? crd.spec.names.plural);
    let left = 0;
    if (store) {
      await store.cacher.consistentRevision();
      for (const { obj } of store.cacher.list({ prefix: store.prefix('') }).entries) {
        const { namespace = '', name: objName } = obj.metadata;
        const out = await store.delete(namespace, objName, {}).catch((err) => {
          if ((err as { reason?: string }).reason === 'NotFound') return { deleted: true };
          throw err;
        });
        if (!out.deleted) left++;
      }
    }
    if (left) {
      // Objects held by their own finalizers: look again later.
      setTimeout(() => this.enqueue(name), RETRY_MS).unref();
      return;
    }
    await this.crds.update('', name, (cur) => {
      const next = structuredClone(cur!);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f: string) => f !== CLEANUP_FINALIZER);
      return next;
    });
  }
}

/**
 * `SharedInformerFactory`: client-go's `informers.SharedInformerFactory` for any resource — one
 * shared informer per resource, started together and awaited together.
 */
import type { RestClient } from '../rest/client.js';
import { ResourceClient, type KubeObject, type ResourceRef } from '../rest/resource-client.js';
import type { Clock } from '../workqueue/clock.js';
import { listWatchFromClient } from './list-watch.js';
import { SharedIndexInformer } from './shared-informer.js';

/** Options of a factory: default resync, a namespace to confine namespaced informers to. */
export interface SharedInformerFactoryOptions {
  resyncMs?: number;
  /** Namespace for namespaced resources; all namespaces when unset. */
  namespace?: string;
  clock?: Clock;
}

const keyOf = (r: Pick<ResourceRef, 'group' | 'version' | 'resource'>) => `${r.group}/${r.version}/${r.resource}`;

/** Makes and runs shared informers over one RestClient. */
export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private readonly running: Promise<void>[] = [];
  private signal: AbortSignal | undefined;

  constructor(
    private readonly client: RestClient,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {}

  /** The informer for `ref` — the same instance on every call. Started by `start`. */
  forResource<T extends KubeObject = KubeObject>(ref: ResourceRef): SharedIndexInformer<T> {
    const key = keyOf(ref);
    let inf = this.informers.get(key);
    if (!inf) {
      const rc = new ResourceClient<KubeObject>(this.client, ref);
      const namespace = ref.namespaced ? this.options.namespace : undefined;
      inf = new SharedIndexInformer(listWatchFromClient(rc, { namespace }), {
        resyncMs: this.options.resyncMs,
        clock: this.options.clock,
      });
      this.informers.set(key, inf);
    }
    return inf as unknown as SharedIndexInformer<T>;
  }

  /** Starts every informer not yet started; call again after adding informers. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const inf of this.informers.values()) if (!inf.isStarted()) this.running.push(inf.run(signal));
  }

  /** Waits for every started informer to sync: `group/version/resource` → synced (false if aborted). */
  async waitForCacheSync(signal?: AbortSignal): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    for (const [key, inf] of this.informers) {
      if (inf.isStarted()) out.set(key, await inf.waitForSync(signal ?? this.signal));
    }
    return out;
  }

  /** Resolves when every started informer has stopped (after the start signal aborts). */
  async shutdown(): Promise<void> {
    await Promise.all(this.running);
  }
}

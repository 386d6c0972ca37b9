/**
 * The collector's monitors (upstream's `syncMonitors`/`startMonitors`): one informer handler per
 * deletable resource, feeding the GraphBuilder. Informers come from the shared factory, so a
 * resource other controllers watch is listed once. A resource that disappears from discovery
 * loses its handler; the factory's informer cannot be stopped alone and keeps retrying quietly.
 */
import type { ControllerContext } from '../context.js';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informers/shared-informer.js';
import type { KubeObject } from '../../client/rest/resource-client.js';
import { resourceKey, type DiscoveredResource } from '../common/discovery.js';
import type { GraphEvent } from './graph-builder.js';
import type { ObjectMeta } from './graph.js';

interface Monitor {
  resource: DiscoveredResource;
  informer: SharedIndexInformer<KubeObject>;
  registration: HandlerRegistration;
}

const metaOf = (obj: KubeObject): ObjectMeta => (obj.metadata ?? {}) as ObjectMeta;

/** The monitors, keyed by `group/version/resource`. */
export class Monitors {
  private readonly monitors = new Map<string, Monitor>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly onEvent: (event: GraphEvent) => void,
  ) {}

  /** The resources monitored now. */
  resources(): DiscoveredResource[] {
    return [...this.monitors.values()].map((m) => m.resource);
  }

  /**
   * Makes the monitored set `resources`: handlers added for new ones, removed for gone ones.
   * Returns what changed; call `start` after to run informers not yet running.
   */
  sync(resources: readonly DiscoveredResource[]): { added: string[]; removed: string[] } {
    const wanted = new Map(resources.map((r) => [resourceKey(r), r]));
    const removed: string[] = [];
    for (const [key, m] of this.monitors) {
      if (wanted.has(key)) continue;
      m.registration.remove();
      this.monitors.delete(key);
      removed.push(key);
    }
    const added: string[] = [];
    for (const [key, resource] of wanted) {
      if (this.monitors.has(key)) continue;
      const informer = this.ctx.informers.forResource<KubeObject>(resource);
      const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
      const emit = (event: Omit<GraphEvent, 'apiVersion' | 'kind'>) => {
        try {
          this.onEvent({ ...event, apiVersion, kind: resource.kind });
        } catch (err) {
          this.ctx.log.error({ err, resource: key }, 'garbage collector: processing a graph change failed');
        }
      };
      const registration = informer.addEventHandler({
        onAdd: (obj) => emit({ type: 'add', obj: metaOf(obj) }),
        onUpdate: (oldObj, obj) => emit({ type: 'update', obj: metaOf(obj), oldObj: metaOf(oldObj) }),
        onDelete: (obj) => emit({ type: 'delete', obj: metaOf(obj) }),
      });
      this.monitors.set(key, { resource, informer, registration });
      added.push(key);
    }
    return { added, removed };
  }

  /** Runs every informer of the factory not yet running. */
  start(signal: AbortSignal): void {
    this.ctx.informers.start(signal);
  }

  /** Whether every monitor's informer has synced (false with no monitors, as upstream's IsSynced). */
  isSynced(): boolean {
    if (this.monitors.size === 0) return false;
    for (const m of this.monitors.values()) if (!m.informer.hasSynced()) return false;
    return true;
  }

  /** Resolves true once every monitor has synced, false if `signal` aborts first. */
  async waitForSync(signal: AbortSignal): Promise<boolean> {
    for (const m of this.monitors.values()) if (!(await m.informer.waitForSync(signal))) return false;
    return this.monitors.size > 0;
  }

  /** Stops delivering events (the collector is stopping). */
  removeAll(): void {
    for (const m of this.monitors.values()) m.registration.remove();
    this.monitors.clear();
  }
}

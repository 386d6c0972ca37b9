/**
 * The garbage collector (upstream's `garbagecollector.go`): workers drain two queues the
 * GraphBuilder fills. `attemptToDelete` checks an object against the API — a virtual owner that
 * does not exist is dropped from the graph (its dependents then lose it), a dependent whose
 * owners are all gone is deleted, an owner deleting in the foreground loses its
 * foregroundDeletion finalizer once no blocking dependent is left. `attemptToOrphan` strips an
 * owner's references from its dependents, then removes its orphan finalizer.
 */
import type { Logger } from 'pino';
import type { EventRecorder } from '../../client/events/index.js';
import { defaultControllerRateLimiter } from '../../client/workqueue/rate-limiters.js';
import { RateLimitingQueue } from '../../client/workqueue/rate-limiting-queue.js';
import type { Clock } from '../../client/workqueue/clock.js';
import type { MetricsProvider } from '../../client/workqueue/metrics.js';
import { isNotFound } from '../../machinery/errors.js';
import {
  classifyReference,
  decideForDependent,
  decideForDeletingOwner,
  unblockedOwnerReferences,
  withoutOwnerReferences,
  type ClassifiedReferences,
} from './decisions.js';
import { GraphBuilder } from './graph-builder.js';
import {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  formatIdentity,
  type GraphNode,
  type ObjectMeta,
  type OwnerReference,
} from './graph.js';
import { RestMappingError, type GcOperations } from './operations.js';

/** The node was found gone and a virtual delete event has been processed: nothing to retry. */
const VIRTUAL_DELETE = Symbol('enqueued virtual delete event');
/** A cluster-scoped object names a namespaced owner: retrying cannot help. */
const NAMESPACED_OWNER_OF_CLUSTER_SCOPED = Symbol('cluster-scoped objects cannot refer to namespaced owners');

type Outcome = 'forget' | 'requeue';

/** What the collector is given. */
export interface GarbageCollectorOptions {
  ops: GcOperations;
  log: Logger;
  recorder: EventRecorder;
  clock?: Clock;
  metricsProvider?: MetricsProvider;
}

/** The graph and the workers acting on it. */
export class GarbageCollector {
  readonly builder: GraphBuilder;
  readonly attemptToDelete: RateLimitingQueue<string>;
  readonly attemptToOrphan: RateLimitingQueue<string>;
  readonly ops: GcOperations;
  private readonly log: Logger;

  constructor(private readonly options: GarbageCollectorOptions) {
    this.ops = options.ops;
    this.log = options.log;
    const queue = (name: string) =>
      new RateLimitingQueue<string>(defaultControllerRateLimiter<string>({ clock: options.clock }), {
        name,
        clock: options.clock,
        metricsProvider: options.metricsProvider,
      });
    this.attemptToDelete = queue('garbage_collector_attempt_to_delete');
    this.attemptToOrphan = queue('garbage_collector_attempt_to_orphan');
    this.builder = new GraphBuilder({
      attemptToDelete: (n) => this.attemptToDelete.add(n.identity.uid),
      attemptToDeleteRateLimited: (n) => this.attemptToDelete.addRateLimited(n.identity.uid),
      attemptToOrphan: (n) => this.attemptToOrphan.add(n.identity.uid),
      invalidNamespaceOwnerRef: (dep, ref) => {
        const { apiVersion, kind, name, uid, namespace } = dep.identity;
        const invalid = formatIdentity({ ...ref, namespace });
        this.options.recorder.eventf(
          { apiVersion, kind, metadata: { name, namespace, uid } },
          'Warning',
          'OwnerRefInvalidNamespace',
          'ownerRef %s does not exist in namespace %q',
          invalid,
          namespace,
        );
      },
    });
  }

  /** Runs `workers` workers on each queue until `signal` aborts. */
  async runWorkers(workers: number, signal: AbortSignal): Promise<void> {
    const stop = () => {
      this.attemptToDelete.shutDown();
      this.attemptToOrphan.shutDown();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    const loops: Promise<void>[] = [];
    for (let i = 0; i < workers; i++) {
      loops.push(this.drain(this.attemptToDelete, (uid) => this.attemptToDeleteWorker(uid)));
      loops.push(this.drain(this.attemptToOrphan, (uid) => this.attemptToOrphanWorker(uid)));
    }
    await Promise.all(loops);
  }

  private async drain(queue: RateLimitingQueue<string>, work: (uid: string) => Promise<Outcome>): Promise<void> {
    for (;;) {
      const got = await queue.get();
      if (got.shutdown) return;
      let outcome: Outcome;
      try {
        outcome = await work(got.item);
      } catch (err) {
        this.log.error({ err, uid: got.item }, 'garbage collector: unexpected error');
        outcome = 'requeue';
      }
      if (outcome === 'forget') queue.forget(got.item);
      else queue.addRateLimited(got.item);
      queue.done(got.item);
    }
  }

  /** One attemptToDelete item (upstream's attemptToDeleteWorker). */
  async attemptToDeleteWorker(uid: string): Promise<Outcome> {
    const node = this.builder.uidToNode.get(uid);
    // Gone from the graph meanwhile (a virtual node verified absent, a deletion observed).
    if (!node) return 'forget';
    try {
      await this.attemptToDeleteItem(node);
    } catch (err) {
      if (err === VIRTUAL_DELETE || err === NAMESPACED_OWNER_OF_CLUSTER_SCOPED) return 'forget';
      if (err instanceof RestMappingError)
        this.log.error({ item: formatIdentity(node.identity), err }, 'error syncing item');
      else
        this.log.warn(
          { err },
          `error syncing item ${formatIdentity(node.identity)}: ${String((err as Error)?.message ?? err)}`,
        );
      return 'requeue';
    }
    // Not observed yet: look again, lest a node added and removed between watches stay forever.
    return node.virtual ? 'requeue' : 'forget';
  }

  private virtualDelete(node: GraphNode): never {
    this.builder.virtualDelete(node.identity);
    throw VIRTUAL_DELETE;
  }

  /**
   * Reads the object `node` stands for and deletes it if every owner is gone, or drops the
   * references to owners gone; an owner deleting in the foreground is finished when nothing
   * blocks it.
   */
  async attemptToDeleteItem(node: GraphNode): Promise<void> {
    this.log.debug({ item: formatIdentity(node.identity), virtual: node.virtual }, 'Processing item');
    // Being deleted is a one-way trip: wait for the deletion, then see to its dependents.
    if (node.beingDeleted && !node.deletingDependents) return;
    let latest: ObjectMeta;
    try {
      latest = await this.ops.getMetadata(node.identity);
    } catch (err) {
      if (isNotFound(err)) this.virtualDelete(node);
      throw err;
    }
    if (latest.uid !== node.identity.uid) this.virtualDelete(node);
    if (node.deletingDependents) return this.processDeletingDependentsItem(node);
    const ownerReferences = latest.ownerReferences ?? [];
    if (!ownerReferences.length) return;
    const refs = await this.classifyReferences(node, ownerReferences);
    const decision = decideForDependent(refs, {
      finalizers: latest.finalizers,
      hasDependents: node.dependents.size > 0,
      aDependentIsDeletingDependents: [...node.dependents].some((d) => d.deletingDependents),
    });
    switch (decision.action) {
      case 'none':
        return;
      case 'removeOwnerReferences':
        this.log.debug({ item: formatIdentity(node.identity), owners: decision.uids }, 'remove dangling references');
        return this.ops.patchOwnerReferences(node.identity, (r) => withoutOwnerReferences(r, decision.uids));
      case 'delete':
        if (decision.unblockFirst) await this.ops.patchOwnerReferences(node.identity, unblockedOwnerReferences);
        this.log.info(
          { item: formatIdentity(node.identity), propagationPolicy: decision.policy },
          'garbage collector: deleting item',
        );
        try {
          await this.ops.deleteObject(node.identity, latest.resourceVersion, latest.ownerReferences, decision.policy);
        } catch (err) {
          if (isNotFound(err)) this.virtualDelete(node);
          throw err;
        }
    }
  }

  /** Sorts an object's references by whether their owners live (upstream's classifyReferences). */
  private async classifyReferences(node: GraphNode, refs: OwnerReference[]): Promise<ClassifiedReferences> {
    const out: ClassifiedReferences = { solid: [], dangling: [], waitingForDependentsDeletion: [] };
    for (const ref of refs) {
      const owner = await this.lookUpOwner(ref, node);
      const cls = classifyReference(ref, owner);
      if (cls === 'dangling') out.dangling.push(ref);
      else if (cls === 'solid') out.solid.push(ref);
      else out.waitingForDependentsDeletion.push(ref);
    }
    return out;
  }

  /** The owner `ref` names as the API has it; undefined when it is gone (upstream's isDangling). */
  private async lookUpOwner(ref: OwnerReference, item: GraphNode): Promise<ObjectMeta | undefined> {
    const coords = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid };
    const absent = this.builder.absentOwnerCache;
    if (absent.has({ ...coords, namespace: '' })) return undefined;
    if (absent.has({ ...coords, namespace: item.identity.namespace })) return undefined;
    const resource = await this.ops.resource(ref.apiVersion, ref.kind);
    if (!item.identity.namespace && resource.namespaced) {
      this.log.debug(
        { item: formatIdentity(item.identity), owner: ref },
        'item is cluster-scoped, but refers to a namespaced owner',
      );
      throw NAMESPACED_OWNER_OF_CLUSTER_SCOPED;
    }
    const key = { ...coords, namespace: resource.namespaced ? item.identity.namespace : '' };
    try {
      const owner = await this.ops.getMetadataOf(resource, item.identity.namespace, ref.name);
      if (owner.uid !== ref.uid) {
        absent.add(key);
        return undefined;
      }
      return owner;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      absent.add(key);
      return undefined;
    }
  }

  /** An owner deleting in the foreground: finish it, or push its blocking dependents along. */
  private async processDeletingDependentsItem(node: GraphNode): Promise<void> {
    const decision = decideForDeletingOwner(node);
    if (decision.action === 'removeFinalizer') {
      this.log.debug({ item: formatIdentity(node.identity) }, 'remove DeleteDependents finalizer for item');
      return this.ops.removeFinalizer(node.identity, FINALIZER_DELETE_DEPENDENTS);
    }
    for (const dep of decision.dependents) this.attemptToDelete.add(dep.identity.uid);
  }

  /** One attemptToOrphan item: orphan the dependents, then drop the orphan finalizer. */
  async attemptToOrphanWorker(uid: string): Promise<Outcome> {
    const owner = this.builder.uidToNode.get(uid);
    if (!owner) return 'forget';
    const dependents = [...owner.dependents];
    const results = await Promise.allSettled(
      dependents.map((dep) =>
        this.ops.patchOwnerReferences(dep.identity, (r) => withoutOwnerReferences(r, [owner.identity.uid])),
      ),
    );
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected' && !isNotFound(r.reason)
        ? [`orphaning ${formatIdentity(dependents[i]!.identity)} failed, ${String(r.reason?.message ?? r.reason)}`]
        : [],
    );
    if (failures.length) {
      this.log.warn(
        `orphanDependents for ${formatIdentity(owner.identity)} failed with failed to orphan dependents of owner ${formatIdentity(owner.identity)}, got errors: [${failures.join(', ')}]`,
      );
      return 'requeue';
    }
    try {
      await this.ops.removeFinalizer(owner.identity, FINALIZER_ORPHAN);
    } catch (err) {
      this.log.warn(
        `removeOrphanFinalizer for ${formatIdentity(owner.identity)} failed with ${String((err as Error)?.message ?? err)}`,
      );
      return 'requeue';
    }
    return 'forget';
  }
}

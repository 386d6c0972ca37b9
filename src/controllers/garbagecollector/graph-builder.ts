/**
 * The GraphBuilder (upstream's `graph_builder.go`, `processGraphChanges`): turns the informers'
 * add/update/delete events — and the collector's "virtual" delete events for owners the API said
 * are gone — into changes of the uid graph, and tells the collector which nodes to look at:
 * `attemptToDelete` (a dependent whose owner may be gone, an owner waiting for its dependents) and
 * `attemptToOrphan` (an owner deleted with the orphan finalizer).
 *
 * Events are processed synchronously, one at a time (JavaScript's one thread does what upstream's
 * single graphChanges worker does), so the graph is never read half-updated.
 */
import { getAlternateOwnerIdentity, partitionDependents } from './owner-identity.js';
import {
  coordinates,
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  GraphNode,
  ReferenceCache,
  hasFinalizer,
  ownerReferenceMatchesCoordinates,
  referencesDiffs,
  sameIdentity,
  type ObjectIdentity,
  type ObjectMeta,
  type OwnerReference,
} from './graph.js';

/** One change: from an informer, or (`virtual`) from the collector having found an object gone. */
export interface GraphEvent {
  type: 'add' | 'update' | 'delete';
  /** The object's metadata now (for deletes: its last state). */
  obj: ObjectMeta;
  /** For updates: the state before. */
  oldObj?: ObjectMeta;
  /** The apiVersion and kind of the object (the monitor's resource, or the virtual identity's). */
  apiVersion: string;
  kind: string;
  virtual?: boolean;
}

/** Where the builder sends the nodes the collector should process. */
export interface GraphSink {
  attemptToDelete(node: GraphNode): void;
  /** As attemptToDelete, after the queue's backoff for the node. */
  attemptToDeleteRateLimited(node: GraphNode): void;
  attemptToOrphan(node: GraphNode): void;
  /** A dependent names an owner seen in another namespace (upstream's OwnerRefInvalidNamespace event). */
  invalidNamespaceOwnerRef(dependent: GraphNode, ownerRef: OwnerReference): void;
}

const beingDeleted = (meta: ObjectMeta | undefined) => !!meta?.deletionTimestamp;

/** The object newly waits, being deleted, on `finalizer` (it did not before the event). */
export function deletionStartsWithFinalizer(
  oldObj: ObjectMeta | undefined,
  newObj: ObjectMeta,
  finalizer: string,
): boolean {
  if (!beingDeleted(newObj) || !hasFinalizer(newObj, finalizer)) return false;
  if (!oldObj) return true;
  return !beingDeleted(oldObj) || !hasFinalizer(oldObj, finalizer);
}

/** The graph and the rules that keep it. */
export class GraphBuilder {
  readonly uidToNode = new Map<string, GraphNode>();
  /** Owners the API (or a delete event) said are gone. */
  readonly absentOwnerCache = new ReferenceCache(500);

  constructor(private readonly sink: GraphSink) {}

  /** Applies one event to the graph. */
  process(event: GraphEvent): void {
    const uid = event.obj.uid;
    if (!uid) return;
    const observedIdentity = identityFromEvent(event);
    const existing = this.uidToNode.get(uid);
    if (existing && !event.virtual && existing.virtual) {
      // Seen through an informer at last: from now on its existence is tracked by events.
      if (!sameIdentity(observedIdentity, existing.identity)) {
        // Dependents that named this owner by other coordinates may be wrong: have them checked.
        const [, potentiallyInvalid] = partitionDependents([...existing.dependents], observedIdentity);
        for (const dep of potentiallyInvalid) {
          if (observedIdentity.namespace && dep.identity.namespace !== observedIdentity.namespace) {
            this.reportInvalidNamespaceOwnerRef(dep, observedIdentity.uid);
          }
          this.sink.attemptToDelete(dep);
        }
        existing.identity = observedIdentity;
      }
      existing.virtual = false;
    }
    if (event.type !== 'delete') {
      if (!existing) this.addNew(event, observedIdentity);
      else this.updateExisting(event, existing);
      return;
    }
    if (existing) this.processDelete(event, existing, observedIdentity);
  }

  /** A virtual delete event: the API says `identity` does not exist. */
  virtualDelete(identity: ObjectIdentity): void {
    this.process({
      type: 'delete',
      virtual: true,
      apiVersion: identity.apiVersion,
      kind: identity.kind,
      obj: { uid: identity.uid, name: identity.name, namespace: identity.namespace },
    });
  }

  private addNew(event: GraphEvent, identity: ObjectIdentity): void {
    const node = new GraphNode(identity, event.obj.ownerReferences ?? [], {
      beingDeleted: beingDeleted(event.obj),
      deletingDependents: beingDeleted(event.obj) && hasFinalizer(event.obj, FINALIZER_DELETE_DEPENDENTS),
    });
    this.uidToNode.set(identity.uid, node);
    this.addDependentToOwners(node, node.owners);
    // An informer may fold a creation and a deletion into one event: look at the transitions too.
    this.processTransitions(event.oldObj, event.obj, node);
  }

  private updateExisting(event: GraphEvent, node: GraphNode): void {
    if (!event.virtual && (node.identity.apiVersion !== event.apiVersion || node.identity.kind !== event.kind)) {
      node.identity = { ...node.identity, apiVersion: event.apiVersion, kind: event.kind };
    }
    const owners = event.obj.ownerReferences ?? [];
    const { added, removed, changed } = referencesDiffs(node.owners, owners);
    if (added.length || removed.length || changed.length) {
      // A blocking reference gone or made non-blocking may free an owner waiting in the foreground.
      for (const ref of removed) if (ref.blockOwnerDeletion) this.enqueueUid(ref.uid);
      for (const { oldRef, newRef } of changed) {
        if (oldRef.blockOwnerDeletion && !newRef.blockOwnerDeletion) this.enqueueUid(newRef.uid);
      }
      node.owners = owners;
      this.addDependentToOwners(node, added);
      this.removeDependentFromOwners(node, removed);
    }
    if (beingDeleted(event.obj)) node.beingDeleted = true;
    this.processTransitions(event.oldObj, event.obj, node);
  }

  private processDelete(event: GraphEvent, node: GraphNode, deletedIdentity: ObjectIdentity): void {
    let remove = true;
    if (event.virtual) {
      if (node.virtual) {
        // Not sure of a virtual node's coordinates: dependents may name it differently.
        const [matching, nonmatching] = partitionDependents([...node.dependents], deletedIdentity);
        if (nonmatching.length > 0) {
          remove = false;
          if (matching.length > 0) {
            this.absentOwnerCache.add(deletedIdentity);
            for (const dep of matching) this.sink.attemptToDelete(dep);
          }
          if (sameIdentity(node.identity, deletedIdentity)) {
            const replacement = getAlternateOwnerIdentity(nonmatching, deletedIdentity);
            if (replacement) {
              node.identity = replacement;
              this.sink.attemptToDeleteRateLimited(node);
            }
          }
        }
      } else if (!sameIdentity(node.identity, deletedIdentity)) {
        // The real node is not what the virtual event verified absent; only its dependents that
        // named those coordinates lose their owner.
        remove = false;
        const [matching] = partitionDependents([...node.dependents], deletedIdentity);
        if (matching.length > 0) {
          this.absentOwnerCache.add(deletedIdentity);
          for (const dep of matching) this.sink.attemptToDelete(dep);
        }
      }
    }
    if (!remove) return;
    this.uidToNode.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
    if (node.dependents.size > 0) this.absentOwnerCache.add(deletedIdentity);
    for (const dep of node.dependents) this.sink.attemptToDelete(dep);
    for (const owner of node.owners) {
      const ownerNode = this.uidToNode.get(owner.uid);
      // An owner deleting in the foreground may have been waiting for this one.
      if (ownerNode?.deletingDependents) this.sink.attemptToDelete(ownerNode);
    }
  }

  private processTransitions(oldObj: ObjectMeta | undefined, newObj: ObjectMeta, node: GraphNode): void {
    if (deletionStartsWithFinalizer(oldObj, newObj, FINALIZER_ORPHAN)) {
      this.sink.attemptToOrphan(node);
      return;
    }
    if (deletionStartsWithFinalizer(oldObj, newObj, FINALIZER_DELETE_DEPENDENTS)) {
      // A node added as virtual does not know yet: set it here.
      node.deletingDependents = true;
      for (const dep of node.dependents) this.sink.attemptToDelete(dep);
      this.sink.attemptToDelete(node);
    }
  }

  private enqueueUid(uid: string): void {
    const node = this.uidToNode.get(uid);
    if (node) this.sink.attemptToDelete(node);
  }

  /**
   * Adds `node` to its owners' dependents, making virtual nodes for owners not in the graph (and
   * having the collector check they exist); a reference that disagrees with an owner already seen
   * has the dependent checked.
   */
  private addDependentToOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const owner of owners) {
      let ownerNode = this.uidToNode.get(owner.uid);
      if (!ownerNode) {
        ownerNode = new GraphNode({ ...coordinates(owner), namespace: node.identity.namespace }, [], { virtual: true });
        this.uidToNode.set(owner.uid, ownerNode);
        ownerNode.dependents.add(node);
        this.sink.attemptToDelete(ownerNode);
        continue;
      }
      ownerNode.dependents.add(node);
      if (potentiallyInvalid) continue;
      const ownerNamespaced = ownerNode.identity.namespace !== '';
      if (ownerNamespaced && ownerNode.identity.namespace !== node.identity.namespace) {
        // A namespaced owner is only ever in its dependents' namespace.
        if (ownerNode.isObserved()) this.reportInvalidNamespaceOwnerRef(node, owner.uid);
        potentiallyInvalid = true;
      } else if (!ownerReferenceMatchesCoordinates(owner, ownerNode.identity)) {
        potentiallyInvalid = true;
      } else if (!ownerNamespaced && ownerNode.identity.namespace !== node.identity.namespace && ownerNode.virtual) {
        // Maybe a namespaced owner wrongly named by a cluster-scoped dependent (upstream #98040).
        potentiallyInvalid = true;
      }
    }
    if (potentiallyInvalid) this.sink.attemptToDelete(node);
  }

  private removeDependentFromOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    for (const owner of owners) this.uidToNode.get(owner.uid)?.dependents.delete(node);
  }

  private reportInvalidNamespaceOwnerRef(dependent: GraphNode, ownerUid: string): void {
    const ref = dependent.owners.find((o) => o.uid === ownerUid);
    if (ref) this.sink.invalidNamespaceOwnerRef(dependent, ref);
  }
}

function identityFromEvent(event: GraphEvent): ObjectIdentity {
  return {
    apiVersion: event.apiVersion,
    kind: event.kind,
    uid: event.obj.uid ?? '',
    name: event.obj.name ?? '',
    namespace: event.obj.namespace ?? '',
  };
}

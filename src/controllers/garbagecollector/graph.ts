/**
 * The garbage collector's dependency graph (upstream's `graph.go`): one node per object uid,
 * real (seen through an informer) or virtual (named by some dependent's ownerReference but not
 * seen yet), each knowing its owners and its dependents.
 */

/** The finalizer an owner deleted with propagationPolicy Orphan carries (metav1.FinalizerOrphanDependents). */
export const FINALIZER_ORPHAN = 'orphan';
/** The finalizer an owner deleted with propagationPolicy Foreground carries (metav1.FinalizerDeleteDependents). */
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

/** metav1.OwnerReference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Who an object is: an owner reference's coordinates plus the namespace (`''` when cluster-scoped). */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  namespace: string;
}

/** The metadata the collector reads of an object (PartialObjectMetadata's). */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

/** `identity` as upstream prints an objectReference in logs and events. */
export function formatIdentity(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

/** Whether two identities name the same object at the same coordinates. */
export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.uid === b.uid &&
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.namespace === b.namespace
  );
}

/** Whether an ownerReference's apiVersion, kind, name and uid are those of `id`. */
export function ownerReferenceMatchesCoordinates(ref: OwnerReference, id: ObjectIdentity): boolean {
  return ref.uid === id.uid && ref.name === id.name && ref.kind === id.kind && ref.apiVersion === id.apiVersion;
}

/** The apiVersion, kind, name and uid of an owner reference. */
export function coordinates(ref: OwnerReference): Omit<ObjectIdentity, 'namespace'> {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid };
}

/** `obj` carries `finalizer`. */
export function hasFinalizer(meta: ObjectMeta | undefined, finalizer: string): boolean {
  return (meta?.finalizers ?? []).includes(finalizer);
}

/** One object in the graph. Mutated only by the GraphBuilder (identity, owners, flags, dependents). */
export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** Not seen through an informer yet: known only from a dependent's ownerReference. */
  virtual: boolean;
  /** Has a deletionTimestamp. */
  beingDeleted = false;
  /** Has a deletionTimestamp and the foregroundDeletion finalizer. */
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    public owners: OwnerReference[] = [],
    options: { virtual?: boolean; beingDeleted?: boolean; deletingDependents?: boolean } = {},
  ) {
    this.virtual = options.virtual ?? false;
    this.beingDeleted = options.beingDeleted ?? false;
    this.deletingDependents = options.deletingDependents ?? false;
  }

  isObserved(): boolean {
    return !this.virtual;
  }

  /**
   * The dependents whose ownerReference to this node sets blockOwnerDeletion: the ones a
   * foreground deletion waits for.
   */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dep) =>
      dep.owners.some((ref) => ref.uid === this.identity.uid && ref.blockOwnerDeletion === true),
    );
  }
}

/**
 * Owner references the API said are absent (upstream's ReferenceCache): an LRU of identities, so
 * the dependents of an owner seen deleted need no GET each.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, true>();

  constructor(private readonly maxSize = 500) {}

  private static key(id: Omit<ObjectIdentity, 'namespace'> & { namespace?: string }): string {
    return JSON.stringify([id.apiVersion, id.kind, id.name, id.uid, id.namespace ?? '']);
  }

  add(id: Omit<ObjectIdentity, 'namespace'> & { namespace?: string }): void {
    const key = ReferenceCache.key(id);
    this.entries.delete(key);
    this.entries.set(key, true);
    if (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value!);
  }

  has(id: Omit<ObjectIdentity, 'namespace'> & { namespace?: string }): boolean {
    const key = ReferenceCache.key(id);
    if (!this.entries.has(key)) return false;
    this.entries.delete(key);
    this.entries.set(key, true);
    return true;
  }
}

/** What changed between two ownerReference lists, by uid (upstream's `referencesDiffs`). */
export function referencesDiffs(
  oldRefs: readonly OwnerReference[],
  newRefs: readonly OwnerReference[],
): {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: { oldRef: OwnerReference; newRef: OwnerReference }[];
} {
  const oldByUid = new Map(oldRefs.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { oldRef: OwnerReference; newRef: OwnerReference }[] = [];
  for (const ref of newRefs) {
    const old = oldByUid.get(ref.uid);
    if (!old) {
      added.push(ref);
      continue;
    }
    if (!sameOwnerReference(old, ref)) changed.push({ oldRef: old, newRef: ref });
    oldByUid.delete(ref.uid);
  }
  return { added, removed: [...oldByUid.values()], changed };
}

function sameOwnerReference(a: OwnerReference, b: OwnerReference): boolean {
  return (
    ownerReferenceMatchesCoordinates(a, { ...b, namespace: '' }) &&
    (a.controller ?? null) === (b.controller ?? null) &&
    (a.blockOwnerDeletion ?? null) === (b.blockOwnerDeletion ?? null)
  );
}

/** Whether two ownerReference lists are equal (order included), as reflect.DeepEqual judges them. */
export function sameOwnerReferences(a: readonly OwnerReference[] = [], b: readonly OwnerReference[] = []): boolean {
  return a.length === b.length && a.every((r, i) => sameOwnerReference(r, b[i]!));
}

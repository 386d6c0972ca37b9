/**
 * What the collector does with an object, decided from what it read (upstream's
 * `attemptToDeleteItem`, `classifyReferences` and `processDeletingDependentsItem`), kept free of
 * I/O so the rules can be tested as tables.
 */
import {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  hasFinalizer,
  type GraphNode,
  type ObjectMeta,
  type OwnerReference,
} from './graph.js';

/** How an owner reference stands. */
export type ReferenceClass =
  /** The owner exists and is not deleting its dependents in the foreground. */
  | 'solid'
  /** The owner does not exist (not found, or another object under its name). */
  | 'dangling'
  /** The owner is being deleted with the foregroundDeletion finalizer. */
  | 'waitingForDependentsDeletion';

/** The class of `ref` given the owner as the API returned it (`undefined`: not found). */
export function classifyReference(ref: OwnerReference, owner: ObjectMeta | undefined): ReferenceClass {
  if (!owner || owner.uid !== ref.uid) return 'dangling';
  if (owner.deletionTimestamp && hasFinalizer(owner, FINALIZER_DELETE_DEPENDENTS)) {
    return 'waitingForDependentsDeletion';
  }
  return 'solid';
}

/** An object's owner references sorted by class. */
export interface ClassifiedReferences {
  solid: OwnerReference[];
  dangling: OwnerReference[];
  waitingForDependentsDeletion: OwnerReference[];
}

/** The propagation policies of a delete. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** What to do with an object that has owner references. */
export type DependentAction =
  | { action: 'none'; why: 'noOwners' | 'solidOwner' }
  /** It keeps a live owner: drop only the references to owners gone or deleting in the foreground. */
  | { action: 'removeOwnerReferences'; uids: string[] }
  /**
   * Collect it. `unblockFirst`: turn its blockOwnerDeletion references off first, lest an owner
   * and a dependent both deleting in the foreground wait for each other.
   */
  | { action: 'delete'; policy: PropagationPolicy; unblockFirst: boolean };

/** What the dependent itself looks like, for {@link decideForDependent}. */
export interface DependentState {
  /** Its current finalizers (an orphan or foreground finalizer already there is honoured). */
  finalizers?: string[];
  /** It has dependents of its own in the graph. */
  hasDependents: boolean;
  /** One of its dependents is itself deleting in the foreground. */
  aDependentIsDeletingDependents: boolean;
}

/** Decides about an object whose references are classified as `refs`. */
export function decideForDependent(refs: ClassifiedReferences, item: DependentState): DependentAction {
  const { solid, dangling, waitingForDependentsDeletion: waiting } = refs;
  if (!solid.length && !dangling.length && !waiting.length) return { action: 'none', why: 'noOwners' };
  if (solid.length > 0) {
    if (!dangling.length && !waiting.length) return { action: 'none', why: 'solidOwner' };
    // References to owners waiting for their dependents must go too, or those owners wait forever.
    return { action: 'removeOwnerReferences', uids: [...dangling, ...waiting].map((r) => r.uid) };
  }
  if (waiting.length > 0 && item.hasDependents) {
    // An owner waits in the foreground and this has dependents: it goes in the foreground too.
    return { action: 'delete', policy: 'Foreground', unblockFirst: item.aDependentIsDeletingDependents };
  }
  const meta = { finalizers: item.finalizers };
  const policy: PropagationPolicy = hasFinalizer(meta, FINALIZER_ORPHAN)
    ? 'Orphan'
    : hasFinalizer(meta, FINALIZER_DELETE_DEPENDENTS)
      ? 'Foreground'
      : 'Background';
  return { action: 'delete', policy, unblockFirst: false };
}

/** What to do with an owner deleting in the foreground. */
export type DeletingOwnerAction =
  /** Nothing blocks it any more: remove its foregroundDeletion finalizer. */
  | { action: 'removeFinalizer' }
  /** Dependents still block it: look at these (those not already deleting their own). */
  | { action: 'attemptToDelete'; dependents: GraphNode[] };

/** Decides about an owner deleting in the foreground, from its blocking dependents. */
export function decideForDeletingOwner(owner: GraphNode): DeletingOwnerAction {
  const blocking = owner.blockingDependents();
  if (!blocking.length) return { action: 'removeFinalizer' };
  return { action: 'attemptToDelete', dependents: blocking.filter((d) => !d.deletingDependents) };
}

/** `refs` without the references to `uids`. */
export function withoutOwnerReferences(refs: readonly OwnerReference[], uids: readonly string[]): OwnerReference[] {
  const drop = new Set(uids);
  return refs.filter((r) => !drop.has(r.uid));
}

/** `refs` with every blockOwnerDeletion turned off. */
export function unblockedOwnerReferences(refs: readonly OwnerReference[]): OwnerReference[] {
  return refs.map((r) => ({ ...r, blockOwnerDeletion: false }));
}

/** `finalizers` without `finalizer`; undefined when it was not there. */
export function withoutFinalizer(finalizers: readonly string[] | undefined, finalizer: string): string[] | undefined {
  if (!finalizers?.includes(finalizer)) return undefined;
  return finalizers.filter((f) => f !== finalizer);
}

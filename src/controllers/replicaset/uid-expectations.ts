/**
 * Upstream's `UIDTrackingControllerExpectations` over the shared `ControllerExpectations`: a
 * deletion counts only for a pod the controller itself chose to delete, and only once — a pod is
 * seen as deleted both when its deletionTimestamp appears and when it leaves the cache, and a
 * pod someone else deleted must not satisfy the controller's own pending deletes.
 */
import type { ControllerExpectations } from '../common/index.js';

/** Expectations keyed by controller key, with the pods each expects to see deleted. */
export class UIDTrackingExpectations {
  /** Controller key → keys (`namespace/name`) of the pods it is waiting to see deleted. */
  private readonly deleting = new Map<string, Set<string>>();

  constructor(private readonly base: ControllerExpectations) {}

  /** Expects `n` creates for `key` (replacing what was expected before). */
  expectCreations(key: string, n: number): void {
    this.base.expectCreations(key, n);
  }

  /** One create seen, or given up on. */
  creationObserved(key: string): void {
    this.base.creationObserved(key);
  }

  /** Lowers the outstanding creates by `n` (creates skipped after a failure). */
  lowerCreations(key: string, n: number): void {
    this.base.lowerCreations(key, n);
  }

  /** Expects the deletion of exactly these pods for `key`. */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.deleting.set(key, new Set(podKeys));
    this.base.expectDeletions(key, podKeys.length);
  }

  /** The pod `podKey` was seen deleted (or its delete failed); counts once, and only if expected. */
  deletionObserved(key: string, podKey: string): void {
    const pending = this.deleting.get(key);
    if (!pending?.delete(podKey)) return;
    this.base.deletionObserved(key);
  }

  /** True when nothing is outstanding for `key`, or its expectations have lapsed. */
  satisfied(key: string): boolean {
    return this.base.satisfied(key);
  }

  /** Forgets `key` entirely (its controller was deleted). */
  delete(key: string): void {
    this.deleting.delete(key);
    this.base.delete(key);
  }
}

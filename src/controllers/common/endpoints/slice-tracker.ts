/**
 * Upstream's `EndpointSliceTracker`: the generation of every EndpointSlice a controller wrote, by
 * service, so that it can tell its informer is behind its own writes (and retry instead of acting
 * on stale slices), and ignore the informer echoing those writes back.
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';

/** The generation recorded for a slice the controller deleted. */
const DELETION_EXPECTED = -1;

const serviceKeyOf = (s: EndpointSlice) =>
  `${s.metadata?.namespace ?? ''}/${s.metadata?.labels?.['kubernetes.io/service-name'] ?? ''}`;

export class EndpointSliceTracker {
  private readonly byService = new Map<string, Map<string, number>>();

  private gens(slice: EndpointSlice, create: boolean): Map<string, number> | undefined {
    const key = serviceKeyOf(slice);
    let m = this.byService.get(key);
    if (!m && create) this.byService.set(key, (m = new Map()));
    return m;
  }

  /** True when the slice is tracked. */
  has(slice: EndpointSlice): boolean {
    return this.gens(slice, false)?.has(slice.metadata?.uid ?? '') ?? false;
  }

  /** True when the slice is unknown or newer than what we wrote: someone else changed it. */
  shouldSync(slice: EndpointSlice): boolean {
    const g = this.gens(slice, false)?.get(slice.metadata?.uid ?? '');
    return g === undefined || (slice.metadata?.generation ?? 0) > g;
  }

  /**
   * True when the cache is behind our writes for `service`: a cached slice older than what we
   * wrote (or one we deleted), or a slice we wrote that the cache does not have yet.
   */
  staleSlices(namespace: string, name: string, slices: readonly EndpointSlice[]): boolean {
    const gens = this.byService.get(`${namespace}/${name}`);
    if (!gens) return false;
    const seen = new Set<string>();
    for (const s of slices) {
      const uid = s.metadata?.uid ?? '';
      seen.add(uid);
      const g = gens.get(uid);
      if (g !== undefined && (g === DELETION_EXPECTED || g > (s.metadata?.generation ?? 0))) return true;
    }
    for (const [uid, g] of gens) if (g !== DELETION_EXPECTED && !seen.has(uid)) return true;
    return false;
  }

  /** Records a slice as written (the server's answer to a create or update). */
  update(slice: EndpointSlice): void {
    this.gens(slice, true)!.set(slice.metadata?.uid ?? '', slice.metadata?.generation ?? 0);
  }

  /** Records that we deleted the slice. */
  expectDeletion(slice: EndpointSlice): void {
    this.gens(slice, true)!.set(slice.metadata?.uid ?? '', DELETION_EXPECTED);
  }

  /** Forgets a deleted slice; true when we expected the deletion. */
  handleDeletion(slice: EndpointSlice): boolean {
    const gens = this.gens(slice, false);
    const uid = slice.metadata?.uid ?? '';
    const g = gens?.get(uid);
    if (g === undefined) return false;
    gens!.delete(uid);
    return g === DELETION_EXPECTED;
  }

  /** Forgets a service. */
  deleteService(namespace: string, name: string): void {
    this.byService.delete(`${namespace}/${name}`);
  }
}

/**
 * Upstream's `StatefulPodControl`: creates a pod after its claims, repairs a pod's identity and
 * storage, deletes pods, and keeps the claims' ownerReferences in line with the retention policy,
 * recording upstream's events on the set ("create Pod web-0 in StatefulSet web successful",
 * "create Claim www-web-0 Pod web-0 in StatefulSet web success", and the Failed… forms).
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { Lister } from '../../client/informers/lister.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isAlreadyExists, isConflict } from '../../machinery/errors.js';
import { hasStaleOwnerRef, isClaimOwnerUpToDate, retentionPolicy, updateClaimOwnerRefForSetAndPod } from './claims.js';
import {
  getOrdinal,
  getPersistentVolumeClaimName,
  getPersistentVolumeClaims,
  identityMatches,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './identity.js';

const title = (verb: string) => verb.charAt(0).toUpperCase() + verb.slice(1);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface StatefulPodControlDeps {
  pods: ResourceClient<Pod>;
  claims: ResourceClient<PersistentVolumeClaim>;
  podLister: Lister<Pod>;
  claimLister: Lister<PersistentVolumeClaim>;
  recorder: EventRecorder;
}

export class StatefulPodControl {
  constructor(private readonly d: StatefulPodControlDeps) {}

  /** Creates the pod's claims, then the pod, then sets the claims' owners (upstream's `CreateStatefulPod`). */
  async createStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createPersistentVolumeClaims(set, pod);
    } catch (err) {
      this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    let created: Pod;
    try {
      created = await this.d.pods.create(pod, { namespace: pod.metadata?.namespace });
    } catch (err) {
      // An existing pod means our cache is behind: retry later, without an event.
      if (!isAlreadyExists(err)) this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    try {
      await this.updatePodClaimForRetentionPolicy(set, created);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
    this.recordPodEvent('create', set, pod);
  }

  /**
   * Repairs the pod's identity, storage and claim owners (upstream's `UpdateStatefulPod`), writing
   * it only when something changed and retrying conflicts against the cache.
   */
  async updateStatefulPod(set: StatefulSet, original: Pod): Promise<void> {
    let pod: Pod = structuredClone(original);
    let attempted = false;
    let lastErr: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      let consistent = true;
      if (!identityMatches(set, pod)) {
        updateIdentity(set, pod);
        consistent = false;
      }
      try {
        if (!storageMatches(set, pod)) {
          updateStorage(set, pod);
          consistent = false;
          await this.createPersistentVolumeClaims(set, pod);
        }
        if (!(await this.claimsMatchRetentionPolicy(set, pod))) {
          await this.updatePodClaimForRetentionPolicy(set, pod);
          consistent = false;
        }
      } catch (err) {
        this.recordPodEvent('update', set, pod, err);
        throw err;
      }
      if (consistent) return;
      attempted = true;
      try {
        await this.d.pods.update(pod, { namespace: pod.metadata?.namespace });
        lastErr = undefined;
        break;
      } catch (err) {
        lastErr = err;
        if (!isConflict(err)) break;
        const cached = this.d.podLister.get(set.metadata?.namespace, pod.metadata?.name ?? '');
        if (cached) pod = structuredClone(cached);
      }
    }
    if (attempted) this.recordPodEvent('update', set, pod, lastErr);
    if (lastErr) throw lastErr;
  }

  /** Deletes the pod, recording SuccessfulDelete or FailedDelete. */
  async deleteStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.d.pods.delete(pod.metadata!.name!, { namespace: pod.metadata?.namespace });
    } catch (err) {
      this.recordPodEvent('delete', set, pod, err);
      throw err;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /** Upstream's `ClaimsMatchRetentionPolicy`: every existing claim of the pod has the owners the policy wants. */
  async claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): Promise<boolean> {
    for (const claim of this.existingClaims(set, pod)) if (!isClaimOwnerUpToDate(claim, set, pod)) return false;
    return true;
  }

  /** Upstream's `UpdatePodClaimForRetentionPolicy`: rewrites the owners of the pod's claims that need it. */
  async updatePodClaimForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    for (const cached of this.existingClaims(set, pod)) {
      if (isClaimOwnerUpToDate(cached, set, pod)) continue;
      const claim: PersistentVolumeClaim = structuredClone(cached);
      updateClaimOwnerRefForSetAndPod(claim, set, pod);
      try {
        await this.d.claims.update(claim, { namespace: claim.metadata?.namespace });
      } catch (err) {
        throw new Error(
          `Could not update claim ${claim.metadata?.name} for delete policy ownerRefs: ${messageOf(err)}`,
        );
      }
    }
  }

  /**
   * Upstream's `PodClaimIsStale`: under whenScaled Delete, a claim still owned by an earlier pod of
   * the same name blocks the new pod until the garbage collector has removed it.
   */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const pvc = this.d.claimLister.get(claim.metadata?.namespace, claim.metadata?.name ?? '');
      if (pvc && hasStaleOwnerRef(pvc, pod, { apiVersion: 'v1', kind: 'Pod' })) return true;
    }
    return false;
  }

  /** Creates the missing claims and fixes their owners (upstream's `createMissingPersistentVolumeClaims`). */
  async createMissingPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.createPersistentVolumeClaims(set, pod);
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
  }

  /** Creates each of the pod's claims the cache lacks; a claim being deleted is an error. */
  async createPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errs: string[] = [];
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const name = claim.metadata!.name!;
      const existing = this.d.claimLister.get(claim.metadata?.namespace, name);
      if (existing) {
        if (existing.metadata?.deletionTimestamp) errs.push(`pvc ${name} is being deleted`);
        continue;
      }
      try {
        await this.d.claims.create(claim, { namespace: claim.metadata?.namespace });
        this.recordClaimEvent('create', set, pod, name);
      } catch (err) {
        errs.push(`failed to create PVC ${name}: ${messageOf(err)}`);
        if (!isAlreadyExists(err)) this.recordClaimEvent('create', set, pod, name, err);
      }
    }
    if (errs.length === 1) throw new Error(errs[0]);
    if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  }

  private existingClaims(set: StatefulSet, pod: Pod): PersistentVolumeClaim[] {
    const ordinal = getOrdinal(pod);
    const out: PersistentVolumeClaim[] = [];
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = getPersistentVolumeClaimName(set, t.metadata?.name ?? '', ordinal);
      const claim = this.d.claimLister.get(set.metadata?.namespace, name);
      if (claim) out.push(claim);
    }
    return out;
  }

  private recordPodEvent(verb: string, set: StatefulSet, pod: Pod, err?: unknown): void {
    const podName = pod.metadata?.name;
    const setName = set.metadata?.name;
    if (err === undefined) {
      this.d.recorder.event(
        set,
        'Normal',
        `Successful${title(verb)}`,
        `${verb} Pod ${podName} in StatefulSet ${setName} successful`,
      );
    } else {
      this.d.recorder.event(
        set,
        'Warning',
        `Failed${title(verb)}`,
        `${verb} Pod ${podName} in StatefulSet ${setName} failed error: ${messageOf(err)}`,
      );
    }
  }

  private recordClaimEvent(verb: string, set: StatefulSet, pod: Pod, claim: string, err?: unknown): void {
    const podName = pod.metadata?.name;
    const setName = set.metadata?.name;
    if (err === undefined) {
      this.d.recorder.event(
        set,
        'Normal',
        `Successful${title(verb)}`,
        `${verb} Claim ${claim} Pod ${podName} in StatefulSet ${setName} success`,
      );
    } else {
      this.d.recorder.event(
        set,
        'Warning',
        `Failed${title(verb)}`,
        `${verb} Claim ${claim} for Pod ${podName} in StatefulSet ${setName} failed error: ${messageOf(err)}`,
      );
    }
  }
}

/**
 * Controller references (upstream's `metav1.GetControllerOf`, `NewControllerRef` and
 * `ControllerRefManager`): which object controls which, and adoption and release of the objects a
 * selector matches.
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Selector } from '../../machinery/label-requirement.js';
import { isNotFound } from '../../machinery/errors.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';

export interface Owned {
  metadata?: ObjectMeta;
}

/** The ownerReference with `controller: true`, if any. */
export function getControllerOf(obj: Owned): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** A controller reference to `owner` (apiVersion/kind given, as upstream passes its GVK). */
export function newControllerRef(owner: Owned, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The strategic merge patch that makes `ref` the controller of the object `uid`. */
export function adoptPatch(ref: OwnerReference, uid: string | undefined): unknown {
  return { metadata: { ownerReferences: [ref], uid } };
}

/** The strategic merge patch that drops the owner `ownerUid` from the object `uid`. */
export function releasePatch(ownerUid: string | undefined, uid: string | undefined): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid } };
}

export interface ClaimOptions<T extends Owned> {
  /** The controller claiming. */
  owner: Owned;
  /** Its controller reference (from {@link newControllerRef}). */
  ref: OwnerReference;
  selector: Selector;
  /** Client for the claimed objects' resource, for the adopt and release patches. */
  client: ResourceClient<T & { metadata?: ObjectMeta }>;
  /**
   * Re-reads the owner from the API before the first adoption (upstream's `canAdopt`): adoption
   * stops when it is gone, has another uid, or is being deleted.
   */
  recheckOwner(): Promise<Owned | undefined>;
}

/**
 * Upstream's `ClaimObject` over a list: keeps the objects we control whose labels still match,
 * releases the ones that no longer match (unless the owner is being deleted), adopts matching
 * orphans (unless either side is being deleted), and leaves objects controlled by others. Returns
 * the objects claimed, adoptions patched in. Objects that vanish meanwhile are skipped.
 */
export async function claimObjects<T extends Owned>(objs: readonly T[], o: ClaimOptions<T>): Promise<T[]> {
  const claimed: T[] = [];
  const ownerUid = o.owner.metadata?.uid;
  const ownerDeleting = !!o.owner.metadata?.deletionTimestamp;
  let adoptable: boolean | undefined;
  const labelsOf = (obj: T) => obj.metadata?.labels ?? {};
  for (const obj of objs) {
    const ref = getControllerOf(obj);
    const matches = o.selector.matches(labelsOf(obj));
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (matches) claimed.push(obj);
      else if (!ownerDeleting)
        await ignoreNotFound(
          o.client.patch(obj.metadata!.name!, 'strategic', releasePatch(ownerUid, obj.metadata?.uid), {
            namespace: obj.metadata?.namespace,
          }),
        );
      continue;
    }
    if (ownerDeleting || !matches || obj.metadata?.deletionTimestamp) continue;
    if (o.owner.metadata?.namespace && o.owner.metadata.namespace !== obj.metadata?.namespace) continue;
    if (adoptable === undefined) {
      const fresh = await o.recheckOwner();
      adoptable = !!fresh && fresh.metadata?.uid === ownerUid && !fresh.metadata?.deletionTimestamp;
    }
    if (!adoptable) continue;
    const adopted = await ignoreNotFound(
      o.client.patch(obj.metadata!.name!, 'strategic', adoptPatch(o.ref, obj.metadata?.uid), {
        namespace: obj.metadata?.namespace,
      }),
    );
    if (adopted) claimed.push(adopted as T);
  }
  return claimed;
}

async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Which identity an owner uid stands for when dependents disagree (upstream's
 * partitionDependents and getAlternateOwnerIdentity): references naming a uid by other
 * apiVersion/kind/name, or from another namespace than a namespaced owner's, are suspect.
 */
import { coordinates, ownerReferenceMatchesCoordinates, type GraphNode, type ObjectIdentity } from './graph.js';

/**
 * Splits `dependents` into those with an ownerReference matching `owner` in every coordinate and
 * those with one naming its uid otherwise (or living in another namespace than a namespaced
 * owner). A dependent with both kinds of reference is in both.
 */
export function partitionDependents(dependents: GraphNode[], owner: ObjectIdentity): [GraphNode[], GraphNode[]] {
  const matching: GraphNode[] = [];
  const nonmatching: GraphNode[] = [];
  for (const dep of dependents) {
    let match = false;
    let mismatch = false;
    if (owner.namespace && owner.namespace !== dep.identity.namespace) mismatch = true;
    else {
      for (const ref of dep.owners) {
        if (ref.uid !== owner.uid) continue;
        if (ownerReferenceMatchesCoordinates(ref, owner)) match = true;
        else mismatch = true;
      }
    }
    if (match) matching.push(dep);
    if (mismatch) nonmatching.push(dep);
  }
  return [matching, nonmatching];
}

function referenceLessThan(a: ObjectIdentity, b: ObjectIdentity): boolean {
  // kind and apiVersion first, so kinds order the same whatever their scope.
  for (const k of ['kind', 'apiVersion', 'namespace', 'name', 'uid'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k];
  }
  return false;
}

/**
 * Another identity the dependents give the uid of an owner verified absent at `absent`: the first
 * one ordered after it, else the first one (upstream's getAlternateOwnerIdentity).
 */
export function getAlternateOwnerIdentity(deps: GraphNode[], absent: ObjectIdentity): ObjectIdentity | undefined {
  const absentClusterScoped = absent.namespace === '';
  const keyOf = (id: ObjectIdentity) => JSON.stringify([id.apiVersion, id.kind, id.name, id.uid, id.namespace]);
  const seen = new Set<string>([keyOf(absent)]);
  let first: ObjectIdentity | undefined;
  let firstFollowing: ObjectIdentity | undefined;
  for (const dep of deps) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) continue;
      if (
        ownerReferenceMatchesCoordinates(ref, absent) &&
        (absentClusterScoped || absent.namespace === dep.identity.namespace)
      ) {
        continue;
      }
      const alt: ObjectIdentity = { ...coordinates(ref), namespace: dep.identity.namespace };
      // That apiVersion/kind is known to be cluster-scoped.
      if (absentClusterScoped && alt.apiVersion === absent.apiVersion && alt.kind === absent.kind) alt.namespace = '';
      const key = keyOf(alt);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!first || referenceLessThan(alt, first)) first = alt;
      if (referenceLessThan(absent, alt) && (!firstFollowing || referenceLessThan(alt, firstFollowing))) {
        firstFollowing = alt;
      }
    }
  }
  return firstFollowing ?? first;
}

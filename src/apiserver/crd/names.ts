/**
 * The status the apiserver's CRD controllers give a CustomResourceDefinition (upstream's naming
 * and establishing controllers, computed by src/api/crd/naming.ts): the names it is served by
 * (`status.acceptedNames`) unless another CRD of its group already holds one, the NamesAccepted
 * condition, Established once the initial names are accepted, and `status.storedVersions`.
 */
import type { KObject } from '../cacher/types.js';
import { storageVersionOf } from './served.js';
import {
  calculateNamesAccepted,
  establishedCondition,
  setCRDCondition,
  type CustomResourceDefinition,
} from '../../api/crd/index.js';

/** The status `crd` should have, given every CRD the server holds. */
export function desiredStatus(crd: KObject, all: readonly KObject[], now = new Date()): KObject {
  const next = { status: structuredClone(crd.status ?? {}) } as CustomResourceDefinition;
  const names = calculateNamesAccepted(crd as CustomResourceDefinition, all as CustomResourceDefinition[]);
  next.status!.acceptedNames = names.acceptedNames;
  setCRDCondition(next, names.namesAccepted, now);
  // The establishing controller's step follows at once: one apiserver has no peers to wait for.
  setCRDCondition(next, names.established.reason === 'Installing' ? establishedCondition() : names.established, now);
  const storage = storageVersionOf(crd);
  const stored: string[] = next.status!.storedVersions ?? [];
  next.status!.storedVersions = stored.includes(storage) ? stored : [...stored, storage];
  return next.status as KObject;
}

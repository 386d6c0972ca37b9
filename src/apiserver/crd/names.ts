/**
 * The status the apiserver's CRD controllers give a CustomResourceDefinition (upstream's naming
 * and establishing controllers): the names it is served by (`status.acceptedNames`) unless
 * another CRD of its group already uses one, the NamesAccepted and Established conditions, and
 * `status.storedVersions`.
 */
import type { KObject } from '../cacher/types.js';
import { storageVersionOf } from './served.js';
import { nowTime } from '../registry/store.js';

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

/** Names `crd` asks for that other CRDs of its group already serve, as upstream words them. */
function conflicts(crd: KObject, others: readonly KObject[]): string | undefined {
  const n = crd.spec.names;
  const taken = (pick: (names: KObject) => string[]) =>
    new Set(
      others
        .filter((o) => o.metadata.name !== crd.metadata.name && o.spec.group === crd.spec.group)
        .flatMap((o) => pick(o.status?.acceptedNames ?? {}).filter(Boolean)),
    );
  const words = taken((a) => [a.plural, a.singular, ...(a.shortNames ?? [])]);
  for (const w of [n.plural, n.singular, ...(n.shortNames ?? [])]) {
    if (w && words.has(w)) return `"${w}" is already in use`;
  }
  const kinds = taken((a) => [a.kind, a.listKind]);
  for (const k of [n.kind, n.listKind]) if (k && kinds.has(k)) return `"${k}" is already in use`;
  return undefined;
}

/** `conditions` with `c` set, its transition time kept when its status did not change. */
function setCondition(conditions: Condition[], c: Condition): Condition[] {
  const old = conditions.find((x) => x.type === c.type);
  const next = {
    ...c,
    lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : nowTime(),
  };
  if (!old) return [...conditions, next];
  const same = old.reason === c.reason && old.message === c.message && old.status === c.status;
  return conditions.map((x) => (x === old ? (same ? old : next) : x));
}

/** The status `crd` should have, given every CRD the server holds. */
export function desiredStatus(crd: KObject, all: readonly KObject[]): KObject {
  const status: KObject = { ...crd.status };
  let conditions: Condition[] = status.conditions ?? [];
  const conflict = conflicts(crd, all);
  if (conflict) {
    conditions = setCondition(conditions, {
      type: 'NamesAccepted',
      status: 'False',
      reason: 'NameConflict',
      message: conflict,
    });
    status.acceptedNames ??= {};
  } else {
    conditions = setCondition(conditions, {
      type: 'NamesAccepted',
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
    });
    status.acceptedNames = crd.spec.names;
  }
  const established = conditions.some((c) => c.type === 'Established' && c.status === 'True');
  if (!established && !conflict) {
    conditions = setCondition(conditions, {
      type: 'Established',
      status: 'True',
      reason: 'InitialNamesAccepted',
      message: 'the initial names have been accepted',
    });
  } else if (!established) {
    conditions = setCondition(conditions, {
      type: 'Established',
      status: 'False',
      reason: 'NotAccepted',
      message: 'not all names are accepted',
    });
  }
  status.conditions = conditions;
  const storage = storageVersionOf(crd);
  const stored: string[] = status.storedVersions ?? [];
  status.storedVersions = stored.includes(storage) ? stored : [...stored, storage];
  return status;
}

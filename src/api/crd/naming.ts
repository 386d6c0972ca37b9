/**
 * Name acceptance, as upstream's NamingConditionController computes it
 * (`pkg/controller/status/naming_controller.go`): a CRD gets the names it asks for unless another
 * CRD of its group already holds them (`"crontabs" is already in use`), keeps the ones it holds,
 * and is marked Established by the establishing controller once its names are accepted.
 */
import { semanticEqual } from './crd-internal.js';
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionNames,
} from './types.js';

/** The naming controller's answer for one CRD. */
export interface NamesAcceptedResult {
  /** What goes to status.acceptedNames. */
  acceptedNames: CustomResourceDefinitionNames;
  /** NamesAccepted: True/NoConflicts, or False with PluralConflict, SingularConflict, ShortNamesConflict, KindConflict or ListKindConflict. */
  namesAccepted: CustomResourceDefinitionCondition;
  /** Established as the naming controller leaves it: the old one, or False/Installing once names are accepted. */
  established: CustomResourceDefinitionCondition;
}

function namesInUse(
  group: string,
  all: readonly CustomResourceDefinition[],
): { resources: Set<string>; kinds: Set<string> } {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const c of all) {
    if (c.spec?.group !== group) continue;
    const a = c.status?.acceptedNames;
    resources.add(a?.plural ?? '');
    resources.add(a?.singular ?? '');
    for (const s of a?.shortNames ?? []) resources.add(s);
    kinds.add(a?.kind ?? '');
    kinds.add(a?.listKind ?? '');
  }
  return { resources, kinds };
}

function conflict(requested: string, accepted: string, used: Set<string>): string | undefined {
  if (requested === accepted || !used.has(requested)) return undefined;
  return `${JSON.stringify(requested)} is already in use`;
}

const findCondition = (crd: CustomResourceDefinition, type: string) =>
  crd.status?.conditions?.find((c) => c.type === type);

/**
 * The names and conditions the naming controller writes for crd, given every CRD in the cluster
 * (crd itself may be among them: its own accepted names never conflict).
 */
export function calculateNamesAccepted(
  crd: CustomResourceDefinition,
  all: readonly CustomResourceDefinition[],
): NamesAcceptedResult {
  const { resources, kinds } = namesInUse(crd.spec.group, all);
  const requested = crd.spec.names;
  const accepted: Partial<CustomResourceDefinitionNames> = crd.status?.acceptedNames ?? {};
  const names: CustomResourceDefinitionNames = { ...(accepted as CustomResourceDefinitionNames) };
  const cond: CustomResourceDefinitionCondition = { type: 'NamesAccepted', status: 'Unknown' };
  const fail = (reason: string, message: string) => Object.assign(cond, { status: 'False', reason, message });

  const scalar = (f: 'plural' | 'singular' | 'kind' | 'listKind', used: Set<string>, reason: string) => {
    const err = conflict(requested[f] ?? '', accepted[f] ?? '', used);
    if (err) fail(reason, err);
    else names[f] = requested[f] as string;
  };
  scalar('plural', resources, 'PluralConflict');
  scalar('singular', resources, 'SingularConflict');
  if (!semanticEqual(requested.shortNames, accepted.shortNames)) {
    const held = new Set(accepted.shortNames ?? []);
    const errs = (requested.shortNames ?? [])
      .filter((s) => !held.has(s) && s !== accepted.plural && s !== accepted.singular)
      .map((s) => conflict(s, '', resources))
      .filter((e): e is string => e !== undefined);
    if (errs.length) fail('ShortNamesConflict', errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
    else names.shortNames = requested.shortNames;
  }
  scalar('kind', kinds, 'KindConflict');
  scalar('listKind', kinds, 'ListKindConflict');
  names.categories = requested.categories;
  for (const k of Object.keys(names) as (keyof CustomResourceDefinitionNames)[])
    if (names[k] === undefined) delete names[k];
  if (cond.status === 'Unknown')
    Object.assign(cond, { status: 'True', reason: 'NoConflicts', message: 'no conflicts found' });

  let established: CustomResourceDefinitionCondition = findCondition(crd, 'Established') ?? {
    type: 'Established',
    status: 'False',
    reason: 'NotAccepted',
    message: 'not all names are accepted',
  };
  if (established.status !== 'True' && cond.status === 'True') {
    established = {
      type: 'Established',
      status: 'False',
      reason: 'Installing',
      message: 'the initial names have been accepted',
    };
  }
  return { acceptedNames: names, namesAccepted: cond, established: { ...established } };
}

/** The condition the establishing controller sets once the initial names are accepted. */
export function establishedCondition(): CustomResourceDefinitionCondition {
  return {
    type: 'Established',
    status: 'True',
    reason: 'InitialNamesAccepted',
    message: 'the initial names have been accepted',
  };
}

/** Whether the naming controller has anything to do: spec.names differ from status.acceptedNames. */
export const namesNeedSync = (crd: CustomResourceDefinition): boolean =>
  !semanticEqual(crd.spec.names, crd.status?.acceptedNames);

/** Whether crd has condition type with status True. */
export const isCRDConditionTrue = (crd: CustomResourceDefinition, type: string): boolean =>
  findCondition(crd, type)?.status === 'True';

/**
 * Upstream's `SetCRDCondition`, in place: adds or updates the condition of that type;
 * lastTransitionTime moves (to `now`, RFC 3339 in seconds) only when the status changes.
 */
export function setCRDCondition(
  crd: CustomResourceDefinition,
  cond: CustomResourceDefinitionCondition,
  now: Date,
): void {
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  crd.status ??= {};
  crd.status.conditions ??= [];
  const existing = crd.status.conditions.find((c) => c.type === cond.type);
  if (!existing) {
    crd.status.conditions.push({ ...cond, lastTransitionTime: time });
    return;
  }
  if (existing.status !== cond.status || !existing.lastTransitionTime) existing.lastTransitionTime = time;
  existing.status = cond.status;
  existing.reason = cond.reason;
  existing.message = cond.message;
}

/**
 * PodTopologySpreadArgs (kubescheduler.config.k8s.io/v1): upstream's defaulting
 * (`defaultingType: System`), its `ValidatePodTopologySpreadArgs`, and the system default
 * constraints.
 */
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { type FieldError, fieldErrors } from '../../../machinery/field-errors.js';
import { validateLabelName } from '../../../machinery/label-selector.js';
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE } from './common.js';

/** `System`: spread by the built-in defaults; `List`: by `defaultConstraints`. */
export type DefaultingType = 'System' | 'List';

export interface PodTopologySpreadArgs {
  /** Constraints for pods that declare none; they must not set a labelSelector. */
  defaultConstraints: TopologySpreadConstraint[];
  defaultingType: DefaultingType;
}

/** Upstream's `systemDefaultConstraints`, in upstream's order. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

/** Upstream's v1 defaulting: an unset (or empty) `defaultingType` becomes `System`. */
export function argsWithDefaults(raw: Record<string, unknown> | undefined): PodTopologySpreadArgs {
  const t = raw?.defaultingType;
  const dc = raw?.defaultConstraints;
  return {
    defaultConstraints: Array.isArray(dc) ? (dc as TopologySpreadConstraint[]) : [],
    defaultingType: (typeof t === 'string' && t !== '' ? t : 'System') as DefaultingType,
  };
}

const child = (path: string | undefined, name: string) => (path ? `${path}.${name}` : name);

function validateDefaultingType(
  p: string,
  v: string,
  constraints: readonly TopologySpreadConstraint[],
): FieldError | undefined {
  if (v !== 'System' && v !== 'List') return fieldErrors.notSupported(p, v, ['System', 'List']);
  if (v === 'System' && constraints.length > 0)
    return fieldErrors.invalid(p, v, 'when .defaultConstraints are not empty');
  return undefined;
}

function validateTopologyKey(p: string, v: string | undefined): FieldError[] {
  if (!v) return [fieldErrors.required(p, 'can not be empty')];
  return validateLabelName(v, p);
}

function validateWhenUnsatisfiable(p: string, v: string | undefined): FieldError | undefined {
  if (!v) return fieldErrors.required(p, 'can not be empty');
  if (v !== 'DoNotSchedule' && v !== 'ScheduleAnyway') {
    return fieldErrors.notSupported(p, v, ['DoNotSchedule', 'ScheduleAnyway']);
  }
  return undefined;
}

/**
 * Upstream's `ValidatePodTopologySpreadArgs` on the defaulted args: each error as its field path
 * (under `path` when given) and upstream's message (`Invalid value: 0: not in valid range (0, inf)`).
 */
export function validateArgs(
  args: Partial<PodTopologySpreadArgs> | Record<string, unknown> | undefined,
  path?: string,
): { field: string; message: string }[] {
  const a = argsWithDefaults(args as Record<string, unknown> | undefined);
  const errs: FieldError[] = [];
  const dt = validateDefaultingType(child(path, 'defaultingType'), a.defaultingType, a.defaultConstraints);
  if (dt) errs.push(dt);
  const listPath = child(path, 'defaultConstraints');
  a.defaultConstraints.forEach((c, i) => {
    const p = `${listPath}[${i}]`;
    if (!(c.maxSkew > 0)) errs.push(fieldErrors.invalid(`${p}.maxSkew`, c.maxSkew ?? 0, 'not in valid range (0, inf)'));
    errs.push(...validateTopologyKey(`${p}.topologyKey`, c.topologyKey));
    const wu = validateWhenUnsatisfiable(`${p}.whenUnsatisfiable`, c.whenUnsatisfiable);
    if (wu) errs.push(wu);
    if (c.labelSelector != null) {
      errs.push(
        fieldErrors.forbidden(
          `${p}.labelSelector`,
          'constraint must not define a selector, as they deduced for each pod',
        ),
      );
    }
    const dup = a.defaultConstraints
      .slice(0, i)
      .some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable);
    if (dup) errs.push(fieldErrors.duplicate(p, `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
  });
  return errs.map((e) => ({ field: e.field, message: e.body() }));
}

/**
 * NodeResourcesFitArgs: resources the filter ignores and the scoring strategy, with upstream's v1
 * defaults (`SetDefaults_NodeResourcesFitArgs`) and `ValidateNodeResourcesFitArgs` wording. The
 * resource-spec helpers are shared with NodeResourcesBalancedAllocation.
 */
import { aggregate, fieldErrors, type FieldError } from '../../../machinery/field-errors.js';
import { isQualifiedName } from '../../../machinery/validation/names.js';

/** The scoring strategies upstream supports, sorted as its `Unsupported value` message lists them. */
export const SCORING_STRATEGY_TYPES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const;
export type ScoringStrategyType = (typeof SCORING_STRATEGY_TYPES)[number];

/** Upstream's `config.MaxCustomPriorityScore`: shape scores range over [0, 10]. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** One resource a scorer looks at, and its weight in the weighted mean. */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** A point of RequestedToCapacityRatio's broken-linear function: utilization [0, 100] → score [0, 10]. */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

export interface ScoringStrategy {
  /** One of SCORING_STRATEGY_TYPES once validated; kept a string so validation can name a bad one. */
  type: string;
  resources: ResourceSpec[];
  /** Set exactly when type is RequestedToCapacityRatio. */
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}

/** The plugin's args as a profile's pluginConfig gives them, defaulted. */
export interface NodeResourcesFitArgs {
  /** Extended resources (`example.com/foo`) the filter does not check. */
  ignoredResources: string[];
  /** Extended resource groups (`example.com`) whose resources the filter does not check. */
  ignoredResourceGroups: string[];
  scoringStrategy: ScoringStrategy;
}

/** A validation failure: the field's path and upstream's message for it. */
export interface ArgsError {
  field: string;
  /** Such as `Invalid value: 0: resource weight of cpu not in valid range (0, 100]`. */
  message: string;
}

/** Upstream's `defaultResourceSpec`: cpu and memory, weight 1 each (a fresh copy per call). */
export function defaultResourceSpecs(): ResourceSpec[] {
  return [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ];
}

// Go decodes a missing number as 0; anything else non-numeric is kept as NaN so validation names it.
const num = (v: unknown): number => (v === undefined || v === null ? 0 : typeof v === 'number' ? v : Number(v));
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/**
 * A resources list with upstream's defaulting: none given means cpu and memory; a weight left
 * out (or 0) becomes 1. Shared by both resource plugins' args.
 */
export function defaultResources(raw: unknown): ResourceSpec[] {
  if (!Array.isArray(raw) || raw.length === 0) return defaultResourceSpecs();
  return raw.map((r) => {
    const o = obj(r) ?? {};
    const weight = num(o.weight);
    return { name: String(o.name ?? ''), weight: weight === 0 ? 1 : weight };
  });
}

/** Upstream's v1 defaulting: LeastAllocated over cpu and memory when no strategy is given. */
export function defaultArgs(raw: Record<string, unknown> | undefined): NodeResourcesFitArgs {
  const s = obj(raw?.scoringStrategy);
  const scoringStrategy: ScoringStrategy = s
    ? { type: String(s.type ?? ''), resources: defaultResources(s.resources) }
    : { type: 'LeastAllocated', resources: defaultResourceSpecs() };
  const ratio = s ? obj(s.requestedToCapacityRatio) : undefined;
  if (ratio) {
    const shape = Array.isArray(ratio.shape) ? ratio.shape : [];
    scoringStrategy.requestedToCapacityRatio = {
      shape: shape.map((p) => ({ utilization: num(obj(p)?.utilization), score: num(obj(p)?.score) })),
    };
  }
  return {
    ignoredResources: strings(raw?.ignoredResources),
    ignoredResourceGroups: strings(raw?.ignoredResourceGroups),
    scoringStrategy,
  };
}

/** Upstream's `validateResources`: each weight in (0, 100]. */
function validateResourceWeights(resources: readonly ResourceSpec[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  resources.forEach((r, i) => {
    if (!(r.weight > 0 && r.weight <= 100)) {
      const msg = `resource weight of ${r.name} not in valid range (0, 100]`;
      errs.push(fieldErrors.invalid(`${path}[${i}].weight`, r.weight, msg));
    }
  });
  return errs;
}

/** Upstream's `validateFunctionShape`: at least one point, utilizations increasing, both in range. */
function validateFunctionShape(shape: readonly UtilizationShapePoint[], path: string): FieldError[] {
  if (shape.length === 0) return [fieldErrors.required(path, 'at least one point must be specified')];
  const errs: FieldError[] = [];
  for (let i = 1; i < shape.length; i++) {
    if (!(shape[i - 1].utilization < shape[i].utilization)) {
      const msg = 'values must be sorted in increasing order';
      errs.push(fieldErrors.invalid(`${path}[${i}].utilization`, shape[i].utilization, msg));
      break;
    }
  }
  shape.forEach((p, i) => {
    if (!(p.utilization >= 0 && p.utilization <= 100))
      errs.push(fieldErrors.invalid(`${path}[${i}].utilization`, p.utilization, 'not in valid range [0, 100]'));
    if (!(p.score >= 0 && p.score <= MAX_CUSTOM_PRIORITY_SCORE)) {
      const msg = `not in valid range [0, ${MAX_CUSTOM_PRIORITY_SCORE}]`;
      errs.push(fieldErrors.invalid(`${path}[${i}].score`, p.score, msg));
    }
  });
  return errs;
}

function fieldErrorsOf(args: NodeResourcesFitArgs): FieldError[] {
  const errs: FieldError[] = [];
  args.ignoredResources.forEach((res, i) => {
    for (const msg of isQualifiedName(res)) errs.push(fieldErrors.invalid(`ignoredResources[${i}]`, res, msg));
  });
  args.ignoredResourceGroups.forEach((group, i) => {
    const path = `ignoredResourceGroups[${i}]`;
    if (group.includes('/')) errs.push(fieldErrors.invalid(path, group, "resource group name can't contain '/'"));
    for (const msg of isQualifiedName(group)) errs.push(fieldErrors.invalid(path, group, msg));
  });
  const s = args.scoringStrategy;
  if (!(SCORING_STRATEGY_TYPES as readonly string[]).includes(s.type))
    errs.push(fieldErrors.notSupported('scoringStrategy.type', s.type, SCORING_STRATEGY_TYPES));
  errs.push(...validateResourceWeights(s.resources, 'scoringStrategy.resources'));
  const ratioPath = 'scoringStrategy.requestedToCapacityRatio';
  if (s.type === 'RequestedToCapacityRatio') {
    if (!s.requestedToCapacityRatio)
      errs.push(fieldErrors.required(ratioPath, 'must be specified when type is RequestedToCapacityRatio'));
    else errs.push(...validateFunctionShape(s.requestedToCapacityRatio.shape, `${ratioPath}.shape`));
  } else if (s.requestedToCapacityRatio) {
    errs.push(fieldErrors.forbidden(ratioPath, 'must be nil when type is not RequestedToCapacityRatio'));
  }
  return errs;
}

/**
 * Upstream's `ValidateNodeResourcesFitArgs`, run as upstream's config loading does: after v1
 * defaulting. Takes a profile's raw pluginConfig args (or already defaulted ones, as defaulting is
 * idempotent); empty when they are valid.
 */
export function validateArgs(args: object | undefined): ArgsError[] {
  const defaulted = defaultArgs(args as Record<string, unknown> | undefined);
  return fieldErrorsOf(defaulted).map((e) => ({ field: e.field, message: e.body() }));
}

/** The aggregate message upstream's plugin constructor fails with, or undefined when valid. */
export function argsErrorMessage(args: NodeResourcesFitArgs): string | undefined {
  const errs = fieldErrorsOf(args);
  return errs.length ? aggregate(errs) : undefined;
}

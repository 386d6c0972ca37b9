/**
 * DefaultPreemptionArgs: how many nodes preemption's dry run must find candidates on, with
 * upstream's v1 defaults and `ValidateDefaultPreemptionArgs` wording.
 */
import { aggregate, fieldErrors, type FieldError } from '../../../machinery/field-errors.js';

/** The plugin's args as a profile's pluginConfig gives them, defaulted. */
export interface DefaultPreemptionArgs {
  /** Percentage of the candidate nodes to dry-run, at least; [0, 100]. */
  minCandidateNodesPercentage: number;
  /** Number of candidate nodes to dry-run, at least; [0, inf). */
  minCandidateNodesAbsolute: number;
}

export const DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** A validation failure: the field's path and upstream's message for it. */
export interface ArgsError {
  field: string;
  /** Such as `Invalid value: 101: not in valid range [0, 100]`. */
  message: string;
}

/** Upstream's v1 defaulting: a missing field takes its default; an explicit 0 stays 0. */
export function defaultArgs(raw: Record<string, unknown> | undefined): DefaultPreemptionArgs {
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  return {
    minCandidateNodesPercentage: num(raw?.minCandidateNodesPercentage, DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE),
    minCandidateNodesAbsolute: num(raw?.minCandidateNodesAbsolute, DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE),
  };
}

function fieldErrorsOf(args: DefaultPreemptionArgs): FieldError[] {
  const pct = 'minCandidateNodesPercentage';
  const abs = 'minCandidateNodesAbsolute';
  const errs: FieldError[] = [];
  const p = args.minCandidateNodesPercentage;
  const a = args.minCandidateNodesAbsolute;
  if (p < 0 || p > 100) errs.push(fieldErrors.invalid(pct, p, 'not in valid range [0, 100]'));
  if (a < 0) errs.push(fieldErrors.invalid(abs, a, 'not in valid range [0, inf)'));
  if (p === 0 && a === 0) {
    errs.push(
      fieldErrors.invalid(pct, p, 'cannot be zero at the same time as minCandidateNodesAbsolute'),
      fieldErrors.invalid(abs, a, 'cannot be zero at the same time as minCandidateNodesPercentage'),
    );
  }
  return errs;
}

/** Upstream's `ValidateDefaultPreemptionArgs`; empty when the args are valid. */
export function validateArgs(args: DefaultPreemptionArgs): ArgsError[] {
  return fieldErrorsOf(args).map((e) => ({ field: e.field, message: e.body() }));
}

/** The aggregate message upstream's plugin constructor fails with, or undefined when valid. */
export function argsErrorMessage(args: DefaultPreemptionArgs): string | undefined {
  const errs = fieldErrorsOf(args);
  return errs.length ? aggregate(errs) : undefined;
}

/**
 * How many candidates the dry run should find among `numNodes` potential nodes (upstream's
 * `calculateNumCandidates`): the percentage (integer division), at least the absolute number,
 * never more than `numNodes`.
 */
export function calculateNumCandidates(args: DefaultPreemptionArgs, numNodes: number): number {
  let n = Math.trunc((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}

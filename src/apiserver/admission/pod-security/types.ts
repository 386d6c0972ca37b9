/**
 * Shared shapes of the policy checks. Pods are plain JSON (`metadata` and `spec` of a Pod or pod
 * template); missing fields read as Go's zero values.
 */
import type { Level } from './api.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** Why a check refused a pod: a short reason, and an optional detail (may be empty). */
export interface CheckFailure {
  forbiddenReason: string;
  forbiddenDetail: string;
}

/** One failed check, as `evaluatePod` reports it. */
export interface Failure extends CheckFailure {
  /** The upstream check ID, e.g. `allowPrivilegeEscalation`. */
  checkId: string;
}

/** A check body: `null` when the pod is allowed. */
export type CheckFn = (podMetadata: Json, podSpec: Json) => CheckFailure | null;

/** One revision of a check, applying from `minVersion` (a minor of 1.x) on. */
export interface VersionedCheck {
  minVersion: number;
  check: CheckFn;
  /** Baseline check IDs this (restricted) revision supersedes at the restricted level. */
  overrides?: readonly string[];
}

/** A check with its revisions in strictly increasing `minVersion` order. */
export interface CheckDefinition {
  id: string;
  level: Exclude<Level, 'privileged'>;
  versions: readonly VersionedCheck[];
}

/** Shorthand for a failure result. */
export function fail(forbiddenReason: string, forbiddenDetail: string): CheckFailure {
  return { forbiddenReason, forbiddenDetail };
}

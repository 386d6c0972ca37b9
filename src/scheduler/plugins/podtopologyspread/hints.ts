/**
 * PodTopologySpread's queueing hints, after upstream's `isSchedulableAfterPodChange` and
 * `isSchedulableAfterNodeChange`: which pod and node events may change the spread a rejected pod
 * saw.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { QueueingHint } from '../../framework/interface.js';
import {
  constraintsFor,
  type SpreadDefaults,
  labelsOf,
  labelValue,
  nodeLabelsMatchSpreadConstraints,
  podLabelsMatchSpreadConstraints,
  type SpreadConstraint,
} from './common.js';

/** apimachinery's semantic equality for API data: nil and empty slices and maps are equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** Whether `other` can take part in the spread `target` sees: itself, or an assigned pod of its namespace. */
function involved(other: Pod, target: Pod): boolean {
  return (
    other.metadata?.uid === target.metadata?.uid ||
    (!!other.spec?.nodeName && (other.metadata?.namespace ?? '') === (target.metadata?.namespace ?? ''))
  );
}

function hardConstraints(target: Pod, defaults: SpreadDefaults): SpreadConstraint[] | undefined {
  try {
    return constraintsFor(target, defaults, 'DoNotSchedule');
  } catch {
    return undefined;
  }
}

/**
 * A pod change: Queue when an involved pod matching a constraint was added or deleted, when a
 * relabelling flips whether it matches, or when the target itself got new tolerations and a
 * constraint honors taints.
 */
export function podChangeHint(target: Pod, oldObj: unknown, newObj: unknown, defaults: SpreadDefaults): QueueingHint {
  const original = oldObj as Pod | undefined;
  const modified = newObj as Pod | undefined;
  if ((modified && !involved(modified, target)) || (original && !involved(original, target))) return 'QueueSkip';
  const constraints = hardConstraints(target, defaults);
  if (!constraints) return 'Queue';

  if (modified && original) {
    if (
      modified.metadata?.uid === target.metadata?.uid &&
      !semanticEqual(modified.spec?.tolerations, original.spec?.tolerations) &&
      constraints.some((c) => c.nodeTaintsPolicy === 'Honor')
    ) {
      return 'Queue';
    }
    if (semanticEqual(modified.metadata?.labels, original.metadata?.labels)) return 'QueueSkip';
    const before = labelsOf(original);
    const after = labelsOf(modified);
    return constraints.some((c) => c.selector.matches(before) !== c.selector.matches(after)) ? 'Queue' : 'QueueSkip';
  }
  const pod = modified ?? original;
  if (!pod) return 'Queue';
  return podLabelsMatchSpreadConstraints(constraints, labelsOf(pod)) ? 'Queue' : 'QueueSkip';
}

function topologyLabelsChanged(a: Node, b: Node, constraints: readonly SpreadConstraint[]): boolean {
  const la = labelsOf(a);
  const lb = labelsOf(b);
  return constraints.some((c) => labelValue(la, c.topologyKey) !== labelValue(lb, c.topologyKey));
}

/**
 * A node change: Queue when a node with every topology key was added or deleted, when an update
 * gives or takes one of the keys, or changes a key's value or the taints of a matching node.
 */
export function nodeChangeHint(target: Pod, oldObj: unknown, newObj: unknown, defaults: SpreadDefaults): QueueingHint {
  const original = oldObj as Node | undefined;
  const modified = newObj as Node | undefined;
  const constraints = hardConstraints(target, defaults);
  if (!constraints) return 'Queue';
  const originalMatching = !!original && nodeLabelsMatchSpreadConstraints(labelsOf(original), constraints);
  const modifiedMatching = !!modified && nodeLabelsMatchSpreadConstraints(labelsOf(modified), constraints);
  if (original && modified) {
    if (originalMatching !== modifiedMatching) return 'Queue';
    if (
      modifiedMatching &&
      (topologyLabelsChanged(original, modified, constraints) ||
        !semanticEqual(original.spec?.taints, modified.spec?.taints))
    ) {
      return 'Queue';
    }
    return 'QueueSkip';
  }
  if (modified) return modifiedMatching ? 'Queue' : 'QueueSkip';
  return originalMatching ? 'Queue' : 'QueueSkip';
}

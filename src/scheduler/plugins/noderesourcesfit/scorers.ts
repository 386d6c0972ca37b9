/**
 * NodeResourcesFit's scoring strategies, with upstream's integer arithmetic: LeastAllocated
 * (`leastResourceScorer`), MostAllocated (`mostResourceScorer`) and RequestedToCapacityRatio
 * (`requestedToCapacityRatioScorer` over a broken-linear function). Each turns per-resource
 * requested and allocatable amounts into a node score in [0, 100].
 */
import { MAX_NODE_SCORE } from '../../framework/interface.js';
import { MAX_CUSTOM_PRIORITY_SCORE, type ResourceSpec, type UtilizationShapePoint } from './args.js';

/**
 * Scores a node from `requested[i]` and `allocatable[i]`, indexed as the configured resources; an
 * allocatable of 0 means the resource is left out (the node lacks it, or the pod skips it).
 */
export type ResourceScorer = (requested: readonly number[], allocatable: readonly number[]) => number;

/**
 * Go's `a * m / b` for non-negative integers: the truncated quotient, corrected for the rounding
 * of the floating-point division so results match upstream's int64 arithmetic exactly.
 */
export function mulDiv(a: number, m: number, b: number): number {
  const n = a * m;
  let q = Math.floor(n / b);
  if (q * b > n) q--;
  else if ((q + 1) * b <= n) q++;
  return q;
}

/** Unused capacity on a 0–100 scale; 0 when the node has none or is over-committed. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return mulDiv(capacity - requested, MAX_NODE_SCORE, capacity);
}

/** Used capacity on a 0–100 scale; requests past capacity (defaults for request-less pods) count as full. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return mulDiv(Math.min(requested, capacity), MAX_NODE_SCORE, capacity);
}

function weightedMean(resources: readonly ResourceSpec[], perResource: (req: number, alloc: number) => number) {
  const weights = resources.map((r) => r.weight);
  return (requested: readonly number[], allocatable: readonly number[]): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += perResource(requested[i], allocatable[i]) * weights[i];
      weightSum += weights[i];
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** LeastAllocated: favours nodes with more room left, weighted by resource. */
export function leastAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weightedMean(resources, leastRequestedScore);
}

/** MostAllocated: favours the fullest nodes (bin packing), weighted by resource. */
export function mostAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weightedMean(resources, mostRequestedScore);
}

/**
 * Upstream's `BuildBrokenLinearFunction`: the first point's score up to its utilization, the last
 * point's beyond the last, and straight segments between (Go's truncating integer division).
 */
export function buildBrokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const prev = shape[i - 1];
        const cur = shape[i];
        return (
          prev.score +
          Math.trunc(((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization))
        );
      }
    }
    return shape[shape.length - 1].score;
  };
}

const MAX_UTILIZATION = 100;

/**
 * RequestedToCapacityRatio: each resource's utilization (percent, truncated) mapped through the
 * shape, whose 0–10 scores are scaled to 0–100 first. Resources scoring 0 drop out of the
 * weighted mean, which is rounded rather than truncated, as upstream does.
 */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const scale = MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE;
  const raw = buildBrokenLinearFunction(shape.map((p) => ({ utilization: p.utilization, score: p.score * scale })));
  const weights = resources.map((r) => r.weight);
  const resourceScore = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return raw(MAX_UTILIZATION);
    return raw(mulDiv(requested, MAX_UTILIZATION, capacity));
  };
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const s = resourceScore(requested[i], allocatable[i]);
      if (s > 0) {
        nodeScore += s * weights[i];
        weightSum += weights[i];
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

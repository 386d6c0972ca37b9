/**
 * The HPA's memory of its own rescales and the rate limits of `spec.behavior` policies over it
 * (upstream's scale events in `horizontal.go`): how many replicas each policy still allows
 * within its period, and how events are stored, aged and their slots reused.
 */
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2.js';

/** A rescale the controller made: how many replicas it added or removed (≥ 0), and when. */
export interface TimestampedScaleEvent {
  replicaChange: number;
  timestamp: number;
  /** Older than the longest policy period: its slot may be reused. */
  outdated: boolean;
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** Upstream's `getReplicasChangePerPeriod`: the replicas changed by events within the period. */
export function getReplicasChangePerPeriod(
  periodSeconds: number,
  events: readonly TimestampedScaleEvent[],
  now: number,
): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum += e.replicaChange;
  return sum;
}

type Select = (a: number, b: number) => number;

function scaleLimit(
  currentReplicas: number,
  upEvents: readonly TimestampedScaleEvent[],
  downEvents: readonly TimestampedScaleEvent[],
  rules: HPAScalingRules,
  now: number,
  up: boolean,
): number {
  const policy = rules.selectPolicy ?? 'Max';
  if (policy === 'Disabled') return currentReplicas;
  // For scale-up the smallest change is the lowest count; for scale-down, the highest.
  const minChange = policy === 'Min';
  const select: Select = minChange === up ? Math.min : Math.max;
  let result = minChange === up ? INT32_MAX : INT32_MIN;
  for (const p of rules.policies ?? []) {
    const added = getReplicasChangePerPeriod(p.periodSeconds, upEvents, now);
    const deleted = getReplicasChangePerPeriod(p.periodSeconds, downEvents, now);
    const periodStart = currentReplicas - added + deleted;
    let proposed = 0;
    if (up) {
      if (p.type === 'Pods') proposed = periodStart + p.value;
      // Rounded up: a percentage that adds less than one pod must still let the target grow.
      else if (p.type === 'Percent') proposed = Math.ceil(periodStart * (1 + p.value / 100));
    } else if (p.type === 'Pods') proposed = periodStart - p.value;
    else if (p.type === 'Percent') proposed = Math.trunc(periodStart * (1 - p.value / 100));
    result = select(result, proposed);
  }
  return result;
}

/** Upstream's `calculateScaleUpLimitWithScalingRules`. */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  upEvents: readonly TimestampedScaleEvent[],
  downEvents: readonly TimestampedScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  return scaleLimit(currentReplicas, upEvents, downEvents, rules, now, true);
}

/** Upstream's `calculateScaleDownLimitWithBehaviors`. */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  upEvents: readonly TimestampedScaleEvent[],
  downEvents: readonly TimestampedScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  return scaleLimit(currentReplicas, upEvents, downEvents, rules, now, false);
}

/** Upstream's `getLongestPolicyPeriod`. */
export function getLongestPolicyPeriod(rules: HPAScalingRules | undefined): number {
  let longest = 0;
  for (const p of rules?.policies ?? []) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** Upstream's `markScaleEventsOutdated`: events older than the longest period may be reused. */
export function markScaleEventsOutdated(
  events: TimestampedScaleEvent[],
  longestPeriodSeconds: number,
  now: number,
): void {
  const cutoff = now - longestPeriodSeconds * 1000;
  for (const e of events) if (e.timestamp < cutoff) e.outdated = true;
}

/**
 * Upstream's `storeScaleEvent`: with a behavior, records the change in its direction's list,
 * reusing the last outdated slot. Without one nothing is kept (nothing would read it).
 */
export function storeScaleEvent(
  behavior: HorizontalPodAutoscalerBehavior | undefined,
  upEvents: TimestampedScaleEvent[],
  downEvents: TimestampedScaleEvent[],
  prevReplicas: number,
  newReplicas: number,
  now: number,
): void {
  if (!behavior) return;
  const up = newReplicas > prevReplicas;
  const events = up ? upEvents : downEvents;
  markScaleEventsOutdated(events, getLongestPolicyPeriod(up ? behavior.scaleUp : behavior.scaleDown), now);
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.outdated) oldIndex = i;
  });
  const entry = { replicaChange: Math.abs(newReplicas - prevReplicas), timestamp: now, outdated: false };
  if (oldIndex >= 0) events[oldIndex] = entry;
  else events.push(entry);
}

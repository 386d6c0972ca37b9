/**
 * The HPA's replica normalization, after upstream's `horizontal.go`: the downscale stabilization
 * window of HPAs without `spec.behavior`, the scale-up limit (twice the replicas, at least 4), and
 * for HPAs with a behavior the stabilization windows of both directions and the rate limits of
 * their policies over the recorded scale events. Pure functions over explicit state and an
 * explicit `now` (wall ms), so that upstream's tables run without a clock.
 */
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';
import {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimitWithScalingRules,
  type TimestampedScaleEvent,
} from './scale-events.js';

export * from './scale-events.js';

/** A recommendation the controller made, and when (wall ms). */
export interface TimestampedRecommendation {
  recommendation: number;
  timestamp: number;
}

/** What a condition change asks for (upstream's `setCondition` arguments). */
export interface ConditionChange {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** A normalized replica count with the reason and message of its ScalingLimited condition. */
export interface Limited {
  replicas: number;
  reason: string;
  message: string;
}

const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

/** Upstream's default scale-up rules: no window, the larger of +4 pods or +100% per 15 s. */
export function generateHPAScaleUpRules(rules?: HPAScalingRules): HPAScalingRules {
  return copyRules(rules, {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  });
}

/**
 * Upstream's default scale-down rules: -100% per 15 s; the window stays unset so that the
 * controller's `--horizontal-pod-autoscaler-downscale-stabilization` fills it in.
 */
export function generateHPAScaleDownRules(rules?: HPAScalingRules): HPAScalingRules {
  return copyRules(rules, { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
}

/** Upstream's `copyHPAScalingRules`: the fields `from` sets, over `to`. */
function copyRules(from: HPAScalingRules | undefined, to: HPAScalingRules): HPAScalingRules {
  if (!from) return to;
  const out = { ...to };
  if (from.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.selectPolicy !== undefined) out.selectPolicy = from.selectPolicy;
  if (from.policies !== undefined) out.policies = from.policies;
  return out;
}

/** Upstream's `calculateScaleUpLimit`: twice the current replicas, but at least 4. */
export function calculateScaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM));
}

/**
 * Upstream's `stabilizeRecommendation` (no behavior): records `desired` (reusing the slot of a
 * sample older than the window) and returns the highest recommendation within the window.
 */
export function stabilizeRecommendation(
  recs: TimestampedRecommendation[],
  desired: number,
  windowMs: number,
  now: number,
): number {
  let max = desired;
  let oldIndex = -1;
  const cutoff = now - windowMs;
  recs.forEach((rec, i) => {
    if (rec.timestamp < cutoff) oldIndex = i;
    else if (rec.recommendation > max) max = rec.recommendation;
  });
  const entry = { recommendation: desired, timestamp: now };
  if (oldIndex >= 0) recs[oldIndex] = entry;
  else recs.push(entry);
  return max;
}

/**
 * Upstream's `convertDesiredReplicasWithRules`: clamps to minReplicas and to the smaller of
 * maxReplicas and the scale-up limit, naming the bound that applied.
 */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
): Limited {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas);
  let maximum: number;
  let reason: string;
  let message: string;
  if (maxReplicas > scaleUpLimit) {
    maximum = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximum = maxReplicas;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desiredReplicas < minReplicas) {
    return {
      replicas: minReplicas,
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    };
  }
  if (desiredReplicas > maximum) return { replicas: maximum, reason, message };
  return { replicas: desiredReplicas, ...WITHIN_RANGE };
}

const WITHIN_RANGE = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };

/**
 * Upstream's `normalizeDesiredReplicas` for an HPA without a behavior: stabilizes, then clamps;
 * returns the replicas and the AbleToScale and ScalingLimited conditions to set, in order.
 */
export function normalizeDesiredReplicas(
  recs: TimestampedRecommendation[],
  currentReplicas: number,
  desired: number,
  minReplicas: number,
  maxReplicas: number,
  windowMs: number,
  now: number,
): { replicas: number; conditions: ConditionChange[] } {
  const stabilized = stabilizeRecommendation(recs, desired, windowMs, now);
  const conditions: ConditionChange[] = [
    stabilized !== desired
      ? {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ScaleDownStabilized',
          message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
        }
      : {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
        },
  ];
  const limited = convertDesiredReplicasWithRules(currentReplicas, stabilized, minReplicas, maxReplicas);
  conditions.push({
    type: 'ScalingLimited',
    status: limited.replicas === stabilized ? 'False' : 'True',
    reason: limited.reason,
    message: limited.message,
  });
  return { replicas: limited.replicas, conditions };
}

/** Everything the behavior path needs (upstream's `NormalizationArg`), rules already defaulted. */
export interface NormalizationArg {
  scaleUpBehavior: HPAScalingRules;
  scaleDownBehavior: HPAScalingRules;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
}

/**
 * Upstream's `stabilizeRecommendationWithBehaviors`: the lowest recommendation within the
 * scale-up window and the highest within the scale-down window bound the current replicas;
 * records `desiredReplicas`.
 */
export function stabilizeRecommendationWithBehaviors(
  recs: TimestampedRecommendation[],
  args: NormalizationArg,
  now: number,
): Limited {
  let up = args.desiredReplicas;
  let down = args.desiredReplicas;
  const upCutoff = now - (args.scaleUpBehavior.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = now - (args.scaleDownBehavior.stabilizationWindowSeconds ?? 0) * 1000;
  let oldIndex = -1;
  recs.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) up = Math.min(rec.recommendation, up);
    if (rec.timestamp > downCutoff) down = Math.max(rec.recommendation, down);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldIndex = i;
  });
  let recommendation = args.currentReplicas;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  const entry = { recommendation: args.desiredReplicas, timestamp: now };
  if (oldIndex >= 0) recs[oldIndex] = entry;
  else recs.push(entry);
  if (args.desiredReplicas >= args.currentReplicas) {
    return {
      replicas: recommendation,
      reason: 'ScaleUpStabilized',
      message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
    };
  }
  return {
    replicas: recommendation,
    reason: 'ScaleDownStabilized',
    message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
  };
}

/**
 * Upstream's `convertDesiredReplicasWithBehaviorRate`: limits the change by the policies of its
 * direction over the recorded events, and by min/maxReplicas.
 */
export function convertDesiredReplicasWithBehaviorRate(
  args: NormalizationArg,
  upEvents: readonly TimestampedScaleEvent[],
  downEvents: readonly TimestampedScaleEvent[],
  now: number,
): Limited {
  if (args.desiredReplicas > args.currentReplicas) {
    let limit = calculateScaleUpLimitWithScalingRules(
      args.currentReplicas,
      upEvents,
      downEvents,
      args.scaleUpBehavior,
      now,
    );
    // Recent scale-ups used the whole budget: hold until they age out rather than shrink.
    if (limit < args.currentReplicas) limit = args.currentReplicas;
    if (args.maxReplicas > limit) {
      if (args.desiredReplicas > limit) {
        return {
          replicas: limit,
          reason: 'ScaleUpLimit',
          message: 'the desired replica count is increasing faster than the maximum scale rate',
        };
      }
    } else if (args.desiredReplicas > args.maxReplicas) {
      return {
        replicas: args.maxReplicas,
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
      };
    }
  } else if (args.desiredReplicas < args.currentReplicas) {
    let limit = calculateScaleDownLimitWithBehaviors(
      args.currentReplicas,
      upEvents,
      downEvents,
      args.scaleDownBehavior,
      now,
    );
    if (limit > args.currentReplicas) limit = args.currentReplicas;
    if (args.minReplicas < limit) {
      if (args.desiredReplicas < limit) {
        return {
          replicas: limit,
          reason: 'ScaleDownLimit',
          message: 'the desired replica count is decreasing faster than the maximum scale rate',
        };
      }
    } else if (args.desiredReplicas < args.minReplicas) {
      return {
        replicas: args.minReplicas,
        reason: 'TooFewReplicas',
        message: 'the desired replica count is less than the minimum replica count',
      };
    }
  }
  return { replicas: args.desiredReplicas, ...WITHIN_RANGE };
}

/**
 * Upstream's `normalizeDesiredReplicasWithBehaviors`: stabilizes with both windows, then applies
 * the rate limits; returns the replicas and the AbleToScale and ScalingLimited conditions.
 */
export function normalizeDesiredReplicasWithBehaviors(
  recs: TimestampedRecommendation[],
  upEvents: readonly TimestampedScaleEvent[],
  downEvents: readonly TimestampedScaleEvent[],
  args: NormalizationArg,
  now: number,
): { replicas: number; conditions: ConditionChange[] } {
  const stabilized = stabilizeRecommendationWithBehaviors(recs, args, now);
  const conditions: ConditionChange[] = [
    stabilized.replicas !== args.desiredReplicas
      ? { type: 'AbleToScale', status: 'True', reason: stabilized.reason, message: stabilized.message }
      : {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
        },
  ];
  const limited = convertDesiredReplicasWithBehaviorRate(
    { ...args, desiredReplicas: stabilized.replicas },
    upEvents,
    downEvents,
    now,
  );
  conditions.push({
    type: 'ScalingLimited',
    status: limited.replicas === stabilized.replicas ? 'False' : 'True',
    reason: limited.reason,
    message: limited.message,
  });
  return { replicas: limited.replicas, conditions };
}

/**
 * Upstream's `replica_calculator.go` and `metrics/utilization.go`: from per-pod samples and the
 * pods a target selects, the replica count that brings the average to the target. Ready pods
 * count; pods without samples count as 100% (on scale-down) or 0% (on scale-up); unready or
 * still-warming pods count as 0% on scale-up; a change within the tolerance (0.1) keeps the
 * current count. Values are milli-units and integer arithmetic truncates as Go's int64 does.
 * Errors carry upstream's messages.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../machinery/quantity.js';
import type { PodMetricsInfo } from './metrics.js';

/** Tuning of the calculation (upstream's flags). */
export interface ReplicaCalcConfig {
  /** `--horizontal-pod-autoscaler-tolerance` (0.1). */
  tolerance: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period` (5 min). */
  cpuInitializationPeriodMs: number;
  /** `--horizontal-pod-autoscaler-initial-readiness-delay` (30 s). */
  delayOfInitialReadinessStatusMs: number;
}

export function defaultReplicaCalcConfig(): ReplicaCalcConfig {
  return { tolerance: 0.1, cpuInitializationPeriodMs: 300_000, delayOfInitialReadinessStatusMs: 30_000 };
}

/** Go's zero time, which is what a missing timestamp compares as. */
const ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

function time(s: string | undefined): number {
  if (!s) return ZERO_TIME;
  const t = Date.parse(s);
  return Number.isNaN(t) ? ZERO_TIME : t;
}

/** How upstream's `groupPods` sorts the selected pods. */
export interface PodGroups {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

/**
 * Upstream's `groupPods`: deleted and failed pods are ignored, pending ones unready, pods
 * without a sample missing; for cpu, a pod is also unready while it warms up (its sample predates
 * a window after its last readiness change) or when it never became ready after starting.
 */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  cfg: ReplicaCalcConfig,
  now: number,
): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unreadyPods: new Set(), missingPods: new Set(), ignoredPods: new Set() };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      g.ignoredPods.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      g.unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
      let unready: boolean;
      if (!cond || pod.status?.startTime === undefined) unready = true;
      else {
        const start = time(pod.status.startTime);
        const transition = time(cond.lastTransitionTime);
        if (start + cfg.cpuInitializationPeriodMs > now) {
          unready = cond.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          unready = cond.status === 'False' && start + cfg.delayOfInitialReadinessStatusMs > transition;
        }
      }
      if (unready) {
        g.unreadyPods.add(name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/**
 * Upstream's `calculatePodRequests`: each pod's request of `resource` in milli-units, over its
 * containers and restartable init containers (or `container` alone); a container without one
 * is an error.
 */
export function calculatePodRequests(pods: readonly Pod[], container: string, resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    const containers = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
    ];
    for (const c of containers) {
      if (container !== '' && container !== c.name) continue;
      const req = c.resources?.requests?.[resource];
      if (req === undefined) {
        throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ''}`);
      }
      sum += Number(parseQuantity(String(req)).milliValue());
    }
    out.set(pod.metadata?.name ?? '', sum);
  }
  return out;
}

/**
 * Upstream's `GetResourceUtilizationRatio`: usage over requests of the pods with both, as a
 * percentage (truncated), its ratio to the target, and the raw average usage.
 */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, m] of metrics) {
    const req = requests.get(name);
    // Samples of pods not selected any more are extraneous; missing requests fail elsewhere.
    if (req === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += req;
    entries++;
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

/** Upstream's `GetMetricUsageRatio`: the average (truncated) and its ratio to the target. */
export function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}

function removeMetricsForPods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const p of pods) metrics.delete(p);
}

/**
 * The shared second half of both calculations: fills in missing and unready pods and recomputes,
 * keeping the current count when the fill would flip the direction or stay within tolerance.
 */
function adjustForMissingAndUnready(
  metrics: PodMetricsInfo,
  g: PodGroups,
  currentReplicas: number,
  usageRatio: number,
  tolerance: number,
  fillMissingOnScaleDown: (pod: string) => number,
  ratioOf: (m: PodMetricsInfo) => number,
): number {
  const scaleUpWithUnready = g.unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missingPods.size === 0) {
    if (Math.abs(1.0 - usageRatio) <= tolerance) return currentReplicas;
    return Math.ceil(usageRatio * g.readyPodCount);
  }
  if (g.missingPods.size > 0) {
    for (const p of g.missingPods) {
      if (usageRatio < 1.0) metrics.set(p, { value: fillMissingOnScaleDown(p), timestamp: 0, windowMs: 0 });
      else if (usageRatio > 1.0) metrics.set(p, { value: 0, timestamp: 0, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready) for (const p of g.unreadyPods) metrics.set(p, { value: 0, timestamp: 0, windowMs: 0 });
  const newRatio = ratioOf(metrics);
  if (
    Math.abs(1.0 - newRatio) <= tolerance ||
    (usageRatio < 1.0 && newRatio > 1.0) ||
    (usageRatio > 1.0 && newRatio < 1.0)
  ) {
    return currentReplicas;
  }
  const newReplicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas)) {
    return currentReplicas;
  }
  return newReplicas;
}

/**
 * The body of upstream's `GetResourceReplicas` once samples and pods are known: the replicas
 * for `targetUtilization` percent of requests, the current utilization and raw average usage.
 */
export function calcResourceReplicas(
  pods: readonly Pod[],
  samples: PodMetricsInfo,
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  container: string,
  cfg: ReplicaCalcConfig,
  now: number,
): { replicas: number; utilization: number; rawUtilization: number } {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const metrics: PodMetricsInfo = new Map(samples);
  const g = groupPods(pods, metrics, resource, cfg, now);
  removeMetricsForPods(metrics, g.ignoredPods);
  removeMetricsForPods(metrics, g.unreadyPods);
  if (metrics.size === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const requests = calculatePodRequests(pods, container, resource);
  const first = getResourceUtilizationRatio(metrics, requests, targetUtilization);
  // On scale-down, a pod without a sample is taken to use its whole request (or the target,
  // when the target is above 100%).
  const fallback = Math.max(100, targetUtilization);
  const replicas = adjustForMissingAndUnready(
    metrics,
    g,
    currentReplicas,
    first.ratio,
    cfg.tolerance,
    (p) => Math.trunc(((requests.get(p) ?? 0) * fallback) / 100),
    (m) => getResourceUtilizationRatio(m, requests, targetUtilization).ratio,
  );
  return { replicas, utilization: first.utilization, rawUtilization: first.rawAverage };
}

/**
 * Upstream's `calcPlainMetricReplicas` (average-value targets of resource and pods metrics):
 * the replicas for `targetUsage` per pod and the current average.
 */
export function calcPlainMetricReplicas(
  pods: readonly Pod[],
  samples: PodMetricsInfo,
  currentReplicas: number,
  targetUsage: number,
  resource: string,
  cfg: ReplicaCalcConfig,
  now: number,
): { replicas: number; usage: number } {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const metrics: PodMetricsInfo = new Map(samples);
  const g = groupPods(pods, metrics, resource, cfg, now);
  removeMetricsForPods(metrics, g.ignoredPods);
  removeMetricsForPods(metrics, g.unreadyPods);
  if (metrics.size === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const first = getMetricUsageRatio(metrics, targetUsage);
  const replicas = adjustForMissingAndUnready(
    metrics,
    g,
    currentReplicas,
    first.ratio,
    cfg.tolerance,
    () => targetUsage,
    (m) => getMetricUsageRatio(m, targetUsage).ratio,
  );
  return { replicas, usage: first.usage };
}

/**
 * Upstream's `getUsageRatioReplicaCount` (object and external value targets): ready pods times
 * the ratio, unless within tolerance; from zero replicas, the ratio alone.
 */
export function usageRatioReplicaCount(
  currentReplicas: number,
  usageRatio: number,
  readyPodCount: () => number,
  tolerance: number,
): number {
  if (currentReplicas === 0) return Math.ceil(usageRatio);
  if (Math.abs(1.0 - usageRatio) <= tolerance) return currentReplicas;
  return Math.ceil(usageRatio * readyPodCount());
}

/**
 * Upstream's `GetObjectPerPodMetricReplicas` / `GetExternalPerPodMetricReplicas` arithmetic:
 * the total over the per-pod target, unless within tolerance of `statusReplicas`.
 */
export function perPodReplicas(
  statusReplicas: number,
  total: number,
  targetAverage: number,
  tolerance: number,
): { replicas: number; usage: number } {
  let replicas = statusReplicas;
  const ratio = total / (targetAverage * replicas);
  if (Math.abs(1.0 - ratio) > tolerance) replicas = Math.ceil(total / targetAverage);
  return { replicas, usage: Math.ceil(total / statusReplicas) };
}

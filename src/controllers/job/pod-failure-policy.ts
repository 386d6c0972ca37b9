/**
 * `spec.podFailurePolicy` (upstream's `pod_failure_policy.go`): the first rule a failed pod
 * matches — by a terminated container's non-zero exit code, or by a pod condition — decides
 * whether the failure fails the Job, fails its index, is ignored, or counts toward the backoff
 * limit.
 */
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1.js';
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailurePolicyMatch {
  /** The Job's failure message, when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts toward backoffLimit (false only for Ignore). */
  countFailed: boolean;
  action?: PodFailurePolicyAction;
}

function operatorMatches(exitCode: number, req: PodFailurePolicyOnExitCodesRequirement): boolean {
  if (req.operator === 'In') return req.values.includes(exitCode);
  if (req.operator === 'NotIn') return !req.values.includes(exitCode);
  return false;
}

function matchingContainer(
  statuses: readonly ContainerStatus[] | undefined,
  req: PodFailurePolicyOnExitCodesRequirement,
): ContainerStatus | undefined {
  for (const cs of statuses ?? []) {
    const code = cs.state?.terminated?.exitCode;
    if (code === undefined) continue;
    if (req.containerName && req.containerName !== cs.name) continue;
    if (code !== 0 && operatorMatches(code, req)) return cs;
  }
  return undefined;
}

/** Upstream's `matchOnExitCodes`: app containers first, then init containers. */
export function matchOnExitCodes(pod: Pod, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return (
    matchingContainer(pod.status?.containerStatuses, req) ?? matchingContainer(pod.status?.initContainerStatuses, req)
  );
}

function matchOnPodConditions(
  pod: Pod,
  patterns: readonly { type: string; status: string }[],
): PodCondition | undefined {
  for (const c of pod.status?.conditions ?? [])
    for (const p of patterns) if (c.type === p.type && c.status === p.status) return c;
  return undefined;
}

/** Upstream's `matchPodFailurePolicy` for a failed pod (FailIndex with JobBackoffLimitPerIndex on, as in 1.32). */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const where = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const action = rule.action as PodFailurePolicyAction;
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(pod, rule.onExitCodes);
      if (!cs) continue;
      failJobMessage = `Container ${cs.name} for pod ${where} failed with exit code ${cs.state!.terminated!.exitCode} matching ${action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const c = matchOnPodConditions(
        pod,
        rule.onPodConditions.map((p) => ({ type: p.type, status: p.status ?? 'True' })),
      );
      if (!c) continue;
      failJobMessage = `Pod ${where} has condition ${c.type} matching ${action} rule at index ${index}`;
    } else continue;
    switch (action) {
      case 'Ignore':
        return { countFailed: false, action };
      case 'FailIndex':
        return { countFailed: true, action };
      case 'Count':
        return { countFailed: true, action };
      case 'FailJob':
        return { failJobMessage, countFailed: true, action };
      default:
        // An action this version does not know: upstream falls through to the next rule.
        continue;
    }
  }
  return { countFailed: true };
}

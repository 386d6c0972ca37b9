/**
 * Namespace-side Pod Security (upstream `ValidateNamespace`, `EvaluatePodsInNamespace`,
 * `exemptNamespaceWarning`): label validation, the dry run of existing pods when the enforce level
 * is tightened, and the warning for exempt namespaces that set a policy.
 */
import {
  compareLevels,
  defaultPolicy,
  fullyPrivileged,
  levelVersionEqual,
  levelVersionString,
  policyEquivalent,
  type Policy,
} from './api.js';
import { compareStrings, goQuote } from './format.js';
import {
  AUDIT_LEVEL_LABEL,
  AUDIT_VERSION_LABEL,
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  WARN_LEVEL_LABEL,
  WARN_VERSION_LABEL,
} from './labels.js';
import { aggregateReasons, evaluateLevelVersion } from './registry.js';
import { exemptBy } from './result.js';
import type { Json } from './types.js';

/** Upstream's default cap on the number of existing pods checked. */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;

/**
 * Whether changing a namespace's policy from `oldPolicy` to `newPolicy` calls for checking the
 * existing pods: not when the enforce level/version is unchanged, when it becomes privileged, or
 * when the version stays and the level is relaxed or kept.
 */
export function enforceTightened(newPolicy: Policy, oldPolicy: Policy): boolean {
  const n = newPolicy.enforce;
  const o = oldPolicy.enforce;
  if (levelVersionEqual(n, o)) return false;
  if (n.level === 'privileged') return false;
  if (n.version === o.version && compareLevels(n.level, o.level) < 1) return false;
  return true;
}

export interface NamespaceWarningOptions {
  /** Pods with these runtimeClassNames are skipped. */
  exemptRuntimeClasses?: readonly string[];
  /** At most this many pods are checked (default 3000). */
  maxPods?: number;
}

/** Upstream `prioritizePods`: exempt runtime classes dropped, one pod per controller first. */
function prioritizePods(pods: readonly Json[], exemptRuntimeClasses?: readonly string[]): Json[] {
  const first: Json[] = [];
  const duplicates: Json[] = [];
  const seen = new Set<string>();
  for (const pod of pods) {
    if (exemptBy(pod.spec?.runtimeClassName, exemptRuntimeClasses)) continue;
    const owners: Json[] = Array.isArray(pod.metadata?.ownerReferences) ? pod.metadata.ownerReferences : [];
    const controller = owners.find((o) => o && o.controller === true);
    if (!controller) first.push(pod);
    else if (seen.has(String(controller.uid ?? ''))) duplicates.push(pod);
    else {
      seen.add(String(controller.uid ?? ''));
      first.push(pod);
    }
  }
  return [...first, ...duplicates];
}

/**
 * The warnings upstream returns when a namespace update tightens the enforce level: a note when
 * not every pod was checked, `existing pods in namespace "<ns>" violate the new PodSecurity
 * enforce level "<level:version>"`, then one sorted line per distinct violation, e.g.
 * `web-1 (and 2 other pods): host namespaces, privileged`. Empty when nothing needs checking.
 */
export function namespaceWarnings(
  newPolicy: Policy,
  oldPolicy: Policy,
  namespace: string,
  pods: readonly Json[],
  options: NamespaceWarningOptions = {},
): string[] {
  if (!enforceTightened(newPolicy, oldPolicy)) return [];
  const enforce = newPolicy.enforce;
  let candidates = prioritizePods(pods, options.exemptRuntimeClasses);
  const total = candidates.length;
  const max = options.maxPods ?? NAMESPACE_MAX_PODS_TO_CHECK;
  if (candidates.length > max) candidates = candidates.slice(0, max);

  const counts = new Map<string, { podName: string; count: number }>();
  for (const pod of candidates) {
    const failures = evaluateLevelVersion(enforce, pod.metadata, pod.spec);
    if (!failures.length) continue;
    const warning = aggregateReasons(failures);
    const name = String(pod.metadata?.name ?? '');
    const c = counts.get(warning);
    if (!c) counts.set(warning, { podName: name, count: 1 });
    else {
      if (name < c.podName) c.podName = name;
      c.count++;
    }
  }

  const warnings: string[] = [];
  if (candidates.length < total) {
    warnings.push(
      `new PodSecurity enforce level only checked against the first ${candidates.length} of ${total} existing pods`,
    );
  }
  if (counts.size) {
    warnings.push(
      `existing pods in namespace ${goQuote(namespace)} violate the new PodSecurity enforce level ${goQuote(levelVersionString(enforce))}`,
    );
  }
  const podWarnings = [...counts].map(([warning, { podName, count }]) => {
    if (count === 1) return `${podName}: ${warning}`;
    if (count === 2) return `${podName} (and 1 other pod): ${warning}`;
    return `${podName} (and ${count - 1} other pods): ${warning}`;
  });
  return [...warnings, ...podWarnings.sort(compareStrings)];
}

/**
 * Upstream `exemptNamespaceWarning`: for an exempt namespace whose labels set a non-privileged
 * mode, `namespace "<ns>" is exempt from Pod Security, and the policy (enforce=..., audit=...,
 * warn=...) will be ignored`; `""` when the policy is fully privileged or equals the defaults.
 */
export function exemptNamespaceWarning(
  namespace: string,
  policy: Policy,
  labels: Record<string, string> | undefined,
  defaults: Policy = defaultPolicy(),
): string {
  if (fullyPrivileged(policy) || policyEquivalent(policy, defaults)) return '';
  const has = (key: string): boolean => !!labels && Object.hasOwn(labels, key);
  const parts: string[] = [];
  const modes = [
    ['enforce', ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL],
    ['audit', AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL],
    ['warn', WARN_LEVEL_LABEL, WARN_VERSION_LABEL],
  ] as const;
  for (const [mode, levelLabel, versionLabel] of modes) {
    if (policy[mode].level !== 'privileged' && (has(levelLabel) || has(versionLabel))) {
      parts.push(`${mode}=${levelVersionString(policy[mode])}`);
    }
  }
  return `namespace ${goQuote(namespace)} is exempt from Pod Security, and the policy (${parts.join(', ')}) will be ignored`;
}

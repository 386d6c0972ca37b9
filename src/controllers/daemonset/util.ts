/**
 * What upstream's `pkg/controller/daemon/util` does to a DaemonSet's pods: the tolerations every
 * daemon pod gets, the node affinity that pins a pod to its node for the scheduler, the labels that
 * record its revision, and the rolling-update budgets.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type {
  Affinity,
  NodeSelectorTerm,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Toleration,
} from 'kubernetes-types/core/v1.js';
import { getScaledValueFromIntOrPercent } from '../../machinery/intstr.js';

/** Upstream's `DefaultDaemonSetUniqueLabelKey`. */
export const DAEMONSET_HASH_LABEL = 'controller-revision-hash';
/** Upstream's deprecated `DaemonSetTemplateGenerationKey`, still set on pods. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The DaemonSet annotation the API server keeps the template generation in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/**
 * The tolerations of upstream's `AddOrUpdateDaemonPodTolerations`, in its order: daemon pods
 * survive not-ready/unreachable nodes (NoExecute, no seconds) and land on nodes under pressure or
 * cordoned; host-network pods also on nodes whose network is not ready.
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const t = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });
  const out = [
    t('node.kubernetes.io/not-ready', 'NoExecute'),
    t('node.kubernetes.io/unreachable', 'NoExecute'),
    t('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    t('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    t('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    t('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) out.push(t('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  return out;
}

/** Upstream's `Toleration.MatchToleration`: same key, operator, value and effect (seconds aside). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '')
  );
}

/** Upstream's `AddOrUpdateTolerationInPodSpec`: replaces a matching toleration in place, else appends. */
export function addOrUpdateToleration(spec: PodSpec, toleration: Toleration): void {
  const current = spec.tolerations ?? [];
  let updated = false;
  const next: Toleration[] = [];
  for (const t of current) {
    if (sameToleration(t, toleration)) {
      if (t.tolerationSeconds === toleration.tolerationSeconds) return;
      next.push({ ...toleration });
      updated = true;
    } else next.push(t);
  }
  if (!updated) next.push({ ...toleration });
  spec.tolerations = next;
}

/** Upstream's `AddOrUpdateDaemonPodTolerations`, in place. */
export function addOrUpdateDaemonPodTolerations(spec: PodSpec): void {
  for (const t of daemonPodTolerations(!!spec.hostNetwork)) addOrUpdateToleration(spec, t);
}

/**
 * Upstream's `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes the
 * single term `metadata.name In [nodeName]` (other parts of the affinity are kept), so the
 * scheduler binds the pod to that node and nowhere else.
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const terms: NodeSelectorTerm[] = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }];
  const a: Affinity = affinity ? structuredClone(affinity) : {};
  const na = (a.nodeAffinity ??= {});
  na.requiredDuringSchedulingIgnoredDuringExecution = {
    ...na.requiredDuringSchedulingIgnoredDuringExecution,
    nodeSelectorTerms: terms,
  };
  return a;
}

/**
 * Upstream's `GetTargetNodeName`: `spec.nodeName` once bound, else the one `metadata.name In [x]`
 * match field of the required affinity; undefined when the pod names no single node.
 */
export function getTargetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of terms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.length === 1 ? f.values[0] : undefined;
    }
  }
  return undefined;
}

/** Upstream's `GetTemplateGeneration`: the annotation as a number, undefined when absent or unparsable. */
export function getTemplateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * Upstream's `CreatePodTemplate`: the template with the daemon tolerations, the deprecated
 * template-generation label (when the DaemonSet carries one) and the revision hash label.
 */
export function createPodTemplate(
  template: PodTemplateSpec,
  generation: number | undefined,
  hash: string,
): PodTemplateSpec {
  const t: PodTemplateSpec = structuredClone(template);
  t.spec ??= { containers: [] };
  addOrUpdateDaemonPodTolerations(t.spec);
  const labels: Record<string, string> = { ...t.metadata?.labels };
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[DAEMONSET_HASH_LABEL] = hash;
  t.metadata = { ...t.metadata, labels };
  return t;
}

/** Upstream's `IsPodUpdated`: the pod carries the current hash, or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches = generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && labels[DAEMONSET_HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}

/** Upstream's `SurgeCount`: maxSurge of `numberToSchedule`, rounded up; 0 outside RollingUpdate. */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !s?.rollingUpdate) return 0;
  const v = s.rollingUpdate.maxSurge;
  if (v === undefined || v === null) return 0;
  return getScaledValueFromIntOrPercent(v, numberToSchedule, true);
}

/** Upstream's `UnavailableCount`: maxUnavailable of `numberToSchedule`, rounded up; 0 outside RollingUpdate. */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !s?.rollingUpdate) return 0;
  return getScaledValueFromIntOrPercent(s.rollingUpdate.maxUnavailable, numberToSchedule, true);
}

/** Upstream's `AllowsSurge`: a RollingUpdate whose maxSurge is above zero. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

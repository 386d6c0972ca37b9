/**
 * Which nodes a DaemonSet runs on (upstream's `NodeShouldRunDaemonPod` and `predicates`, with
 * `nodeaffinity.GetRequiredNodeAffinity` and `v1helper.FindMatchingUntoleratedTaint`): the pod as
 * it would be made for the node must fit its nodeName, nodeSelector and required node affinity,
 * and tolerate the node's NoSchedule and NoExecute taints. Controllers do not import the
 * scheduler, so the matching lives here.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  Taint,
  Toleration,
} from 'kubernetes-types/core/v1.js';
import { addOrUpdateDaemonPodTolerations } from './util.js';

/** Whether one toleration tolerates `taint` (upstream's `ToleratesTaint`). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** The first taint passing `filter` that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !(tolerations ?? []).some((t) => toleratesTaint(t, taint)));
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]))
        return false;
      return r.operator === 'Gt' ? BigInt(value) > BigInt(values[0]) : BigInt(value) < BigInt(values[0]);
    }
    default:
      return false;
  }
}

/** One term: its label expressions and `metadata.name` fields all hold (an empty term matches nothing). */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs)
    if (!requirementMatches(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name' || (r.operator !== 'In' && r.operator !== 'NotIn')) return false;
    if (!requirementMatches(r, node.metadata?.name)) return false;
  }
  return true;
}

/** The pod's nodeSelector and required node affinity (terms ORed) both accept `node`. */
export function podMatchesNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => nodeSelectorTermMatches(t, node));
}

/** Upstream's `NewPod`: the template's pod for `nodeName`, with the daemon tolerations. */
export function newDaemonPod(ds: DaemonSet, nodeName: string): Pod {
  const t = ds.spec?.template;
  const pod: Pod = {
    metadata: { ...structuredClone(t?.metadata ?? {}), namespace: ds.metadata?.namespace },
    spec: { ...structuredClone(t?.spec ?? { containers: [] }), nodeName },
  };
  addOrUpdateDaemonPodTolerations(pod.spec!);
  return pod;
}

/** What a node means to a DaemonSet. */
export interface NodeVerdict {
  /** A daemon pod should be created here when there is none. */
  shouldRun: boolean;
  /** A daemon pod already here may stay (it tolerates the NoExecute taints). */
  shouldContinueRunning: boolean;
}

/** Upstream's `NodeShouldRunDaemonPod`. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeVerdict {
  const name = node.metadata?.name ?? '';
  const pod = newDaemonPod(ds, name);
  const templateNode = ds.spec?.template?.spec?.nodeName;
  if (templateNode && templateNode !== name) return { shouldRun: false, shouldContinueRunning: false };
  if (!podMatchesNodeAffinity(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const tolerations = pod.spec?.tolerations;
  const blocking = findUntoleratedTaint(
    taints,
    tolerations,
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute');
  return { shouldRun: false, shouldContinueRunning: !evicting };
}

/**
 * Which nodes a DaemonSet runs on (upstream's `NodeShouldRunDaemonPod` and `predicates`, with
 * `nodeaffinity.GetRequiredNodeAffinity` and `v1helper.FindMatchingUntoleratedTaint`): the pod as
 * it would be made for the node must fit its nodeName, nodeSelector and required node affinity,
 * and tolerate the node's NoSchedule and NoExecute taints. The matching is the scheduler's,
 * shared through `src/api/scheduling/`.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { findMatchingUntoleratedTaint } from '../../api/scheduling/taints.js';
import { podMatchesNodeSelectorAndAffinityTerms } from '../../api/scheduling/node-selector.js';
import { addOrUpdateDaemonPodTolerations } from './util.js';

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
  if (!podMatchesNodeSelectorAndAffinityTerms(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const tolerations = pod.spec?.tolerations;
  const blocking = findMatchingUntoleratedTaint(
    taints,
    tolerations,
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findMatchingUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute');
  return { shouldRun: false, shouldContinueRunning: !evicting };
}

/**
 * The "0/N nodes are available: …" message of a pod that fits nowhere, after upstream's
 * `FitError.Error()` (pkg/scheduler/framework/types.go). Shared by the scheduler core (the
 * FailedScheduling event and PodScheduled condition) and by DefaultPreemption, whose own failure
 * message is the same format prefixed with `preemption: `.
 */
import type { Status } from '../../framework/status.js';

/** Upstream's `NoNodeAvailableMsg`. */
const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available:`;

// Go's sort.Strings orders by bytes; UTF-16 order differs only for astral characters.
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The reasons of `nodeToStatus` counted and printed as `<count> <reason>`, sorted as strings (so
 * `10 x` sorts before `2 y`, as upstream's does). When the map holds fewer than `numAllNodes`
 * nodes, each reason of `absentNodesStatus` counts once per absent node.
 */
export function reasonsHistogram(
  numAllNodes: number,
  nodeToStatus: ReadonlyMap<string, Status>,
  absentNodesStatus?: Status,
): string[] {
  const counts = new Map<string, number>();
  const add = (reason: string, n: number) => counts.set(reason, (counts.get(reason) ?? 0) + n);
  for (const status of nodeToStatus.values()) for (const r of status.reasons) add(r, 1);
  const absent = numAllNodes - nodeToStatus.size;
  if (absent > 0 && absentNodesStatus) for (const r of absentNodesStatus.reasons) add(r, absent);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byBytes);
}

/**
 * Upstream's `FitError.Error()`: `0/N nodes are available: <PreFilterMsg>. <FilterMsg>. <PostFilterMsg>`.
 *
 * - `preFilterMsg` set (a PreFilter plugin rejected the pod for every node): it replaces the
 *   per-node histogram, since the framework gave every node that same status.
 * - otherwise the histogram of `nodeToStatus` (see {@link reasonsHistogram}), with the reasons of
 *   `absentNodesStatus` counted for nodes missing from the map (narrowed out by a PreFilter result).
 * - `postFilterMsg` (a PostFilter plugin's message, such as preemption's) is appended as given,
 *   without an added period: it carries its own.
 *
 * For example `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 * 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`
 */
export function fitErrorMessage(
  numAllNodes: number,
  nodeToStatus: ReadonlyMap<string, Status>,
  preFilterMsg?: string,
  postFilterMsg?: string,
  absentNodesStatus?: Status,
): string {
  let msg = NO_NODE_AVAILABLE(numAllNodes);
  if (preFilterMsg) {
    msg += ` ${preFilterMsg}.`;
  } else {
    const histogram = reasonsHistogram(numAllNodes, nodeToStatus, absentNodesStatus);
    if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}

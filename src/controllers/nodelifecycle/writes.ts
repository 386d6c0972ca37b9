/**
 * What the node lifecycle controller writes (upstream's `pkg/controller/util/node` and
 * `controller.AddOrUpdateTaintOnNode`/`RemoveTaintOffNode`): node taints by a merge patch that
 * carries the resourceVersion it was computed from (a Conflict re-reads the node and tries
 * again), pods' Ready condition, and the node events.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import { isConflict, isNotFound } from '../../machinery/errors.js';
import { swapTaints } from './taints.js';

/** metav1.Time's wire form: RFC 3339 in whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** How many times a taint write re-reads the node after a Conflict (upstream's UpdateTaintBackoff steps). */
const TAINT_WRITE_ATTEMPTS = 5;

/**
 * Puts `add` on node `name` and takes `remove` off it (matched by key and effect), in one write.
 * Taints added get `timeAdded` = now, as upstream's `SwapNodeControllerTaint`. The first attempt
 * works on `cached` (the informer's copy); after a Conflict it reads the node from the API.
 * Resolves true when the node has the wanted taints (also when nothing needed changing), false
 * when the node is gone; throws other errors.
 */
export async function swapNodeTaints(
  nodes: ResourceClient<Node>,
  name: string,
  cached: Node | undefined,
  add: readonly Taint[],
  remove: readonly Taint[],
  nowMs: number,
): Promise<boolean> {
  const stamped = add.map((t) => ({ ...t, timeAdded: rfc3339(nowMs) }));
  let node = cached;
  for (let attempt = 0; ; attempt++) {
    try {
      if (!node) node = await nodes.get(name);
      const next = swapTaints(node.spec?.taints, stamped, remove);
      if (!next) return true;
      await nodes.patch(name, 'merge', {
        metadata: { resourceVersion: node.metadata?.resourceVersion },
        spec: { taints: next.length ? next : null },
      });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err) || attempt + 1 >= TAINT_WRITE_ATTEMPTS) throw err;
      node = undefined;
    }
  }
}

/** A reference to node `name` for events (upstream's node events carry no namespace). */
export function nodeRef(node: Node): { apiVersion: string; kind: string; name: string; uid?: string } {
  return { apiVersion: 'v1', kind: 'Node', name: node.metadata?.name ?? '', uid: node.metadata?.uid };
}

/** Upstream's `RecordNodeEvent`: `Node <name> event: <message>`. */
export function recordNodeEvent(recorder: EventRecorder, node: Node, type: string, reason: string, message: string) {
  recorder.eventf(nodeRef(node), type, reason, 'Node %s event: %s', node.metadata?.name ?? '', message);
}

/** Upstream's `RecordNodeStatusChange`: `Node <name> status is now: <status>`. */
export function recordNodeStatusChange(recorder: EventRecorder, node: Node, newStatus: string): void {
  recorder.eventf(
    nodeRef(node),
    'Normal',
    newStatus,
    'Node %s status is now: %s',
    node.metadata?.name ?? '',
    newStatus,
  );
}

/**
 * Upstream's `MarkPodsNotReady`: every pod of `nodeName` whose Ready condition is not already
 * False gets it False (lastTransitionTime now) through `pods/status`, written with the
 * resourceVersion it was read at, and a Warning `NodeNotReady` "Node is not ready" event. Pods
 * gone meanwhile are skipped; other failures are collected and thrown at the end.
 */
export async function markPodsNotReady(
  podsClient: ResourceClient<Pod>,
  recorder: EventRecorder,
  pods: readonly Pod[],
  nodeName: string,
  nowMs: number,
): Promise<void> {
  const errs: unknown[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const conditions = pod.status?.conditions ?? [];
    const i = conditions.findIndex((c) => c.type === 'Ready');
    if (i < 0 || conditions[i].status === 'False') continue;
    const next = conditions.map((c, j) =>
      j === i ? { ...c, status: 'False', lastTransitionTime: rfc3339(nowMs) } : c,
    );
    const updated: Pod = { ...pod, apiVersion: 'v1', kind: 'Pod', status: { ...pod.status, conditions: next } };
    try {
      await podsClient.updateStatus(updated, { namespace: pod.metadata?.namespace });
    } catch (err) {
      if (isNotFound(err)) continue;
      errs.push(err);
      continue;
    }
    recorder.event(updated, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (errs.length) throw new AggregateError(errs, `unable to mark all pods NotReady on node ${nodeName}`);
}

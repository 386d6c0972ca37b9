/**
 * Informer event handlers, after upstream's `eventhandlers.go`: unscheduled pods of our profiles
 * feed the queue; bound pods and nodes feed the cache; every change that may let a waiting pod
 * fit (a node added or relabelled, a pod gone, a volume made) is offered to the queue as a
 * ClusterEvent.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { SharedIndexInformer } from '../client/informers/shared-informer.js';
import type { KubeObject } from '../client/rest/resource-client.js';
import { ActionType, type ClusterEvent, type EventResource } from './framework/interface.js';
import type { Scheduler } from './scheduler.js';

const assigned = (p: Pod) => !!p.spec?.nodeName;
const terminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The update bits a node change carries (none for heartbeats), as upstream's `nodeSchedulingPropertiesChange`. */
export function nodeUpdateActions(oldNode: Node, newNode: Node): number {
  let bits = 0;
  if (!same(oldNode.status?.allocatable, newNode.status?.allocatable)) bits |= ActionType.UpdateNodeAllocatable;
  if (!same(oldNode.metadata?.labels, newNode.metadata?.labels)) bits |= ActionType.UpdateNodeLabel;
  if (
    !same(oldNode.spec?.taints, newNode.spec?.taints) ||
    !!oldNode.spec?.unschedulable !== !!newNode.spec?.unschedulable
  )
    bits |= ActionType.UpdateNodeTaint;
  const conds = (n: Node) => (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  if (conds(oldNode) !== conds(newNode)) bits |= ActionType.UpdateNodeCondition;
  if (!same(oldNode.metadata?.annotations, newNode.metadata?.annotations)) bits |= ActionType.UpdateNodeAnnotation;
  return bits;
}

/** The update bits of an assigned pod's change that may free room or satisfy affinity. */
function assignedPodUpdateActions(oldPod: Pod, newPod: Pod): number {
  let bits = 0;
  if (!same(oldPod.metadata?.labels, newPod.metadata?.labels)) bits |= ActionType.UpdatePodLabel;
  const req = (p: Pod) => JSON.stringify(p.spec?.containers?.map((c) => c.resources?.requests));
  if (req(oldPod) !== req(newPod)) bits |= ActionType.UpdatePodScaleDown;
  return bits;
}

const ev = (resource: EventResource, actionType: number, label: string): ClusterEvent => ({
  resource,
  actionType,
  label,
});

/** Wires the informers to the scheduler. */
export function addEventHandlers(
  sched: Scheduler,
  informers: {
    pods: SharedIndexInformer<KubeObject>;
    nodes: SharedIndexInformer<KubeObject>;
    others: { resource: EventResource; informer: SharedIndexInformer<KubeObject> }[];
  },
): void {
  const { cache, queue } = sched;
  const ours = (p: Pod) => !!sched.frameworkFor(p);
  const pending = (p: Pod) => !assigned(p) && !terminal(p) && ours(p);
  const counted = (p: Pod) => assigned(p) && !terminal(p);

  informers.pods.addEventHandler({
    onAdd(obj) {
      const pod = obj as Pod;
      if (counted(pod)) {
        cache.addPod(pod);
        queue.moveAllToActiveOrBackoffQueue(ev('AssignedPod', ActionType.Add, 'AssignedPodAdd'), undefined, pod);
      } else if (pending(pod)) queue.add(pod);
    },
    onUpdate(o, n) {
      const oldPod = o as Pod;
      const newPod = n as Pod;
      if (counted(oldPod)) {
        if (counted(newPod)) {
          cache.updatePod(oldPod, newPod);
          const bits = assignedPodUpdateActions(oldPod, newPod);
          if (bits) queue.moveAllToActiveOrBackoffQueue(ev('AssignedPod', bits, 'AssignedPodUpdate'), oldPod, newPod);
        } else {
          // Finished: its resources are free.
          cache.removePod(oldPod);
          queue.moveAllToActiveOrBackoffQueue(
            ev('AssignedPod', ActionType.Delete, 'AssignedPodDelete'),
            oldPod,
            undefined,
          );
        }
        return;
      }
      if (counted(newPod)) {
        // Bound (by us or by someone else): out of the queue, into the cache.
        queue.delete(oldPod);
        cache.addPod(newPod);
        queue.moveAllToActiveOrBackoffQueue(ev('AssignedPod', ActionType.Add, 'AssignedPodAdd'), undefined, newPod);
        return;
      }
      if (pending(newPod)) {
        if (pending(oldPod)) queue.update(oldPod, newPod);
        else queue.add(newPod);
      } else if (pending(oldPod)) queue.delete(oldPod);
    },
    onDelete(obj) {
      const pod = obj as Pod;
      if (counted(pod)) {
        cache.removePod(pod);
        queue.moveAllToActiveOrBackoffQueue(ev('AssignedPod', ActionType.Delete, 'AssignedPodDelete'), pod, undefined);
      } else {
        queue.delete(pod);
        // A pod we assumed may be deleted before its binding was seen.
        if (cache.isAssumedPod(pod)) cache.removePod(pod);
      }
    },
  });

  informers.nodes.addEventHandler({
    onAdd(obj) {
      cache.addOrUpdateNode(obj as Node);
      queue.moveAllToActiveOrBackoffQueue(ev('Node', ActionType.Add, 'NodeAdd'), undefined, obj);
    },
    onUpdate(o, n) {
      cache.addOrUpdateNode(n as Node);
      const bits = nodeUpdateActions(o as Node, n as Node);
      if (bits) queue.moveAllToActiveOrBackoffQueue(ev('Node', bits, 'NodeUpdate'), o, n);
    },
    onDelete(obj) {
      cache.removeNode(obj as Node);
    },
  });

  for (const { resource, informer } of informers.others) {
    informer.addEventHandler({
      onAdd: (obj) =>
        queue.moveAllToActiveOrBackoffQueue(ev(resource, ActionType.Add, `${resource}Add`), undefined, obj),
      onUpdate: (o, n) =>
        queue.moveAllToActiveOrBackoffQueue(ev(resource, ActionType.Update, `${resource}Update`), o, n),
      onDelete: (obj) =>
        queue.moveAllToActiveOrBackoffQueue(ev(resource, ActionType.Delete, `${resource}Delete`), obj, undefined),
    });
  }
}

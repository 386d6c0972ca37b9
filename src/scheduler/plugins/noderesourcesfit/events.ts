/**
 * The cluster events that may make a pod NodeResourcesFit rejected fit, and upstream's queueing
 * hints for them: a scheduled pod deleted or scaled down frees room; a node added, or its
 * allocatable raised for a resource the pod wants, may now hold it.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ActionType, type ClusterEventWithHint, type QueueingHint } from '../../framework/interface.js';
import { podRequests } from '../../framework/resource.js';
import { haveAnyRequestedResourcesIncreased, isFit } from './fits.js';
import { isScalarResourceName } from './resource-names.js';

const isObject = (o: unknown): o is object => typeof o === 'object' && o !== null;

/**
 * Pod Delete and UpdatePodScaleDown; Node Add and UpdateNodeAllocatable (upstream's set with
 * queueing hints and in-place pod resize on).
 */
export function fitEventsToRegister(): ClusterEventWithHint[] {
  return [
    {
      event: { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown },
      hint: isSchedulableAfterPodEvent,
    },
    {
      event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
      hint: isSchedulableAfterNodeChange,
    },
  ];
}

/**
 * Queue when a scheduled pod is deleted, when the pod itself is scaled down, or when a scheduled
 * pod gives back some resource the pod requests. Objects of the wrong type queue, to be safe.
 */
export function isSchedulableAfterPodEvent(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (!isObject(oldObj) || (newObj !== undefined && !isObject(newObj))) return 'Queue';
  const original = oldObj as Pod;
  if (newObj === undefined) return original.spec?.nodeName ? 'Queue' : 'QueueSkip';
  return isSchedulableAfterPodScaleDown(pod, original, newObj as Pod) ? 'Queue' : 'QueueSkip';
}

function isSchedulableAfterPodScaleDown(target: Pod, original: Pod, modified: Pod): boolean {
  if (modified.metadata?.uid === target.metadata?.uid) return true;
  // An unscheduled pod holds nothing on any node, so shrinking it frees nothing.
  if (!modified.spec?.nodeName) return false;
  const before = podRequests(original).requests;
  const after = podRequests(modified).requests;
  const want = podRequests(target).requests;
  if (want.milliCPU !== 0 && before.milliCPU > after.milliCPU) return true;
  if (want.memory !== 0 && before.memory > after.memory) return true;
  if (want.ephemeralStorage !== 0 && before.ephemeralStorage > after.ephemeralStorage) return true;
  if (want.scalarResources)
    for (const [name, q] of want.scalarResources) {
      if (q === 0 || !isScalarResourceName(name)) continue;
      if ((before.scalarResources?.get(name) ?? 0) > (after.scalarResources?.get(name) ?? 0)) return true;
    }
  return false;
}

/**
 * Queue when an added node, or an updated one whose allocatable grew where it matters, would hold
 * the pod if empty; skip when even the empty node is too small.
 */
export function isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
  if (!isObject(newObj) || (oldObj !== undefined && !isObject(oldObj))) return 'Queue';
  const modified = newObj as Node;
  if (!isFit(pod, modified)) return 'QueueSkip';
  if (oldObj === undefined) return 'Queue';
  return haveAnyRequestedResourcesIncreased(pod, oldObj as Node, modified) ? 'Queue' : 'QueueSkip';
}

/**
 * Node health as the node lifecycle controller judges it (upstream's `tryUpdateNodeHealth`):
 * a node is alive while its Ready condition's lastHeartbeatTime or its Lease's renewTime keeps
 * changing. Both are compared with what this controller saw before, and the time of the last
 * change is kept on this controller's own monotonic clock, so clock skew between the kubelet and
 * the controller does not matter. When nothing has changed for the grace period, the kubelet's
 * conditions are set to Unknown.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1.js';

/** What was last seen of a node and when (upstream's `nodeHealthData`), times on the monotonic clock. */
export interface NodeHealth {
  /** When a heartbeat (status or lease) was last seen to change. */
  probeTimestamp: number;
  /** When the Ready condition was last seen to transition. */
  readyTransitionTimestamp: number;
  status: NodeStatus;
  /** The renewTime of the Lease last seen. */
  leaseRenewTime?: string;
}

/** The clocks a health judgement reads. */
export interface HealthClock {
  /** Monotonic ms (for probe timestamps). */
  mono: number;
  /** Wall ms (for the node's creationTimestamp and written condition times). */
  wall: number;
}

/** The result of observing a node. */
export interface Observation {
  health: NodeHealth;
  /** The grace period this node is entitled to (startup grace when it never posted status). */
  gracePeriodMs: number;
  /** The Ready condition as the node had it (a made-up Unknown one if it had none). */
  observedReady: NodeCondition;
  /** The node's Ready condition, undefined if it never posted one. */
  currentReady: NodeCondition | undefined;
}

/** The condition `type` of `status`, if present. */
export function getNodeCondition(status: NodeStatus | undefined, type: string): NodeCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Upstream's `IsNodeReady`. */
export function isNodeReady(node: Node): boolean {
  return getNodeCondition(node.status, 'Ready')?.status === 'True';
}

function renewedLater(saved: string | undefined, observed: string | undefined): boolean {
  if (!observed) return false;
  if (!saved) return true;
  if (saved === observed) return false;
  return Date.parse(observed) >= Date.parse(saved);
}

/**
 * Folds what the node and its Lease show now into `saved` (upstream's case analysis in
 * `tryUpdateNodeHealth`): a first sighting, a new heartbeat, a Ready transition, a lease renewal.
 */
export function observeNode(
  saved: NodeHealth | undefined,
  node: Node,
  lease: Lease | undefined,
  now: HealthClock,
  gracePeriods: { monitorMs: number; startupMs: number },
): Observation {
  const currentReady = getNodeCondition(node.status, 'Ready');
  const created = node.metadata?.creationTimestamp ?? new Date(now.wall).toISOString();
  // The creation time, moved onto the monotonic clock.
  const createdMono = now.mono - Math.max(0, now.wall - Date.parse(created));
  const status = node.status ?? {};
  let health = saved;
  let observedReady: NodeCondition;
  let gracePeriodMs: number;
  if (!currentReady) {
    // Never posted: judge it from its creation with the longer startup grace.
    observedReady = {
      type: 'Ready',
      status: 'Unknown',
      lastHeartbeatTime: created,
      lastTransitionTime: created,
    };
    gracePeriodMs = gracePeriods.startupMs;
    health = health
      ? { ...health, status }
      : { status, probeTimestamp: createdMono, readyTransitionTimestamp: createdMono };
  } else {
    observedReady = { ...currentReady };
    gracePeriodMs = gracePeriods.monitorMs;
  }
  const savedReady = saved ? getNodeCondition(saved.status, 'Ready') : undefined;
  const fresh = (): NodeHealth => ({ status, probeTimestamp: now.mono, readyTransitionTimestamp: now.mono });
  if (!health) {
    health = fresh();
  } else if (!savedReady && currentReady) {
    health = { ...fresh(), leaseRenewTime: health.leaseRenewTime };
  } else if (savedReady && !currentReady) {
    health = { ...fresh(), leaseRenewTime: health.leaseRenewTime };
  } else if (savedReady && currentReady && savedReady.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
    const transitioned = savedReady.lastTransitionTime !== currentReady.lastTransitionTime;
    health = {
      status,
      probeTimestamp: now.mono,
      readyTransitionTimestamp: transitioned ? now.mono : health.readyTransitionTimestamp,
      leaseRenewTime: health.leaseRenewTime,
    };
  }
  // A renewed Lease is a heartbeat too, even from a kubelet that never posted status.
  const renewTime = lease?.spec?.renewTime;
  if (renewedLater(health.leaseRenewTime, renewTime)) {
    health = { ...health, leaseRenewTime: renewTime, probeTimestamp: now.mono };
  }
  return { health, gracePeriodMs, observedReady, currentReady };
}

/** The kubelet-owned conditions set to Unknown when the node goes silent (NetworkUnavailable is not). */
export const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/**
 * The node's conditions once it is judged silent: each kubelet condition that is not already
 * Unknown becomes Unknown with reason `NodeStatusUnknown`; one the kubelet never posted is added
 * with reason `NodeStatusNeverUpdated`. Returns a new list; `nowIso` stamps the transitions.
 */
export function silentNodeConditions(node: Node, nowIso: string): NodeCondition[] {
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  const created = node.metadata?.creationTimestamp ?? nowIso;
  for (const type of KUBELET_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: created,
        lastTransitionTime: nowIso,
      });
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = nowIso;
    }
  }
  return conditions;
}

/** Whether two conditions are the same (upstream compares them with semantic DeepEqual). */
export function sameCondition(a: NodeCondition | undefined, b: NodeCondition | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    (a.lastHeartbeatTime ?? '') === (b.lastHeartbeatTime ?? '') &&
    (a.lastTransitionTime ?? '') === (b.lastTransitionTime ?? '')
  );
}

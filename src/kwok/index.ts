/**
 * k8ts kwok's pure logic: the objects a simulated node and its pods show, computed from inputs
 * and a time passed in. No I/O and no clock; the kwok process wires these to the API.
 *
 * - `cidr`: IPv4 CIDR helpers and `IPAllocator`, the per-node pod address pool.
 * - `node`: `buildNode`, `nodeConditions`, `heartbeatConditions`.
 * - `lease`: `buildNodeLease`, `renewLease` for `kube-node-lease`.
 * - `pod`: running and completed pod statuses, the completion annotations, deletion.
 * Each export's contract is in its JSDoc at the definition.
 */
export { type Instant, microTime, rfc3339, toMillis } from './time.js';
export {
  type IPv4CIDR,
  IPAllocator,
  cidrContains,
  formatCIDR,
  formatIPv4,
  nthCIDR,
  parseCIDR,
  parseIPv4,
} from './cidr.js';
export {
  type BuildNodeOptions,
  DEFAULT_KUBELET_PORT,
  DEFAULT_NODE_RESOURCES,
  DEFAULT_NOT_READY_MESSAGE,
  KWOK_NODE_ANNOTATION,
  KWOK_VERSION,
  buildNode,
  heartbeatConditions,
  nodeConditions,
} from './node.js';
export {
  NODE_LEASE_DURATION_SECONDS,
  NODE_LEASE_NAMESPACE,
  NODE_LEASE_RENEW_INTERVAL_MS,
  buildNodeLease,
  renewLease,
} from './lease.js';
export {
  COMPLETE_AFTER_ANNOTATION,
  COMPLETE_ANNOTATION,
  FINISH_DELETION_OPTIONS,
  type RunningStatusOptions,
  type TerminalPhase,
  desiredCompletion,
  isTerminal,
  podCompletedStatus,
  podRunningStatus,
  shouldFinishDeletion,
} from './pod.js';
export { PodCompleted, PodFailed, ReadinessGatesNotReady, findCondition } from './pod-conditions.js';

/**
 * The node lifecycle controller's settings beyond `ControllerOptions`, with upstream's defaults
 * (`kube-controller-manager` flags and the constants of `nodelifecycle/scheduler`).
 */

export interface NodeLifecycleTuning {
  /** `--secondary-node-eviction-rate` (0.01 nodes/s). */
  secondaryNodeEvictionRate: number;
  /** `--large-cluster-size-threshold` (50 nodes). */
  largeClusterSizeThreshold: number;
  /** `--unhealthy-zone-threshold` (0.55). */
  unhealthyZoneThreshold: number;
  /** How often queued nodes get their NoExecute taint (upstream's `NodeEvictionPeriod`, 100 ms). */
  evictionPeriodMs: number;
  /** Workers that check nodes' health in parallel (upstream's `nodeUpdateWorkerSize`, 8). */
  nodeUpdateWorkers: number;
  /** Workers of the NoSchedule pass (8) and of pod updates (4). */
  noScheduleWorkers: number;
  podUpdateWorkers: number;
  /** Attempts at writing a silent node's status (upstream's `NodeHealthUpdateRetry`, 5). */
  nodeHealthUpdateRetry: number;
}

export function defaultNodeLifecycleTuning(): NodeLifecycleTuning {
  return {
    secondaryNodeEvictionRate: 0.01,
    largeClusterSizeThreshold: 50,
    unhealthyZoneThreshold: 0.55,
    evictionPeriodMs: 100,
    nodeUpdateWorkers: 8,
    noScheduleWorkers: 8,
    podUpdateWorkers: 4,
    nodeHealthUpdateRetry: 5,
  };
}

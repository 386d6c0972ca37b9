/**
 * The scheduling framework's contracts, after upstream's `framework/interface.go`: one small
 * interface per extension point. A plugin implements only the points it needs and answers with a
 * `Status` (undefined is Success) rather than throwing.
 */
import type {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodCondition,
  ReplicationController,
  Service,
} from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Status } from './status.js';

/** Per-cycle data plugins share (upstream's `CycleState`): written in PreFilter, read in Filter. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Set during preemption's dry runs, so plugins may skip work not needed there. */
  skipFilterPlugins = new Set<string>();
  skipScorePlugins = new Set<string>();

  // The last key read and its value: a Score plugin reads its state once per node, hundreds of
  // times in a row, and this spares the map lookup each time.
  private lastKey?: string;
  private lastValue?: unknown;

  read<T>(key: string): T | undefined {
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastValue = this.data.get(key);
    }
    return this.lastValue as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
    if (key === this.lastKey) this.lastValue = value;
  }

  /** A copy whose values are cloned where they offer `clone()` (for preemption's what-ifs). */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      const cl = (v as { clone?: () => unknown } | null)?.clone;
      c.data.set(k, typeof cl === 'function' ? cl.call(v) : v);
    }
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    return c;
  }
}

/** A pod waiting in the scheduling queue. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was first added to the queue (ms), for QueueSort ties and e2e latency. */
  initialAttemptTimestamp: number | undefined;
  /** When the pod entered the queue this time (ms). */
  timestamp: number;
  attempts: number;
  /** Plugins that rejected the pod in its last attempt; their events re-queue it. */
  unschedulablePlugins: Set<string>;
  /** Plugins whose PreEnqueue held it back. */
  pendingPlugins: Set<string>;
  gated: boolean;
}

/** What kind of object changed (upstream's `GVK` names in ClusterEvent). */
export type EventResource =
  | 'Pod'
  | 'AssignedPod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | 'Namespace'
  | '*';

/** Action bits, as upstream's `ActionType`. */
export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  UpdatePodScaleDown: 256,
  UpdatePodTolerations: 512,
  UpdatePodSchedulingGatesEliminated: 1024,
  /** Any other update. */
  Update: 2048,
} as const;
/** Every update bit. */
export const UPDATE_ANY = 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048;
export const ALL_ACTIONS = 1 | 2 | UPDATE_ANY;

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** A label for metrics and logs, such as `NodeAdd`. */
  label?: string;
}

export type QueueingHint = 'Queue' | 'QueueSkip';
/** Decides whether an event may make `pod` schedulable (oldObj undefined on Add, newObj on Delete). */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  hint?: QueueingHintFn;
}

/** Nodes a PreFilter narrows the search to; undefined nodeNames means all. */
export interface PreFilterResult {
  nodeNames?: Set<string>;
}

export interface Plugin {
  readonly name: string;
}

export interface EnqueueExtensions {
  /** The cluster events that may make a pod this plugin rejected schedulable. */
  eventsToRegister(): ClusterEventWithHint[];
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status | undefined;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreFilterExtensions {
  /** Accounts for `podToAdd` on `nodeInfo` in state computed by PreFilter (preemption what-ifs). */
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: PodInfo, nodeInfo: NodeInfo): Status | undefined;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status } | undefined;
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
}

/** Node name → the status that rejected it. */
export type NodeToStatus = Map<string, Status>;

export interface PostFilterResult {
  nominatedNodeName?: string;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: Pod,
    filteredNodeStatusMap: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status?: Status }>;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
}

export interface NodeScore {
  name: string;
  score: number;
}

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface ScoreExtensions {
  /** Rescales `scores` in place to [0, 100]. */
  normalizeScore(state: CycleState, pod: Pod, scores: NodeScore[]): Status | undefined;
}

export interface ScorePlugin extends Plugin {
  /** The node's score, or a Status when scoring failed. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status;
  scoreExtensions?(): ScoreExtensions | undefined;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** A Wait status with `timeoutMs` holds the pod until allowed or timed out. */
  permit(state: CycleState, pod: Pod, nodeName: string): { status?: Status; timeoutMs?: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined>;
}

export interface BindPlugin extends Plugin {
  /** Skip hands the pod to the next bind plugin. */
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Reads of a cluster object kind from the scheduler's informer caches. */
export interface ObjectLister<T> {
  /** `namespace` '' or undefined for cluster-scoped objects. */
  get(namespace: string | undefined, name: string): T | undefined;
  list(): T[];
  listInNamespace(namespace: string): T[];
}

/** The node snapshot taken at the start of each scheduling cycle. */
export interface NodeInfoLister {
  list(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  /**
   * The figure kept under `key` over every node, made by `make` on first use and brought up to
   * date node by node as nodes change, so that a plugin need not walk every node each cycle.
   * Absent where nodes are not tracked (plugin tests' listers): walk them instead.
   */
  aggregate?<T extends NodeAggregate>(key: string, make: () => T): T;
}

/** A figure over all nodes, kept up to date one changed node at a time. */
export interface NodeAggregate {
  /** Node `prev` was replaced by `next` (same name); `prev` undefined: added; `next` undefined: removed. */
  nodeChanged(prev: NodeInfo | undefined, next: NodeInfo | undefined): void;
}

/** The API calls plugins may make (preemption, binding, volume binding). */
export interface SchedulerClient {
  bindPod(pod: Pod, nodeName: string): Promise<void>;
  deletePod(pod: Pod): Promise<void>;
  /** Merges `condition` into the pod's status conditions (and clears nominatedNodeName if asked). */
  patchPodStatus(pod: Pod, patch: { condition?: PodCondition; nominatedNodeName?: string | null }): Promise<void>;
  /** PATCHes an object with a merge patch. */
  mergePatch(
    ref: { group: string; version: string; resource: string; namespace?: string; name: string; subresource?: string },
    patch: object,
  ): Promise<void>;
}

/** What the framework gives plugins (upstream's `framework.Handle`). */
export interface Handle {
  snapshot(): NodeInfoLister;
  listers: {
    pods: ObjectLister<Pod>;
    namespaces: ObjectLister<Namespace>;
    persistentVolumeClaims: ObjectLister<PersistentVolumeClaim>;
    persistentVolumes: ObjectLister<PersistentVolume>;
    storageClasses: ObjectLister<StorageClass>;
    csiNodes: ObjectLister<CSINode>;
    podDisruptionBudgets: ObjectLister<PodDisruptionBudget>;
    services: ObjectLister<Service>;
    replicationControllers: ObjectLister<ReplicationController>;
    replicaSets: ObjectLister<ReplicaSet>;
    statefulSets: ObjectLister<StatefulSet>;
  };
  client: SchedulerClient;
  /** Records an Event about `regarding` as the scheduler (`Preempted`, `Scheduled`, …). */
  recordEvent(regarding: Pod, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void;
  /** Pods nominated to a node by preemption that have not been bound yet. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /**
   * Runs the profile's Filter plugins for `pod` on `nodeInfo`, first as if the nominated pods of
   * equal or higher priority were there too (upstream's `RunFilterPluginsWithNominatedPods`).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
  /** Runs every PreFilter plugin's `addPod` extension. */
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, podToAdd: PodInfo, nodeInfo: NodeInfo): Status | undefined;
  /** Runs every PreFilter plugin's `removePod` extension. */
  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: Pod,
    podToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined;
}

/** Builds a plugin from its args (a profile's pluginConfig entry, defaulted) and the handle. */
export type PluginFactory = (args: Record<string, unknown> | undefined, handle: Handle) => Plugin;

/**
 * The Node objects kwok registers and the conditions it keeps fresh on them.
 *
 * Labels, annotations and resource defaults follow kwokctl's node template
 * (kustomize/kwokctl/resource/node.yaml); status fields follow kwok's node-initialize stage
 * (kustomize/stage/node/fast/node-initialize.yaml); condition reasons and messages are the
 * kubelet's (pkg/kubelet/nodestatus/setters.go) and, for NetworkUnavailable, the route
 * controller's, as kwok copies them (pkg/kwok/controllers/node_controller.go).
 */
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';
import { type Instant, rfc3339 } from './time.js';

/** The version kwok puts after `kwok-` in nodeInfo; see `buildNode`. */
export const KWOK_VERSION = 'v0.1.0';

/** Annotation marking a node as simulated; kwok manages nodes that carry it. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** kwokctl's defaults: allocatable cpu 32, memory 256Gi, pods 110; capacity defaults to it. */
export const DEFAULT_NODE_RESOURCES: Readonly<Record<string, string>> = Object.freeze({
  cpu: '32',
  memory: '256Gi',
  pods: '110',
});

/** The kubelet's default `--port`, published in `status.daemonEndpoints`. */
export const DEFAULT_KUBELET_PORT = 10250;

/** The Ready message when not ready: one of the kubelet's runtime errors (runtime_state.go). */
export const DEFAULT_NOT_READY_MESSAGE = 'container runtime is down';

export interface BuildNodeOptions {
  /** Time of the first heartbeat: every condition's lastHeartbeatTime and lastTransitionTime. */
  now: Instant;
  /** The node's InternalIP address. */
  internalIP: string;
  /** `spec.podCIDR`, also the first of `spec.podCIDRs`. */
  podCIDR?: string;
  /** `topology.kubernetes.io/zone`. */
  zone?: string;
  /** `topology.kubernetes.io/region`. */
  region?: string;
  /** `status.allocatable`; defaults to DEFAULT_NODE_RESOURCES. */
  allocatable?: Record<string, string>;
  /** `status.capacity`; each resource defaults to its allocatable amount, as kwokctl does. */
  capacity?: Record<string, string>;
  /** Extra labels, applied over the defaults. */
  labels?: Record<string, string>;
  /** Extra annotations, applied over the defaults. */
  annotations?: Record<string, string>;
  taints?: Taint[];
  /** Defaults to DEFAULT_KUBELET_PORT. */
  kubeletPort?: number;
  /** Defaults to `kwok-${KWOK_VERSION}`, as kwok reports for every version field of nodeInfo. */
  kubeletVersion?: string;
  /** Whether the Ready condition starts True (default true). */
  ready?: boolean;
}

/**
 * A v1 Node as kwokctl creates it and kwok's first status update completes it: kwokctl's labels and
 * annotations, podCIDR(s), capacity and allocatable, nodeInfo, InternalIP and Hostname addresses,
 * the kubelet endpoint, phase Running and `nodeConditions(now, ready)`.
 *
 * kwok does not mirror the cluster's version: its stage template fills kubeletVersion,
 * kubeProxyVersion, containerRuntimeVersion and kernelVersion with `kwok-<kwok's version>`, which
 * also makes simulated nodes easy to tell from real ones in `kubectl get nodes`. We do the same
 * unless `kubeletVersion` is given.
 */
export function buildNode(name: string, opts: BuildNodeOptions): Node {
  const allocatable = { ...(opts.allocatable ?? DEFAULT_NODE_RESOURCES) };
  const capacity = { ...allocatable, ...opts.capacity };
  const version = opts.kubeletVersion ?? `kwok-${KWOK_VERSION}`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/role': 'agent',
    'node-role.kubernetes.io/agent': '',
    type: 'kwok',
  };
  if (opts.zone !== undefined) labels['topology.kubernetes.io/zone'] = opts.zone;
  if (opts.region !== undefined) labels['topology.kubernetes.io/region'] = opts.region;
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { ...labels, ...opts.labels },
      annotations: {
        [KWOK_NODE_ANNOTATION]: 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        ...opts.annotations,
      },
    },
    spec: {},
    status: {
      allocatable,
      capacity,
      addresses: [
        { type: 'InternalIP', address: opts.internalIP },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: opts.kubeletPort ?? DEFAULT_KUBELET_PORT } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: version,
        kernelVersion: version,
        kubeProxyVersion: version,
        kubeletVersion: version,
        machineID: '',
        operatingSystem: 'linux',
        osImage: '',
        systemUUID: '',
      },
      phase: 'Running',
      conditions: nodeConditions(opts.now, opts.ready ?? true),
    },
  };
  if (opts.podCIDR !== undefined) node.spec = { podCIDR: opts.podCIDR, podCIDRs: [opts.podCIDR] };
  if (opts.taints?.length) node.spec = { ...node.spec, taints: opts.taints };
  return node;
}

/** Status, reason and message of each managed condition, in the order a real node lists them. */
function desired(ready: boolean, notReadyMessage: string): Omit<NodeCondition, 'lastHeartbeatTime'>[] {
  return [
    {
      type: 'NetworkUnavailable',
      status: 'False',
      reason: 'RouteCreated',
      message: 'RouteController created a route',
    },
    {
      type: 'MemoryPressure',
      status: 'False',
      reason: 'KubeletHasSufficientMemory',
      message: 'kubelet has sufficient memory available',
    },
    {
      type: 'DiskPressure',
      status: 'False',
      reason: 'KubeletHasNoDiskPressure',
      message: 'kubelet has no disk pressure',
    },
    {
      type: 'PIDPressure',
      status: 'False',
      reason: 'KubeletHasSufficientPID',
      message: 'kubelet has sufficient PID available',
    },
    // The kubelet keeps Ready last (kubernetes#16961).
    ready
      ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: notReadyMessage },
  ];
}

/**
 * Fresh node conditions at `now`: NetworkUnavailable False (RouteCreated), MemoryPressure,
 * DiskPressure and PIDPressure False, then Ready: True (KubeletReady) or, when `ready` is false,
 * False (KubeletNotReady, `notReadyMessage`). Both times of every condition are `now`.
 */
export function nodeConditions(
  now: Instant,
  ready = true,
  notReadyMessage = DEFAULT_NOT_READY_MESSAGE,
): NodeCondition[] {
  const t = rfc3339(now);
  return desired(ready, notReadyMessage).map((c) => ({
    ...c,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
  }));
}

/**
 * The conditions after a heartbeat at `now`, as the kubelet's setters compute them: each managed
 * condition is replaced in place with lastHeartbeatTime `now`, keeping its lastTransitionTime when
 * its status did not change; missing ones are appended; conditions of other types (a problem
 * detector's, say) are kept untouched. `old` is not modified.
 */
export function heartbeatConditions(
  old: readonly NodeCondition[] | undefined,
  now: Instant,
  ready = true,
  notReadyMessage = DEFAULT_NOT_READY_MESSAGE,
): NodeCondition[] {
  const t = rfc3339(now);
  const wanted = new Map(desired(ready, notReadyMessage).map((c) => [c.type, c]));
  const refresh = (c: Omit<NodeCondition, 'lastHeartbeatTime'>, prev?: NodeCondition): NodeCondition => ({
    ...c,
    lastHeartbeatTime: t,
    lastTransitionTime: prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : t,
  });
  const out = (old ?? []).map((c) => {
    const w = wanted.get(c.type);
    if (!w) return { ...c };
    wanted.delete(c.type);
    return refresh(w, c);
  });
  for (const w of wanted.values()) out.push(refresh(w));
  return out;
}

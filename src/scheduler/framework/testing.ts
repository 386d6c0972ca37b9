/**
 * Builders for scheduler tests: pods and nodes in a few words, an in-memory lister, a snapshot of
 * NodeInfos and a Handle over them. Used by the plugins' table-driven tests.
 */
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Handle, NodeInfoLister, ObjectLister, SchedulerClient } from './interface.js';
import { NodeInfo, normalizedImageName } from './node-info.js';
import type { PodInfo } from './pod-info.js';

let uid = 0;

/** A pod `name` in `namespace` (default), with one container asking for `requests`, merged with `extra`. */
export function makePod(
  name: string,
  opts: {
    namespace?: string;
    labels?: Record<string, string>;
    requests?: Record<string, string>;
    nodeName?: string;
    priority?: number;
    spec?: Partial<Pod['spec']>;
    containers?: Container[];
    uid?: string;
  } = {},
): Pod {
  const containers: Container[] = opts.containers ?? [
    { name: 'c', image: 'nginx', resources: opts.requests ? { requests: opts.requests } : {} },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'default',
      uid: opts.uid ?? `uid-${name}-${++uid}`,
      labels: opts.labels,
    },
    spec: {
      containers,
      nodeName: opts.nodeName,
      priority: opts.priority,
      ...(opts.spec ?? {}),
    },
  };
}

/** A node `name` with `allocatable` (defaults: 4 cpu, 8Gi, 110 pods), labels and taints. */
export function makeNode(
  name: string,
  opts: {
    allocatable?: Record<string, string>;
    labels?: Record<string, string>;
    taints?: NonNullable<Node['spec']>['taints'];
    unschedulable?: boolean;
    images?: { names: string[]; sizeBytes: number }[];
  } = {},
): Node {
  const allocatable = opts.allocatable ?? { cpu: '4', memory: '8Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) }, uid: `node-${name}` },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { allocatable, capacity: allocatable, images: opts.images },
  };
}

/** A NodeInfo for `node` with `pods` on it. */
export function nodeInfo(node: Node, ...pods: Pod[]): NodeInfo {
  return new NodeInfo(node, pods);
}

/** An ObjectLister over a fixed array. */
export function staticLister<T extends { metadata?: { name?: string; namespace?: string } }>(
  items: T[] = [],
): ObjectLister<T> {
  return {
    get: (ns, name) => items.find((o) => (o.metadata?.namespace ?? '') === (ns ?? '') && o.metadata?.name === name),
    list: () => items,
    listInNamespace: (ns) => items.filter((o) => o.metadata?.namespace === ns),
  };
}

/** A snapshot over NodeInfos, with image spread filled in as the real snapshot does. */
export function snapshotOf(nodes: NodeInfo[]): NodeInfoLister {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const images = new Map<string, { size: number; numNodes: number }>();
  for (const n of nodes)
    for (const img of n.node?.status?.images ?? [])
      for (const name of img.names ?? []) {
        const key = normalizedImageName(name);
        const s = images.get(key) ?? { size: img.sizeBytes ?? 0, numNodes: 0 };
        s.numNodes++;
        images.set(key, s);
      }
  for (const n of nodes) {
    n.imageStates = new Map();
    for (const img of n.node?.status?.images ?? [])
      for (const name of img.names ?? []) {
        const key = normalizedImageName(name);
        n.imageStates.set(key, images.get(key)!);
      }
  }
  return {
    list: () => nodes,
    get: (name) => byName.get(name),
    havePodsWithAffinityList: () => nodes.filter((n) => n.podsWithAffinity.length > 0),
    havePodsWithRequiredAntiAffinityList: () => nodes.filter((n) => n.podsWithRequiredAntiAffinity.length > 0),
  };
}

/** A client that records calls instead of making them. */
export class RecordingClient implements SchedulerClient {
  readonly calls: { verb: string; args: unknown[] }[] = [];
  async bindPod(pod: Pod, nodeName: string): Promise<void> {
    this.calls.push({ verb: 'bind', args: [pod.metadata?.name, nodeName] });
  }
  async deletePod(pod: Pod): Promise<void> {
    this.calls.push({ verb: 'delete', args: [pod.metadata?.name] });
  }
  async patchPodStatus(pod: Pod, patch: object): Promise<void> {
    this.calls.push({ verb: 'patchStatus', args: [pod.metadata?.name, patch] });
  }
  async mergePatch(ref: object, patch: object): Promise<void> {
    this.calls.push({ verb: 'mergePatch', args: [ref, patch] });
  }
}

/** A Handle over `nodes` and the given objects; anything not given lists empty. */
export function fakeHandle(
  nodes: NodeInfo[],
  objects: Partial<{ [K in keyof Handle['listers']]: ReturnType<Handle['listers'][K]['list']> }> = {},
  nominated: Map<string, PodInfo[]> = new Map(),
): Handle & { client: RecordingClient } {
  const snap = snapshotOf(nodes);
  const client = new RecordingClient();
  const pods = objects.pods ?? nodes.flatMap((n) => n.pods.map((p) => p.pod));
  return {
    snapshot: () => snap,
    listers: {
      pods: staticLister(pods),
      namespaces: staticLister(objects.namespaces),
      persistentVolumeClaims: staticLister(objects.persistentVolumeClaims),
      persistentVolumes: staticLister(objects.persistentVolumes),
      storageClasses: staticLister(objects.storageClasses),
      csiNodes: staticLister(objects.csiNodes),
      podDisruptionBudgets: staticLister(objects.podDisruptionBudgets),
      services: staticLister(objects.services),
      replicationControllers: staticLister(objects.replicationControllers),
      replicaSets: staticLister(objects.replicaSets),
      statefulSets: staticLister(objects.statefulSets),
    },
    client,
    recordEvent: (regarding, type, reason, action, message) =>
      client.calls.push({ verb: 'event', args: [regarding.metadata?.name, type, reason, action, message] }),
    nominatedPodsForNode: (name) => nominated.get(name) ?? [],
    runFilterPluginsWithNominatedPods: () => undefined,
    runPreFilterExtensionAddPod: () => undefined,
    runPreFilterExtensionRemovePod: () => undefined,
  };
}

/**
 * Builders for this plugin's tests, after upstream's `st.MakePod().SpreadConstraint(…)`: pods in
 * namespace '' (as upstream's tests), nodes with exactly the given labels, and runners from a pod
 * and nodes to Filter codes or normalized scores.
 */
import type { Node, Pod, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { CycleState, type NodeScore } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Code, type Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { factory, type PodTopologySpread } from './index.js';

export const fooSelector: LabelSelector = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };
export const barSelector: LabelSelector = { matchExpressions: [{ key: 'bar', operator: 'Exists' }] };
export const unschedulableTaint: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }];

/** A node with exactly `labels` (no default hostname label) and optional taints. */
export function node(name: string, labels: Record<string, string> = {}, taints?: Taint[]): Node {
  const n = makeNode(name, { taints });
  n.metadata!.labels = { ...labels };
  return n;
}

/** A spread constraint (upstream's `SpreadConstraint(maxSkew, key, action, selector, …)`). */
export function spread(
  maxSkew: number,
  topologyKey: string,
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway',
  labelSelector: LabelSelector | undefined,
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable, labelSelector, ...extra };
}

let seq = 0;

/** A pod in namespace '' unless given. */
export function pod(
  o: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    node?: string;
    constraints?: TopologySpreadConstraint[];
    spec?: Partial<Pod['spec']>;
    terminating?: boolean;
  } = {},
): Pod {
  const p = makePod(o.name ?? `p${++seq}`, {
    namespace: o.namespace ?? '',
    labels: o.labels,
    nodeName: o.node,
    spec: { topologySpreadConstraints: o.constraints, ...(o.spec ?? {}) },
  });
  if (o.terminating) p.metadata = { ...p.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' };
  return p;
}

/** `n` pods labelled `labels` on `nodeName`. */
export function podsOn(nodeName: string, n: number, labels: Record<string, string> = { foo: '' }): Pod[] {
  return Array.from({ length: n }, () => pod({ node: nodeName, labels }));
}

export function nodeInfos(nodes: Node[], pods: Pod[]): NodeInfo[] {
  return nodes.map((n) => nodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
}

/** A plugin over a snapshot of `nodes` holding `pods`. */
export function setup(
  nodes: Node[],
  pods: Pod[],
  args: Record<string, unknown> = { defaultingType: 'List' },
  objects: Parameters<typeof fakeHandle>[1] = {},
): { pl: PodTopologySpread; infos: NodeInfo[] } {
  const infos = nodeInfos(nodes, pods);
  return { pl: factory(args, fakeHandle(infos, objects)) as PodTopologySpread, infos };
}

/** The ReplicaSet `rsOwner` names, selecting `labels` (in the namespace '' these tests use). */
export function ownerReplicaSet(labels: Record<string, string>) {
  return {
    replicaSets: [{ metadata: { name: rsOwner.name, namespace: '' }, spec: { selector: { matchLabels: labels } } }],
  };
}

/** PreFilter, then Filter on each node: node name → status code (Success 0), or PreFilter's status. */
export function runFilter(
  incoming: Pod,
  nodes: Node[],
  pods: Pod[],
  args?: Record<string, unknown>,
): Record<string, Code> | Status {
  const { pl, infos } = setup(nodes, pods, args);
  const state = new CycleState();
  const pre = pl.preFilter(state, incoming, infos);
  if (pre?.status) return pre.status;
  return Object.fromEntries(infos.map((ni) => [ni.name, pl.filter(state, incoming, ni)?.code ?? Code.Success]));
}

/**
 * PreScore over `nodes` (with `failedNodes` also in the snapshot), Score and NormalizeScore: the
 * scores, or PreScore's status when not Success.
 */
export function runScore(
  incoming: Pod,
  nodes: Node[],
  pods: Pod[],
  opts: { failedNodes?: Node[]; args?: Record<string, unknown>; objects?: Parameters<typeof fakeHandle>[1] } = {},
): NodeScore[] | Status {
  const { pl, infos } = setup([...nodes, ...(opts.failedNodes ?? [])], pods, opts.args, opts.objects);
  const filtered = infos.slice(0, nodes.length);
  const state = new CycleState();
  const status = pl.preScore(state, incoming, filtered);
  if (status) return status;
  const scores = filtered.map((ni) => {
    const s = pl.score(state, incoming, ni);
    if (typeof s !== 'number') throw new Error(`score failed: ${s.message()}`);
    return { name: ni.name, score: s };
  });
  const ns = pl.normalizeScore(state, incoming, scores);
  if (ns) throw new Error(`normalizeScore failed: ${ns.message()}`);
  return scores;
}

/** A node with `zone` and `node` (its name) labels. */
export const zoneNode = (name: string, zone: string, extra: Record<string, string> = {}) =>
  node(name, { zone, node: name, ...extra });

/** A pod spec fragment requiring node affinity `key operator values`. */
export const nodeAffinityIn = (key: string, values: string[], operator: 'In' | 'NotIn' = 'In') => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }],
      },
    },
  },
});

/** The ownerReference of a controlling ReplicaSet. */
export const rsOwner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', uid: 'rs1', controller: true };

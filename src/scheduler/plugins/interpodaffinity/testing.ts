/**
 * Builders for this plugin's tests, after upstream's `st.MakePod().PodAffinityIn(…)` helpers: pods
 * in a namespace ('' as upstream's tests use), nodes with exactly the given labels, affinity terms
 * in a few words, and runners that take a pod and nodes and return statuses or scores.
 */
import type { Namespace, Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import { CycleState, type NodeScore } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { fakeHandle, makeNode, makePod, nodeInfo } from '../../framework/testing.js';
import { Code, type Status } from '../../framework/status.js';
import { factory, type InterPodAffinity } from './index.js';

/** A node with exactly `labels` (no default hostname label, as upstream's test nodes). */
export function node(name: string, labels: Record<string, string> = {}): Node {
  const n = makeNode(name);
  n.metadata!.labels = { ...labels };
  return n;
}

export interface PodSpecOpts {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  node?: string;
  affinity?: PodAffinityTerm[];
  antiAffinity?: PodAffinityTerm[];
  preferredAffinity?: WeightedPodAffinityTerm[];
  preferredAntiAffinity?: WeightedPodAffinityTerm[];
}

let seq = 0;

/** A pod in namespace '' unless given, with the given (anti-)affinity terms. */
export function pod(o: PodSpecOpts = {}): Pod {
  const hasAffinity = o.affinity || o.preferredAffinity;
  const hasAnti = o.antiAffinity || o.preferredAntiAffinity;
  return makePod(o.name ?? `p${++seq}`, {
    namespace: o.namespace ?? '',
    labels: o.labels,
    nodeName: o.node,
    spec: {
      affinity:
        hasAffinity || hasAnti
          ? {
              podAffinity: hasAffinity
                ? {
                    requiredDuringSchedulingIgnoredDuringExecution: o.affinity,
                    preferredDuringSchedulingIgnoredDuringExecution: o.preferredAffinity,
                  }
                : undefined,
              podAntiAffinity: hasAnti
                ? {
                    requiredDuringSchedulingIgnoredDuringExecution: o.antiAffinity,
                    preferredDuringSchedulingIgnoredDuringExecution: o.preferredAntiAffinity,
                  }
                : undefined,
            }
          : undefined,
    },
  });
}

/** A label selector of match expressions. */
export function exprs(...e: [string, LabelSelectorRequirement['operator'], string[]?][]): LabelSelector {
  return { matchExpressions: e.map(([key, operator, values]) => ({ key, operator, values })) };
}

/** A term `key op values` over `topologyKey` (upstream's PodAffinityIn/NotIn/Exists). */
export function term(
  key: string,
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist',
  values: string[] | undefined,
  topologyKey: string,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm {
  return { labelSelector: exprs([key, op, values]), topologyKey, ...extra };
}

export const weighted = (weight: number, podAffinityTerm: PodAffinityTerm): WeightedPodAffinityTerm => ({
  weight,
  podAffinityTerm,
});

/** A namespace with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** The NodeInfos of `nodes` with the pods assigned to each. */
export function nodeInfos(nodes: Node[], pods: Pod[]): NodeInfo[] {
  return nodes.map((n) => nodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
}

/** A status as code and reasons, for deepEqual (undefined for Success). */
export function brief(s: Status | undefined): { code: number; reasons: readonly string[] } | undefined {
  return s ? { code: s.code, reasons: [...s.reasons] } : undefined;
}

/** A plugin over a snapshot of `nodes` holding `pods`. */
export function setup(
  nodes: Node[],
  pods: Pod[],
  opts: { args?: Record<string, unknown>; namespaces?: Namespace[] } = {},
): { pl: InterPodAffinity; infos: NodeInfo[] } {
  const infos = nodeInfos(nodes, pods);
  const handle = fakeHandle(infos, { namespaces: opts.namespaces ?? [] });
  return { pl: factory(opts.args, handle) as InterPodAffinity, infos };
}

/** PreFilter then Filter on every node: the PreFilter status when not Success, else Filter's. */
export function runFilter(
  incoming: Pod,
  nodes: Node[],
  pods: Pod[],
  namespaces?: Namespace[],
): { preFilter?: ReturnType<typeof brief>; filter?: ReturnType<typeof brief>[] } {
  const { pl, infos } = setup(nodes, pods, { namespaces });
  const state = new CycleState();
  const pre = pl.preFilter(state, incoming, infos);
  if (pre?.status) return { preFilter: brief(pre.status) };
  return { filter: infos.map((ni) => brief(pl.filter(state, incoming, ni))) };
}

/** PreScore, Score on every node and NormalizeScore: the PreScore status when not Success, else the scores. */
export function runScore(
  incoming: Pod,
  nodes: Node[],
  pods: Pod[],
  opts: { args?: Record<string, unknown>; namespaces?: Namespace[] } = {},
): { status?: Status; scores?: NodeScore[] } {
  const { pl, infos } = setup(nodes, pods, opts);
  const state = new CycleState();
  const status = pl.preScore(state, incoming, infos);
  if (status) return { status };
  const scores = infos.map((ni) => {
    const s = pl.score(state, incoming, ni);
    if (typeof s !== 'number') throw new Error(`score failed: ${s.message()}`);
    return { name: ni.name, score: s };
  });
  const ns = pl.normalizeScore(state, incoming, scores);
  if (ns) throw new Error(`normalizeScore failed: ${ns.message()}`);
  return { scores };
}

/** The statuses Filter and PreFilter answer, as `brief` prints them. */
export const unresolvable = (r: string) => ({ code: Code.UnschedulableAndUnresolvable, reasons: [r] });
export const unschedulable = (r: string) => ({ code: Code.Unschedulable, reasons: [r] });
export const SKIP = { code: Code.Skip, reasons: [] };

/**
 * Builders for the resource plugins' tests, in the shape of upstream's `st.MakeNode().Capacity`
 * and `st.MakePod().Req` fixtures, and a runner that scores every node as the framework would.
 */
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState, type PreScorePlugin, type ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { isSuccess, type Code } from '../../framework/status.js';
import { makeNode, makePod, nodeInfo } from '../../framework/testing.js';

/** A node whose capacity and allocatable are `resources` plus 32 pods (`st.MakeNode().Capacity`). */
export function capacityNode(name: string, resources: Record<string, string> = {}): Node {
  return makeNode(name, { allocatable: { pods: '32', ...resources } });
}

/**
 * A pod with one container per requests map (`st.MakePod().Req(a).Req(b)`); no maps means no
 * containers at all, as `st.MakePod().Obj()` builds.
 */
export function reqPod(name: string, requests: Record<string, string>[] = [], extra: Partial<Pod['spec']> = {}): Pod {
  const containers: Container[] = requests.map((r, i) => ({
    name: `c${i}`,
    image: 'pause',
    resources: { requests: r },
  }));
  return makePod(name, { containers, spec: extra });
}

/** A pod with one container that sets no requests (`st.MakePod().Container("c")`). */
export function noRequestPod(name: string, nodeName?: string): Pod {
  return makePod(name, { nodeName });
}

/** NodeInfos for `nodes`, each holding the `pods` whose `spec.nodeName` names it. */
export function nodeInfos(nodes: Node[], pods: Pod[] = []): NodeInfo[] {
  return nodes.map((n) => nodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
}

export interface ScoreResult {
  name: string;
  score: number;
  /** Set when Score returned a non-success status. */
  code?: Code;
}

/** Runs PreScore (unless `runPreScore` is false) and then Score on every node, in order. */
export function scoreNodes(
  plugin: PreScorePlugin & ScorePlugin,
  pod: Pod,
  infos: NodeInfo[],
  runPreScore = true,
): ScoreResult[] {
  const state = new CycleState();
  if (runPreScore) {
    const s = plugin.preScore(state, pod, infos);
    if (!isSuccess(s)) throw new Error(`PreScore failed: ${s?.message()}`);
  }
  return infos.map((ni) => {
    const r = plugin.score(state, pod, ni);
    return typeof r === 'number' ? { name: ni.name, score: r } : { name: ni.name, score: 0, code: r.code };
  });
}

/**
 * InterPodAffinity's PreScore, Score and NormalizeScore, after upstream's
 * `interpodaffinity/scoring.go`. PreScore sums, per topology pair, the weights of preferred terms
 * (the incoming pod's and, symmetrically, existing pods') and `hardPodAffinityWeight` for existing
 * pods' required affinity terms the incoming pod matches; Score adds up the node's pairs.
 */
import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import {
  type CycleState,
  MAX_NODE_SCORE,
  type NodeInfoLister,
  type NodeScore,
  type ObjectLister,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { type AffinityTerm, PodInfo, termMatches, type WeightedAffinityTerm } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { type Labels, labelValue, nodeLabels } from './counts.js';
import { mergeTermNamespaces, namespaceLabels, podNamespace, podParseError } from './terms.js';

/** The CycleState key of the PreScore state (upstream's `preScoreStateKey`). */
export const PRE_SCORE_STATE_KEY = 'PreScoreInterPodAffinity';

/** topologyKey → value → summed weight. */
export type ScoreMap = Map<string, Map<string, number>>;

/** What PreScore computed. Score only reads it, so clone() shares it as upstream does. */
export class PreScoreState {
  constructor(readonly topologyScore: ScoreMap) {}
  clone(): PreScoreState {
    return this;
  }
}

/** The args the scoring half reads. */
export interface ScoringArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

function addTerm(
  m: ScoreMap,
  term: AffinityTerm,
  weight: number,
  pod: Pod,
  nsLabels: Labels | undefined,
  labels: Labels,
  multiplier: number,
): void {
  if (!termMatches(term, pod, nsLabels)) return;
  const value = labelValue(labels, term.topologyKey);
  if (value === undefined) return;
  let values = m.get(term.topologyKey);
  if (!values) m.set(term.topologyKey, (values = new Map()));
  // Creating the entry even when the sum is zero matters: an empty map means Skip.
  values.set(value, (values.get(value) ?? 0) + weight * multiplier);
}

function addTerms(
  m: ScoreMap,
  terms: readonly WeightedAffinityTerm[],
  pod: Pod,
  nsLabels: Labels | undefined,
  labels: Labels,
  multiplier: number,
): void {
  for (const t of terms) addTerm(m, t, t.weight, pod, nsLabels, labels, multiplier);
}

interface Incoming {
  pod: Pod;
  preferredAffinity: readonly WeightedAffinityTerm[];
  preferredAntiAffinity: readonly WeightedAffinityTerm[];
  nsLabels: Labels | undefined;
}

function processExistingPod(m: ScoreMap, args: ScoringArgs, inc: Incoming, existing: PodInfo, labels: Labels): void {
  // The incoming pod's terms carry their namespaces already: no namespace labels needed.
  addTerms(m, inc.preferredAffinity, existing.pod, undefined, labels, 1);
  addTerms(m, inc.preferredAntiAffinity, existing.pod, undefined, labels, -1);
  if (args.hardPodAffinityWeight > 0) {
    for (const t of existing.requiredAffinityTerms) {
      addTerm(m, t, args.hardPodAffinityWeight, inc.pod, inc.nsLabels, labels, 1);
    }
  }
  addTerms(m, existing.preferredAffinityTerms, inc.pod, inc.nsLabels, labels, 1);
  addTerms(m, existing.preferredAntiAffinityTerms, inc.pod, inc.nsLabels, labels, -1);
}

/**
 * PreScore's work: the state, or Skip when nothing can score (no preferred terms of the pod and,
 * with `ignorePreferredTermsOfExistingPods`, none considered of existing pods; or no pair at all),
 * or Error when the pod's terms do not parse.
 */
export function computePreScoreState(
  pod: Pod,
  args: ScoringArgs,
  snapshot: NodeInfoLister,
  namespaces: ObjectLister<Namespace>,
): PreScoreState | Status {
  const aff = pod.spec?.affinity;
  const hasPreferredAffinity = (aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  const hasPreferredAnti = (aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  const hasConstraints = hasPreferredAffinity || hasPreferredAnti;
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return Status.skip();

  // Without preferred terms of its own, only pods with affinity terms can score the pod.
  const nodes: readonly NodeInfo[] = hasConstraints ? snapshot.list() : snapshot.havePodsWithAffinityList();

  const pi = new PodInfo(pod);
  const parseErr = podParseError(pi);
  if (parseErr) return Status.error(`failed to parse pod: ${parseErr}`);
  const inc: Incoming = {
    pod,
    preferredAffinity: pi.preferredAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces)),
    preferredAntiAffinity: pi.preferredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, namespaces)),
    nsLabels: namespaceLabels(podNamespace(pod), namespaces),
  };

  const m: ScoreMap = new Map();
  for (const ni of nodes) {
    const labels = nodeLabels(ni.node);
    // A node without labels is in no topology: nothing it hosts can score.
    if (Object.keys(labels).length === 0) continue;
    for (const existing of hasConstraints ? ni.pods : ni.podsWithAffinity)
      processExistingPod(m, args, inc, existing, labels);
  }
  if (m.size === 0) return Status.skip();
  return new PreScoreState(m);
}

/** The state PreScore wrote, or the Error status upstream returns when it is missing. */
export function readPreScoreState(state: CycleState): PreScoreState | Status {
  const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
  if (!(s instanceof PreScoreState)) {
    return Status.error(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
  }
  return s;
}

/** The sum of the node's pairs: positive for affinity, negative for anti-affinity. */
export function scoreNode(s: PreScoreState, nodeInfo: NodeInfo): number {
  const labels = nodeLabels(nodeInfo.node);
  let score = 0;
  for (const [key, values] of s.topologyScore) {
    const value = labelValue(labels, key);
    if (value !== undefined) score += values.get(value) ?? 0;
  }
  return score;
}

/** Min-max scaling to [0, 100], truncated as upstream's int64 conversion. */
export function normalizeScores(s: PreScoreState, scores: NodeScore[]): void {
  if (s.topologyScore.size === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const { score } of scores) {
    if (score > max) max = score;
    if (score < min) min = score;
  }
  const diff = max - min;
  // Same operation order as upstream's float64 arithmetic, so truncation lands on the same integer.
  for (const ns of scores) ns.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((ns.score - min) / diff)) : 0;
}

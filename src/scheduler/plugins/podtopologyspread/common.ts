/**
 * Spread constraints as PodTopologySpread evaluates them, after upstream's
 * `podtopologyspread/common.go`: the pod's (or default) constraints with their selectors parsed and
 * `matchLabelKeys` merged in, the node inclusion policies, and counting matching pods.
 */
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import {
  everything,
  matchesNothing,
  type Requirement,
  type Selector,
  selectorFromRequirements,
} from '../../../machinery/label-requirement.js';
import { selectorFromLabelSelector } from '../../../machinery/label-selector.js';
import type { Handle } from '../../framework/interface.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { selectorFromSet } from '../../../machinery/labels.js';
import { podMatchesNodeSelectorAndAffinityTerms } from '../../../api/scheduling/node-selector.js';
import { findMatchingUntoleratedTaint } from '../../../api/scheduling/taints.js';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export type Labels = Readonly<Record<string, string>>;
const NO_LABELS: Labels = Object.freeze({});

/** The labels of a node or pod, never undefined. */
export function labelsOf(obj: { metadata?: { labels?: Record<string, string> } } | undefined): Labels {
  return obj?.metadata?.labels ?? NO_LABELS;
}

/** The value of `key`, or undefined when the label is absent. */
export function labelValue(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** A constraint ready to evaluate (upstream's `topologySpreadConstraint`). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  /** 1 when unset. */
  readonly minDomains: number;
  /** 'Honor' (default): only nodes matching the pod's node affinity and selector count. */
  readonly nodeAffinityPolicy: string;
  /** 'Ignore' (default); 'Honor': tainted nodes the pod does not tolerate do not count. */
  readonly nodeTaintsPolicy: string;
}

/**
 * The constraints with `whenUnsatisfiable === action`, selectors parsed and `matchLabelKeys`
 * values of the pod ANDed in (upstream's `filterTopologySpreadConstraints`). Throws the label
 * selector's error when a selector does not parse.
 */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorFromLabelSelector(c.labelSelector);
    // A null selector (Nothing) stays Nothing, as upstream's merge keeps it when it has no requirements.
    if (c.matchLabelKeys?.length && !matchesNothing(selector)) {
      const reqs: Requirement[] = [];
      for (const key of c.matchLabelKeys) {
        const value = labelValue(podLabels, key);
        if (value !== undefined) reqs.push({ key, operator: '=', values: [value] });
      }
      if (reqs.length) selector = selectorFromRequirements([...reqs, ...selector.requirements()]);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

const doNotScheduleTaint = (t: { effect?: string }) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/**
 * Whether the node counts for the constraint under its inclusion policies. `affinityMatch` is
 * the node's match of the pod's node selector and required affinity, computed at most once.
 */
export function matchNodeInclusionPolicies(
  c: SpreadConstraint,
  pod: Pod,
  node: Node,
  affinityMatch: () => boolean,
): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !affinityMatch()) return false;
  if (c.nodeTaintsPolicy === 'Honor') {
    if (findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaint)) return false;
  }
  return true;
}

/** A lazily computed, remembered match of the pod's node selector and required node affinity. */
export function affinityMatcher(pod: Pod, node: Node): () => boolean {
  let m: boolean | undefined;
  return () => (m ??= podMatchesNodeSelectorAndAffinityTerms(pod, node));
}

/** Whether the node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(labels: Labels, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/**
 * The pods in namespace `ns` matching `selector`, terminating pods excluded. An empty selector
 * counts nothing, as upstream's.
 */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: Selector, ns: string): number {
  if (selector.empty()) return 0;
  let n = 0;
  for (const { pod } of pods) {
    if (pod.metadata?.deletionTimestamp || (pod.metadata?.namespace ?? '') !== ns) continue;
    if (selector.matches(labelsOf(pod))) n++;
  }
  return n;
}

/** The last key made: pods of one owner make the same one, and the same string compares at once. */
let lastKey = '';

/** A counter of the pods matching `selector` in `ns` on a node, remembered by the node until its pods change. */
export function podsMatchingCounter(selector: Selector, ns: string): (ni: NodeInfo) => number {
  const made = `spread\u0000${ns}\u0000${selector.toString()}`;
  const key = made === lastKey ? lastKey : (lastKey = made);
  const count = (pods: readonly PodInfo[]) => countPodsMatchSelector(pods, selector, ns);
  return (ni) => ni.podCount(key, count);
}

/** Whether any constraint's selector matches the labels. */
export function podLabelsMatchSpreadConstraints(constraints: readonly SpreadConstraint[], labels: Labels): boolean {
  return constraints.some((c) => c.selector.matches(labels));
}

/** The constraints for pods that declare none, and how to find the pods each such pod spreads among. */
export interface SpreadDefaults {
  constraints: readonly TopologySpreadConstraint[];
  selectorFor(pod: Pod): Selector;
}

/** The listers upstream's `DefaultSelector` reads. */
export type DefaultSelectorListers = Pick<
  Handle['listers'],
  'services' | 'replicationControllers' | 'replicaSets' | 'statefulSets'
>;

/**
 * Upstream's `helper.DefaultSelector`: the selectors of the Services selecting the pod merged,
 * then the selector of its controlling ReplicationController, ReplicaSet or StatefulSet added.
 * Empty (no default constraints) for a pod nothing selects.
 */
export function defaultSelector(pod: Pod, listers: DefaultSelectorListers): Selector {
  const ns = pod.metadata?.namespace ?? '';
  const labels = labelsOf(pod);
  const merged: Record<string, string> = {};
  for (const svc of listers.services.listInNamespace(ns)) {
    const sel = svc.spec?.selector;
    // A Service without a selector selects nothing (upstream's GetPodServices skips it).
    if (!sel || Object.keys(sel).length === 0) continue;
    if (selectorFromSet(sel).matches(labels)) Object.assign(merged, sel);
  }
  let selector = selectorFromSet(merged);
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (!owner) return Object.keys(merged).length ? selector : everything();
  const kind = `${owner.apiVersion}/${owner.kind}`;
  if (kind === 'v1/ReplicationController') {
    const rc = listers.replicationControllers.get(ns, owner.name);
    if (rc) selector = selectorFromSet({ ...merged, ...(rc.spec?.selector ?? {}) });
  } else if (kind === 'apps/v1/ReplicaSet' || kind === 'apps/v1/StatefulSet') {
    const set =
      kind === 'apps/v1/ReplicaSet'
        ? listers.replicaSets.get(ns, owner.name)
        : listers.statefulSets.get(ns, owner.name);
    if (set) {
      try {
        selector = selector.add(...selectorFromLabelSelector(set.spec?.selector).requirements());
      } catch {
        // An invalid selector adds nothing, as upstream's error is ignored.
      }
    }
  }
  return Object.keys(merged).length || !selector.empty() ? selector : everything();
}

/**
 * The default constraints with `whenUnsatisfiable === action`, all spreading by the pod's default
 * selector; none when that selector is empty (upstream's `buildDefaultConstraints`).
 */
export function buildDefaultConstraints(
  defaults: SpreadDefaults,
  pod: Pod,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  const constraints = filterConstraints(defaults.constraints, labelsOf(pod), action);
  if (constraints.length === 0) return constraints;
  const selector = defaults.selectorFor(pod);
  if (selector.empty()) return [];
  return constraints.map((c) => ({ ...c, selector }));
}

/**
 * The constraints PodTopologySpread applies to `pod` for `action`: its own, or when it declares
 * none, the defaults (upstream's `getConstraints` and the start of `initPreScoreState`). Throws
 * upstream's wrapped message when a selector does not parse.
 */
export function constraintsFor(
  pod: Pod,
  defaults: SpreadDefaults,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  const kind = action === 'DoNotSchedule' ? 'hard' : 'soft';
  const own = pod.spec?.topologySpreadConstraints;
  if (own?.length) {
    try {
      return filterConstraints(own, labelsOf(pod), action);
    } catch (err) {
      throw new Error(`obtaining pod's ${kind} topology spread constraints: ${(err as Error).message}`);
    }
  }
  try {
    return buildDefaultConstraints(defaults, pod, action);
  } catch (err) {
    throw new Error(`setting default ${kind} topology spread constraints: ${(err as Error).message}`);
  }
}

/**
 * NodeAffinity, after upstream's `nodeaffinity` plugin. Filter: the node must satisfy the pod's
 * `nodeSelector` and required node affinity, and the profile's `addedAffinity` (NodeAffinityArgs)
 * enforced on every pod. PreFilter narrows the nodes when the required terms name nodes by
 * `metadata.name`. Score: the summed weights of the preferred terms (the pod's and the added
 * ones) a node matches, normalised so the best node gets 100.
 */
import type { Node, NodeAffinity as NodeAffinitySpec, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1.js';
import { aggregate, type FieldError } from '../../../machinery/field-errors.js';
import {
  ActionType,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type PluginFactory,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type QueueingHint,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { defaultNormalizeScore } from '../helper/normalize.js';
import { PreferredSchedulingTerms, RequiredNodeAffinity, strictTerms, termsMatch } from './selector.js';

export const NAME = 'NodeAffinity';

/** The reason when the pod's own nodeSelector or required affinity does not match. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** The reason when the scheduler-enforced `addedAffinity` does not match. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** The PreFilter reason when every required term names a disjoint set of nodes. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_FILTER_STATE_KEY = `PreFilter${NAME}`;
const PRE_SCORE_STATE_KEY = `PreScore${NAME}`;

/** The plugin's args (upstream's `NodeAffinityArgs`). */
export interface NodeAffinityArgs {
  /** Affinity applied to every pod on top of its own; only node affinity is supported. */
  addedAffinity?: NodeAffinitySpec;
}

/** The pod's preferred terms, undefined when it has none, or the parse error as a Status. */
function podPreferredTerms(pod: Pod): PreferredSchedulingTerms | undefined | Status {
  const terms = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (terms === undefined) return undefined;
  const parsed = PreferredSchedulingTerms.parse(terms);
  return parsed.value ?? Status.error(aggregate(parsed.errors));
}

/**
 * The node names that the required terms allow, when every term pins names with
 * `metadata.name In`; undefined when some term allows any node. Within a term the name sets
 * intersect (requirements are ANDed); across terms they unite (terms are ORed).
 */
export function requiredNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}

/** The parsed `addedAffinity` and every parse error, as upstream's `ValidateNodeAffinityArgs` reports them. */
function parseAddedAffinity(args: NodeAffinityArgs): {
  nodeSelector?: NodeSelectorTerm[];
  preferred?: PreferredSchedulingTerms;
  errors: FieldError[];
} {
  const out: ReturnType<typeof parseAddedAffinity> = { errors: [] };
  const required = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const parsed = strictTerms(required, 'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution');
    out.errors.push(...parsed.errors);
    out.nodeSelector = parsed.terms;
  }
  const preferred = args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (preferred?.length) {
    const path = 'addedAffinity.preferredDuringSchedulingIgnoredDuringExecution';
    const parsed = PreferredSchedulingTerms.parse(preferred, path);
    if (parsed.errors) out.errors.push(...parsed.errors);
    out.preferred = parsed.value;
  }
  return out;
}

/** Validates NodeAffinityArgs in upstream's words (`addedAffinity` must parse); empty when valid. */
export function validateArgs(args: NodeAffinityArgs | Record<string, unknown>): { field: string; message: string }[] {
  return parseAddedAffinity(args as NodeAffinityArgs).errors.map((e) => ({ field: e.field, message: e.body() }));
}

/** Filters and scores nodes by the pod's node affinity and the profile's added affinity. */
export class NodeAffinity
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions
{
  readonly name = NAME;
  private readonly addedNodeSelector: NodeSelectorTerm[] | undefined;
  private readonly addedPrefSchedTerms: PreferredSchedulingTerms | undefined;

  /** Throws when `addedAffinity` does not parse, as upstream's New fails the profile. */
  constructor(args: NodeAffinityArgs = {}) {
    const added = parseAddedAffinity(args);
    if (added.errors.length) throw new Error(aggregate(added.errors));
    this.addedNodeSelector = added.nodeSelector;
    this.addedPrefSchedTerms = added.preferred;
  }

  private matchesAdded(node: Node): boolean {
    return this.addedNodeSelector === undefined || termsMatch(this.addedNodeSelector, node);
  }

  /**
   * Skip when nothing constrains the pod. Otherwise keeps the parsed requirements for Filter and,
   * when every required term pins node names, returns those names (or a conflict when none remain).
   */
  preFilter(state: CycleState, pod: Pod): { result?: PreFilterResult; status?: Status } | undefined {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !this.addedNodeSelector && pod.spec?.nodeSelector == null) return { status: Status.skip() };
    state.write(PRE_FILTER_STATE_KEY, new RequiredNodeAffinity(pod));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return undefined;
    const names = requiredNodeNames(terms);
    if (names === undefined) return undefined;
    if (names.size === 0) return { status: Status.unresolvable(ERR_REASON_CONFLICT) };
    return { result: { nodeNames: names } };
  }

  /** None: the state does not depend on other pods. */
  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  /** UnschedulableAndUnresolvable with the enforced or the pod's reason, enforced checked first. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    if (!this.matchesAdded(node)) return Status.unresolvable(ERR_REASON_ENFORCED);
    // Without PreFilter (disabled in a profile) parse here instead.
    const required = state.read<RequiredNodeAffinity>(PRE_FILTER_STATE_KEY) ?? new RequiredNodeAffinity(pod);
    return required.matches(node) ? undefined : Status.unresolvable(ERR_REASON_POD);
  }

  /** Parses the pod's preferred terms for Score; Skip when neither they nor added ones exist. */
  preScore(state: CycleState, pod: Pod): Status | undefined {
    const preferred = podPreferredTerms(pod);
    if (preferred instanceof Status) return preferred;
    if (preferred === undefined && this.addedPrefSchedTerms === undefined) return Status.skip();
    state.write(PRE_SCORE_STATE_KEY, { preferred });
    return undefined;
  }

  /** The summed weights of the matching added and pod preferred terms. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const node = nodeInfo.node;
    if (!node) return Status.error('node not found');
    let count = this.addedPrefSchedTerms?.score(node) ?? 0;
    // Without PreScore (disabled in a profile) parse here instead.
    const saved = state.read<{ preferred?: PreferredSchedulingTerms }>(PRE_SCORE_STATE_KEY);
    const preferred = saved ? saved.preferred : podPreferredTerms(pod);
    if (preferred instanceof Status) return preferred;
    if (preferred) count += preferred.score(node);
    return count;
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  /** Scales so the best node gets 100 (not reversed). */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status | undefined {
    defaultNormalizeScore(scores, false);
    return undefined;
  }

  /** Upstream's events with queueing hints on: a node added or relabelled. */
  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        hint: (pod, oldObj, newObj) => this.isSchedulableAfterNodeChange(pod, oldObj, newObj),
      },
    ];
  }

  /** Queue when the node now matches (the added and the pod's affinity) and did not before, or is new. */
  isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint {
    if (typeof newObj !== 'object' || newObj === null) return 'Queue';
    if (oldObj !== undefined && (typeof oldObj !== 'object' || oldObj === null)) return 'Queue';
    const modified = newObj as Node;
    if (!this.matchesAdded(modified)) return 'QueueSkip';
    const required = new RequiredNodeAffinity(pod);
    if (!required.matches(modified)) return 'QueueSkip';
    if (oldObj === undefined) return 'Queue';
    return required.matches(oldObj as Node) ? 'QueueSkip' : 'Queue';
  }
}

/** Builds NodeAffinity from NodeAffinityArgs; throws on an unparsable `addedAffinity`. */
export const factory: PluginFactory = (args: Record<string, unknown> | undefined, _handle: Handle) =>
  new NodeAffinity(args as NodeAffinityArgs | undefined);

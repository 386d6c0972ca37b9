/**
 * DefaultPreemption, the PostFilter plugin that makes room for a pod that fits nowhere by
 * evicting lower-priority pods, after upstream's `defaultpreemption` plugin and
 * `preemption.Evaluator` (kube-scheduler 1.32, synchronous preemption).
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { isNotFound } from '../../../machinery/errors.js';
import type {
  CycleState,
  Handle,
  NodeToStatus,
  PostFilterPlugin,
  PostFilterResult,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Code, Status } from '../../framework/status.js';
import { calculateNumCandidates, type DefaultPreemptionArgs } from './args.js';
import { fitErrorMessage } from './fit-error.js';
import { pickOneNodeForPreemption, type Candidate } from './pick-node.js';
import { podPriority, selectVictimsOnNode } from './victims.js';

export const NAME = 'DefaultPreemption';
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Upstream's reason for nodes the dry run did not try. */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const NOT_ELIGIBLE_TERMINATING = 'not eligible due to a terminating pod on the nominated node.';

/** Options beyond the args, for tests: the random offset and the clock. */
export interface DefaultPreemptionOptions {
  schedulerName?: string;
  /** An integer in [0, n); Math.random by default (upstream's `rand.Int31n`). */
  randomInt?: (n: number) => number;
  /** Milliseconds since the epoch, the start time of pods that have not started. */
  now?: () => number;
}

type Answer = { result?: PostFilterResult; status?: Status };

/** Whether `p` is being deleted because the scheduler preempted it (upstream's `podTerminatingByPreemption`). */
export function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  return !!c && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/** Go's aggregate error text: the message alone, or `[a, b]` for several. */
const aggregateMessages = (msgs: string[]) => (msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`);

// metav1.Time serialises to whole seconds.
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The DefaultPreemption PostFilter plugin. */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = NAME;
  readonly schedulerName: string;
  private readonly randomInt: (n: number) => number;
  private readonly now: () => number;

  constructor(
    private readonly handle: Handle,
    readonly args: DefaultPreemptionArgs,
    opts: DefaultPreemptionOptions = {},
  ) {
    this.schedulerName = opts.schedulerName || DEFAULT_SCHEDULER_NAME;
    this.randomInt = opts.randomInt ?? ((n) => Math.floor(Math.random() * n));
    this.now = opts.now ?? Date.now;
  }

  /**
   * Preempts for `pod`. Success carries the nominated node. Unschedulable means preemption cannot
   * help now: not eligible (no result: the nomination stays), or no node found (result
   * `nominatedNodeName: ''`, which clears it). Error is an API or plugin failure. Every non-empty
   * message starts with `preemption: `.
   */
  async postFilter(state: CycleState, pod: Pod, nodeToStatus: NodeToStatus): Promise<Answer> {
    const { result, status } = await this.preempt(state, pod, nodeToStatus);
    const msg = status?.message();
    if (status && msg) return { result, status: new Status(status.code, [`preemption: ${msg}`]) };
    return { result, status };
  }

  private async preempt(state: CycleState, podIn: Pod, nodeToStatus: NodeToStatus): Promise<Answer> {
    // Decide on the latest version of the pod, as upstream re-reads it from the informer.
    const meta = podIn.metadata ?? {};
    const pod = this.handle.listers.pods.get(meta.namespace, meta.name ?? '') ?? podIn;

    const notEligible = this.podEligibleToPreemptOthers(pod, nodeToStatus);
    if (notEligible) return { status: Status.unschedulable(notEligible) };

    const allNodes = this.handle.snapshot().list();
    if (allNodes.length === 0) return { status: Status.error('no nodes available') };
    const { candidates, nodeStatuses, errors } = this.findCandidates(state, pod, allNodes, nodeToStatus);
    if (errors.length && candidates.length === 0) return { status: Status.error(aggregateMessages(errors)) };
    if (candidates.length === 0) {
      const absent = Status.unresolvable(PREEMPTION_NOT_HELPFUL);
      const msg = fitErrorMessage(allNodes.length, nodeStatuses, undefined, undefined, absent);
      return { result: { nominatedNodeName: '' }, status: Status.unschedulable(msg) };
    }

    const best =
      candidates.length === 1
        ? candidates[0]
        : candidates.find((c) => c.name === pickOneNodeForPreemption(candidates, this.now()));
    if (!best?.name) return { status: Status.unschedulable('no candidate node for preemption') };

    const failed = await this.prepareCandidate(best, pod);
    if (failed) return { status: failed };
    return { result: { nominatedNodeName: best.name } };
  }

  /**
   * Why `pod` may not preempt, or undefined when it may (upstream's `PodEligibleToPreemptOthers`):
   * its preemptionPolicy is Never, or it already preempted on its nominated node and a victim
   * there is still terminating — unless that node has since become unresolvable.
   */
  podEligibleToPreemptOthers(pod: Pod, nodeToStatus: NodeToStatus): string | undefined {
    if (pod.spec?.preemptionPolicy === 'Never') return NOT_ELIGIBLE_NEVER;
    const nominated = pod.status?.nominatedNodeName;
    if (!nominated) return undefined;
    // A node missing from the map was narrowed out by PreFilter: as unresolvable as it gets.
    const st = nodeToStatus.get(nominated);
    if (!st || st.code === Code.UnschedulableAndUnresolvable) return undefined;
    const nodeInfo = this.handle.snapshot().get(nominated);
    const prio = podPriority(pod);
    for (const pi of nodeInfo?.pods ?? [])
      if (podPriority(pi.pod) < prio && podTerminatingByPreemption(pi.pod)) return NOT_ELIGIBLE_TERMINATING;
    return undefined;
  }

  /** Upstream's `GetOffsetAndNumCandidates`. */
  getOffsetAndNumCandidates(numNodes: number): { offset: number; numCandidates: number } {
    return { offset: this.randomInt(numNodes), numCandidates: calculateNumCandidates(this.args, numNodes) };
  }

  private findCandidates(state: CycleState, pod: Pod, allNodes: readonly NodeInfo[], nodeToStatus: NodeToStatus) {
    // Only nodes that failed with plain Unschedulable can be helped by evicting pods.
    const potential = allNodes.filter((n) => nodeToStatus.get(n.name)?.code === Code.Unschedulable);
    if (potential.length === 0) return { candidates: [], nodeStatuses: new Map<string, Status>(), errors: [] };
    const pdbs = this.handle.listers.podDisruptionBudgets.list();
    const { offset, numCandidates } = this.getOffsetAndNumCandidates(potential.length);
    return this.dryRunPreemption(state, pod, potential, pdbs, offset, numCandidates);
  }

  /**
   * Selects victims on `potentialNodes` in turn from `offset`, on copies of the node and the cycle
   * state, until `numCandidates` candidates are found of which at least one violates no PDB (or
   * the nodes run out). Returns the PDB-respecting candidates first, each group capped at
   * `numCandidates`, with the status of every node that yielded none and the Error messages.
   */
  dryRunPreemption(
    state: CycleState,
    pod: Pod,
    potentialNodes: readonly NodeInfo[],
    pdbs: readonly PodDisruptionBudget[],
    offset: number,
    numCandidates: number,
  ): { candidates: Candidate[]; nodeStatuses: Map<string, Status>; errors: string[] } {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const nodeStatuses = new Map<string, Status>();
    const errors: string[] = [];
    const now = this.now();
    for (let i = 0; i < potentialNodes.length; i++) {
      const nodeInfo = potentialNodes[(offset + i) % potentialNodes.length].snapshot();
      const name = nodeInfo.name;
      const r = selectVictimsOnNode(this.handle, state.clone(), pod, nodeInfo, pdbs, now);
      if (r.victims && r.victims.pods.length) {
        const list = r.victims.numPDBViolations === 0 ? nonViolating : violating;
        if (list.length < numCandidates) list.push({ name, victims: r.victims });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      const status = r.status ?? Status.error(`expected at least one victim pod on node "${name}"`);
      if (status.code === Code.Error) errors.push(status.message());
      nodeStatuses.set(name, status);
    }
    return { candidates: [...nonViolating, ...violating], nodeStatuses, errors };
  }

  /**
   * Evicts the candidate's victims — each gets a DisruptionTarget condition, is deleted, and gets
   * a `Preempted` event — then clears the nomination of lower-priority pods nominated to the
   * node, which may no longer fit there. Returns an Error status when an eviction failed.
   */
  private async prepareCandidate(c: Candidate, pod: Pod): Promise<Status | undefined> {
    const results = await Promise.allSettled(
      c.victims.pods
        // Graceful deletion has already started; another call would change nothing.
        .filter((v) => !v.metadata?.deletionTimestamp)
        .map((v) => this.preemptPod(c.name, pod, v)),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) return Status.error(failed.reason instanceof Error ? failed.reason.message : String(failed.reason));

    const prio = podPriority(pod);
    for (const pi of this.handle.nominatedPodsForNode(c.name)) {
      const p = pi.pod;
      if (podPriority(p) >= prio || !p.status?.nominatedNodeName) continue;
      // Not critical: the pod is re-nominated or scheduled on a later attempt anyway.
      await this.handle.client.patchPodStatus(p, { nominatedNodeName: null }).catch(() => undefined);
    }
    return undefined;
  }

  private async preemptPod(nodeName: string, preemptor: Pod, victim: Pod): Promise<void> {
    const condition: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: `${preemptor.spec?.schedulerName || this.schedulerName}: preempting to accommodate a higher priority pod`,
    };
    const existing = victim.status?.conditions?.find((x) => x.type === condition.type);
    const unchanged =
      existing?.status === condition.status &&
      existing.reason === condition.reason &&
      existing.message === condition.message;
    if (!unchanged) {
      const lastTransitionTime =
        existing?.status === condition.status && existing.lastTransitionTime
          ? existing.lastTransitionTime
          : rfc3339(this.now());
      await this.handle.client.patchPodStatus(victim, { condition: { ...condition, lastTransitionTime } });
    }
    try {
      await this.handle.client.deletePod(victim);
    } catch (err) {
      // Already gone: the room is made, and there is nothing to report.
      if (isNotFound(err)) return;
      throw err;
    }
    this.handle.recordEvent(
      victim,
      'Normal',
      'Preempted',
      'Preempting',
      `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${nodeName}`,
    );
  }
}

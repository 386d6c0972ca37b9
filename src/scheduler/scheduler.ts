/**
 * The scheduler, after upstream's `Scheduler` and `scheduleOne`: pops a pod, finds it a node in
 * the cycle's snapshot, assumes it there, and binds it in the background while the next pod is
 * scheduled. A pod that fits nowhere gets PostFilter (preemption), a FailedScheduling event, a
 * PodScheduled=False condition, and waits in the queue for an event that may help.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../client/workqueue/clock.js';
import { SchedulerCache } from './cache/cache.js';
import { Snapshot } from './cache/snapshot.js';
import {
  CycleState,
  type ClusterEvent,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type Handle,
  type PluginFactory,
  type QueuedPodInfo,
} from './framework/interface.js';
import { PodInfo } from './framework/pod-info.js';
import { Framework, type ProfileSpec } from './framework/runtime.js';
import { isSuccess } from './framework/status.js';
import type { SchedulerMetrics } from './metrics.js';
import { fitErrorMessage } from './plugins/defaultpreemption/fit-error.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { FitError, NodeSearch, ERR_NO_NODES_AVAILABLE } from './schedule-one.js';

export interface SchedulerOptions {
  profiles: ProfileSpec[];
  registry: ReadonlyMap<string, PluginFactory>;
  /** Everything of the Handle except what the runtime itself provides. */
  handle: Pick<Handle, 'listers' | 'client' | 'recordEvent'>;
  clock: Clock;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  percentageOfNodesToScore?: number;
  metrics?: SchedulerMetrics;
  random?: () => number;
  /** Wall-clock time for condition timestamps. */
  wallNow?: () => number;
  log?: (msg: string) => void;
  /**
   * Binding cycles in flight at most; the next scheduling cycle waits for one to end. Keeps the
   * apiserver under its mutating in-flight limit instead of meeting 429s and their 1 s retry.
   */
  maxInFlightBindings?: number;
}

const DEFAULT_SCHEDULER = 'default-scheduler';
/** Upstream truncates event and condition messages to this many bytes. */
const MAX_MESSAGE = 1024;

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly snapshot = new Snapshot();
  readonly queue: SchedulingQueue;
  readonly frameworks = new Map<string, Framework>();
  private readonly search: NodeSearch;
  private readonly events = new Map<Framework, Map<string, ClusterEventWithHint[] | 'all'>>();
  private readonly bindings = new Set<Promise<void>>();
  private readonly wallNow: () => number;

  constructor(private readonly opts: SchedulerOptions) {
    this.wallNow = opts.wallNow ?? Date.now;
    this.search = new NodeSearch(opts.percentageOfNodesToScore, opts.random);
    for (const profile of opts.profiles) {
      // The handle's runtime calls reach this profile's framework, made just below.
      const handle: Handle = {
        ...opts.handle,
        snapshot: () => this.snapshot,
        nominatedPodsForNode: (node) => this.queue.nominator.forNode(node),
        runFilterPluginsWithNominatedPods: (s, p, n) => fwk.runFilterPluginsWithNominatedPods(s, p, n),
        runPreFilterExtensionAddPod: (s, p, a, n) => fwk.runPreFilterExtensionAddPod(s, p, a, n),
        runPreFilterExtensionRemovePod: (s, p, r, n) => fwk.runPreFilterExtensionRemovePod(s, p, r, n),
      };
      const fwk: Framework = new Framework(profile, opts.registry, handle);
      this.frameworks.set(profile.schedulerName, fwk);
      const byPlugin = new Map<string, ClusterEventWithHint[] | 'all'>();
      for (const [name, p] of fwk.plugins) {
        const ext = p as Partial<EnqueueExtensions>;
        byPlugin.set(name, typeof ext.eventsToRegister === 'function' ? ext.eventsToRegister() : 'all');
      }
      this.events.set(fwk, byPlugin);
    }
    const first = this.frameworks.values().next().value as Framework;
    this.queue = new SchedulingQueue({
      less: (a, b) => first.less(a, b),
      preEnqueue: (pod) => this.frameworkFor(pod)?.runPreEnqueuePlugins(pod),
      isWorthRequeuing: (qpi, ev, o, n) => this.isWorthRequeuing(qpi, ev, o, n),
      clock: opts.clock,
      podInitialBackoffMs: opts.podInitialBackoffMs,
      podMaxBackoffMs: opts.podMaxBackoffMs,
    });
    if (opts.metrics) opts.metrics.pendingNow = () => this.queue.counts();
  }

  /** The framework of the pod's schedulerName; undefined for pods of other schedulers. */
  frameworkFor(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec?.schedulerName || DEFAULT_SCHEDULER);
  }

  /** Whether `event` may help a pod that `qpi`'s plugins rejected (their registered events and hints). */
  private isWorthRequeuing(qpi: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): boolean {
    const fwk = this.frameworkFor(qpi.podInfo.pod);
    if (!fwk || qpi.unschedulablePlugins.size === 0) return true;
    const byPlugin = this.events.get(fwk)!;
    for (const name of qpi.unschedulablePlugins) {
      const regs = byPlugin.get(name);
      if (!regs || regs === 'all') return true;
      for (const { event: reg, hint } of regs) {
        if (!resourceMatches(reg.resource, event.resource) || !(reg.actionType & event.actionType)) continue;
        if (!hint || hint(qpi.podInfo.pod, oldObj, newObj) === 'Queue') return true;
      }
    }
    return false;
  }

  /** Schedules pods until `signal` aborts; resolves after in-flight bindings settle. */
  async run(signal: AbortSignal): Promise<void> {
    this.queue.run(signal);
    while (!signal.aborted) {
      const qpi = await this.queue.pop();
      if (!qpi) break;
      try {
        await this.scheduleOne(qpi);
      } catch (err) {
        this.opts.log?.(`scheduling ${podName(qpi.podInfo.pod)} failed: ${(err as Error).stack}`);
        this.queue.done(qpi.podInfo.pod);
      }
      // Let watch events and binding responses in between cycles.
      await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.allSettled([...this.bindings]);
  }

  /** Resolves once every binding cycle started so far has ended. */
  async waitForBindings(): Promise<void> {
    await Promise.allSettled([...this.bindings]);
  }

  /** One scheduling cycle for `qpi`, leaving its binding cycle running. */
  async scheduleOne(qpi: QueuedPodInfo): Promise<void> {
    const pod = qpi.podInfo.pod;
    const fwk = this.frameworkFor(pod);
    if (!fwk || pod.metadata?.deletionTimestamp || this.cache.isAssumedPod(pod)) {
      this.queue.done(pod);
      return;
    }
    const profile = fwk.profile.schedulerName;
    const cycle = this.queue.cycle;
    const start = this.opts.clock.now();
    const state = new CycleState();
    this.cache.updateSnapshot(this.snapshot);
    let host: string;
    try {
      host = this.search.schedulePod(fwk, state, pod, this.snapshot).suggestedHost;
    } catch (err) {
      let nominated: string | undefined;
      if (err instanceof FitError) {
        if (fwk.postFilter.length) {
          this.opts.metrics?.preemptionAttempts.inc();
          const r = await fwk.runPostFilterPlugins(state, pod, err.statuses);
          if (r.status && !isSuccess(r.status)) err.postFilterMsg = r.status.message();
          nominated = r.result?.nominatedNodeName;
        }
      }
      const result =
        err instanceof FitError || (err as Error).message === ERR_NO_NODES_AVAILABLE ? 'unschedulable' : 'error';
      this.observe(result, profile, start);
      await this.handleFailure(fwk, qpi, err as Error, cycle, nominated);
      return;
    }
    // Object.assign, not a spread: Node 20's V8 gives an object spread and then given a member
    // its source lacks (nodeName) a hidden class of its own, which the plugins reading the pods
    // of a node would then meet once per pod.
    const spec = Object.assign({}, pod.spec);
    spec.nodeName = host;
    const assumed: Pod = { ...pod, spec };
    this.cache.assumePod(assumed);
    const reserve = fwk.runReservePluginsReserve(state, assumed, host);
    if (!isSuccess(reserve)) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      this.observe('error', profile, start);
      await this.handleFailure(fwk, qpi, new Error(reserve!.message()), cycle);
      return;
    }
    const permit = fwk.runPermitPlugins(state, assumed, host);
    if (permit.status) {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      this.observe('unschedulable', profile, start);
      await this.handleFailure(fwk, qpi, new Error(permit.status.message()), cycle);
      return;
    }
    this.queue.nominator.delete(pod);
    const binding = this.bindingCycle(fwk, state, qpi, assumed, host, start, cycle, permit.waitMs);
    this.bindings.add(binding);
    void binding.finally(() => this.bindings.delete(binding));
    if (this.bindings.size >= (this.opts.maxInFlightBindings ?? 100)) await Promise.race(this.bindings);
  }

  private async bindingCycle(
    fwk: Framework,
    state: CycleState,
    qpi: QueuedPodInfo,
    assumed: Pod,
    host: string,
    start: number,
    cycle: number,
    waitMs: number | undefined,
  ): Promise<void> {
    const profile = fwk.profile.schedulerName;
    const fail = async (message: string) => {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      // The freed room may fit another pod; upstream moves everything on AssignedPodDelete.
      this.queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: 2, label: 'AssignedPodDelete' });
      this.observe('error', profile, start);
      await this.handleFailure(fwk, qpi, new Error(message), cycle);
    };
    if (waitMs !== undefined) {
      // No allow API yet: a waiting pod is rejected when its timeout passes, as upstream's would be.
      await new Promise<void>((r) => this.opts.clock.setTimer(r, waitMs));
      return fail(`rejected due to timeout after waiting ${waitMs / 1000}s at plugin`);
    }
    const pre = await fwk.runPreBindPlugins(state, assumed, host);
    if (!isSuccess(pre)) return fail(pre!.message());
    const bound = await fwk.runBindPlugins(state, assumed, host);
    if (!isSuccess(bound)) return fail(bound!.message());
    const pod = qpi.podInfo.pod;
    this.opts.handle.recordEvent(
      pod,
      'Normal',
      'Scheduled',
      'Binding',
      `Successfully assigned ${pod.metadata?.namespace}/${pod.metadata?.name} to ${host}`,
    );
    this.observe('scheduled', profile, start);
    const m = this.opts.metrics;
    if (m && qpi.initialAttemptTimestamp !== undefined) {
      m.sliDuration.observe(
        { attempts: String(qpi.attempts) },
        (this.opts.clock.now() - qpi.initialAttemptTimestamp) / 1000,
      );
      m.podSchedulingAttempts.observe(qpi.attempts);
    }
    fwk.runPostBindPlugins(state, assumed, host);
    this.queue.done(pod);
  }

  private observe(result: string, profile: string, start: number): void {
    const m = this.opts.metrics;
    if (!m) return;
    m.scheduleAttempts.inc({ result, profile });
    m.attemptDuration.observe({ result, profile }, (this.opts.clock.now() - start) / 1000);
  }

  /**
   * Upstream's `handleSchedulingFailure`: back to the queue (unless the pod went away or got a
   * node meanwhile), a FailedScheduling event, and the PodScheduled=False condition with any
   * nomination from preemption.
   */
  private async handleFailure(
    fwk: Framework,
    qpi: QueuedPodInfo,
    err: Error,
    cycle: number,
    nominatedNodeName?: string,
  ): Promise<void> {
    const pod = qpi.podInfo.pod;
    const fit = err instanceof FitError;
    const reason = fit || err.message === ERR_NO_NODES_AVAILABLE ? 'Unschedulable' : 'SchedulerError';
    const message = truncate(
      fit ? fitErrorMessage(err.numAllNodes, err.statuses, err.preFilterMsg, err.postFilterMsg) : err.message,
    );
    const current = this.opts.handle.listers.pods.get(pod.metadata?.namespace, pod.metadata?.name ?? '');
    if (current && current.metadata?.uid === pod.metadata?.uid && !current.spec?.nodeName) {
      if (qpi.podInfo.pod !== current) qpi.podInfo = new PodInfo(current);
      qpi.unschedulablePlugins = fit ? err.unschedulablePlugins : new Set();
      this.queue.addUnschedulableIfNotPresent(qpi, cycle);
      if (nominatedNodeName) this.queue.nominator.add(qpi.podInfo, nominatedNodeName);
      else if (nominatedNodeName === '') this.queue.nominator.delete(pod);
    } else {
      this.queue.done(pod);
    }
    this.opts.handle.recordEvent(pod, 'Warning', 'FailedScheduling', 'Scheduling', message);
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null as unknown as undefined,
      lastTransitionTime: new Date(this.wallNow()).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    const had = (current ?? pod).status?.conditions?.find((c) => c.type === 'PodScheduled');
    // '' from PostFilter clears a nomination; undefined leaves it as it is.
    const nominationChanges =
      nominatedNodeName !== undefined && nominatedNodeName !== ((current ?? pod).status?.nominatedNodeName ?? '');
    if (!nominationChanges && had && had.status === 'False' && had.reason === reason && had.message === message) return;
    if (had && had.status === 'False') condition.lastTransitionTime = had.lastTransitionTime;
    try {
      await this.opts.handle.client.patchPodStatus(pod, {
        condition,
        ...(nominationChanges ? { nominatedNodeName: nominatedNodeName || null } : {}),
      });
    } catch (e) {
      this.opts.log?.(`updating status of ${podName(pod)}: ${(e as Error).message}`);
    }
  }
}

function resourceMatches(registered: ClusterEvent['resource'], happened: ClusterEvent['resource']): boolean {
  if (registered === '*' || registered === happened) return true;
  return registered === 'Pod' && (happened === 'AssignedPod' || happened === 'UnscheduledPod');
}

function truncate(msg: string): string {
  return Buffer.byteLength(msg) > MAX_MESSAGE
    ? `${Buffer.from(msg)
        .subarray(0, MAX_MESSAGE - 3)
        .toString()}...`
    : msg;
}

export function podName(pod: Pod): string {
  return `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

/**
 * The scheduling queue, after upstream's `PriorityQueue`: activeQ (pods ready to try, in the
 * QueueSort plugin's order), backoffQ (pods that failed, waiting out 1 s doubling to 10 s), and
 * the unschedulable pods, which go back only when a cluster event one of their rejecting plugins
 * registered happens (or after five minutes). A pod whose failure raced such an event goes to
 * backoffQ rather than waiting for another.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock, ClockTimer } from '../../client/workqueue/clock.js';
import type { ClusterEvent, QueuedPodInfo } from '../framework/interface.js';
import { PodInfo } from '../framework/pod-info.js';
import { isSuccess, type Status } from '../framework/status.js';
import { KeyedHeap } from './heap.js';
import { Nominator } from './nominator.js';

export interface SchedulingQueueOptions {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
  /** The PreEnqueue plugins of the pod's profile; a non-success status holds the pod back. */
  preEnqueue(pod: Pod): Status | undefined;
  /** Whether `event` may make the pod schedulable again (the rejecting plugins' hints). */
  isWorthRequeuing(qpi: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): boolean;
  clock: Clock;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  /** Unschedulable pods are retried at least this often (upstream: 5 minutes). */
  podMaxInUnschedulablePodsDurationMs?: number;
}

export type QueueName = 'active' | 'backoff' | 'unschedulable' | 'gated';

const uidOf = (p: Pod) => p.metadata?.uid ?? `${p.metadata?.namespace}/${p.metadata?.name}`;
const qKey = (q: QueuedPodInfo) => uidOf(q.podInfo.pod);

export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Set<string>();
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private waiters: (() => void)[] = [];
  private readonly timers: ClockTimer[] = [];
  private closed = false;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulable: number;

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.activeQ = new KeyedHeap(qKey, opts.less);
    this.backoffQ = new KeyedHeap(qKey, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
    this.initialBackoff = opts.podInitialBackoffMs ?? 1000;
    this.maxBackoff = opts.podMaxBackoffMs ?? 10_000;
    this.maxUnschedulable = opts.podMaxInUnschedulablePodsDurationMs ?? 5 * 60_000;
  }

  /** Starts the periodic flushes: backoffQ every second, unschedulable leftovers every 30 s. */
  run(signal: AbortSignal): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (this.closed) return;
        fn();
        this.timers.push(this.opts.clock.setTimer(tick, ms, { background: true }));
      };
      this.timers.push(this.opts.clock.setTimer(tick, ms, { background: true }));
    };
    every(1000, () => this.flushBackoffQCompleted());
    every(30_000, () => this.flushUnschedulableLeftover());
    signal.addEventListener('abort', () => this.close(), { once: true });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.wake();
  }

  private newQueued(pod: Pod): QueuedPodInfo {
    const now = this.opts.clock.now();
    return {
      podInfo: new PodInfo(pod),
      initialAttemptTimestamp: undefined,
      timestamp: now,
      attempts: 0,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      gated: false,
    };
  }

  /** Runs PreEnqueue and puts the pod in activeQ, or among the unschedulable as gated. */
  private moveToActiveQ(qpi: QueuedPodInfo): boolean {
    const status = this.opts.preEnqueue(qpi.podInfo.pod);
    const key = qKey(qpi);
    this.backoffQ.delete(key);
    if (!isSuccess(status)) {
      qpi.gated = true;
      qpi.pendingPlugins = new Set(status!.plugin ? [status!.plugin] : []);
      this.unschedulable.set(key, qpi);
      return false;
    }
    qpi.gated = false;
    this.unschedulable.delete(key);
    this.activeQ.addOrUpdate(qpi);
    this.wake();
    return true;
  }

  /** A new pod without a node. */
  add(pod: Pod): void {
    const qpi = this.newQueued(pod);
    this.moveToActiveQ(qpi);
    this.nominator.add(qpi.podInfo);
  }

  /** A pending pod changed. */
  update(oldPod: Pod, newPod: Pod): void {
    const key = uidOf(newPod);
    const pi = new PodInfo(newPod);
    this.nominator.update(oldPod, pi);
    for (const q of [this.activeQ, this.backoffQ]) {
      const qpi = q.get(key);
      if (qpi) {
        qpi.podInfo = pi;
        q.addOrUpdate(qpi);
        return;
      }
    }
    const qpi = this.unschedulable.get(key);
    if (!qpi) {
      if (!this.inFlight.has(key)) this.add(newPod);
      else this.moveRequestCycle = this.schedulingCycle;
      return;
    }
    qpi.podInfo = pi;
    if (qpi.gated || specOrLabelsChanged(oldPod, newPod)) {
      if (!qpi.gated && this.isBackingOff(qpi)) {
        this.unschedulable.delete(key);
        this.backoffQ.addOrUpdate(qpi);
      } else this.moveToActiveQ(qpi);
    }
  }

  delete(pod: Pod): void {
    const key = uidOf(pod);
    this.nominator.delete(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
  }

  /** Waits for a pod to try; undefined once closed. */
  async pop(): Promise<QueuedPodInfo | undefined> {
    while (!this.closed) {
      const qpi = this.activeQ.pop();
      if (qpi) {
        qpi.attempts++;
        qpi.initialAttemptTimestamp ??= this.opts.clock.now();
        this.schedulingCycle++;
        this.inFlight.add(qKey(qpi));
        return qpi;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return undefined;
  }

  /** The cycle number of the last pop, to pass back with `addUnschedulableIfNotPresent`. */
  get cycle(): number {
    return this.schedulingCycle;
  }

  /** The scheduler is done with a popped pod (bound, failed or gone). */
  done(pod: Pod): void {
    this.inFlight.delete(uidOf(pod));
  }

  /**
   * Puts back a pod whose attempt failed: to backoffQ if a move request came during its cycle
   * (or it failed for an error, with no plugin to wait on), else among the unschedulable.
   */
  addUnschedulableIfNotPresent(qpi: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = qKey(qpi);
    this.inFlight.delete(key);
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key)) return;
    qpi.timestamp = this.opts.clock.now();
    this.nominator.add(qpi.podInfo);
    if (this.moveRequestCycle >= podSchedulingCycle || qpi.unschedulablePlugins.size === 0) {
      this.backoffQ.addOrUpdate(qpi);
    } else {
      this.unschedulable.set(key, qpi);
    }
  }

  /** Moves the unschedulable pods `event` may help to backoffQ or activeQ. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj?: unknown, newObj?: unknown): void {
    for (const [key, qpi] of this.unschedulable) {
      if (qpi.gated) continue;
      if (!this.opts.isWorthRequeuing(qpi, event, oldObj, newObj)) continue;
      this.unschedulable.delete(key);
      if (this.isBackingOff(qpi)) this.backoffQ.addOrUpdate(qpi);
      else this.moveToActiveQ(qpi);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private backoffExpiry(qpi: QueuedPodInfo): number {
    let d = this.initialBackoff;
    for (let i = 1; i < qpi.attempts && d < this.maxBackoff; i++) d *= 2;
    return qpi.timestamp + Math.min(d, this.maxBackoff);
  }

  private isBackingOff(qpi: QueuedPodInfo): boolean {
    return this.backoffExpiry(qpi) > this.opts.clock.now();
  }

  /** Moves pods whose backoff has ended to activeQ. */
  flushBackoffQCompleted(): void {
    for (let top = this.backoffQ.peek(); top && !this.isBackingOff(top); top = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.moveToActiveQ(top);
    }
  }

  /** Retries pods unschedulable for longer than the maximum. */
  flushUnschedulableLeftover(): void {
    const now = this.opts.clock.now();
    for (const [key, qpi] of this.unschedulable) {
      if (qpi.gated || now - qpi.timestamp < this.maxUnschedulable) continue;
      this.unschedulable.delete(key);
      if (this.isBackingOff(qpi)) this.backoffQ.addOrUpdate(qpi);
      else this.moveToActiveQ(qpi);
    }
  }

  /** How many pods wait in each queue. */
  counts(): Record<QueueName, number> {
    let gated = 0;
    for (const q of this.unschedulable.values()) if (q.gated) gated++;
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size,
      unschedulable: this.unschedulable.size - gated,
      gated,
    };
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

/** Whether an update could change a scheduling decision (upstream re-queues on these). */
function specOrLabelsChanged(oldPod: Pod, newPod: Pod): boolean {
  return (
    JSON.stringify(oldPod.spec) !== JSON.stringify(newPod.spec) ||
    JSON.stringify(oldPod.metadata?.labels) !== JSON.stringify(newPod.metadata?.labels)
  );
}

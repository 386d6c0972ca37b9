/** kube-scheduler's Prometheus metrics, under upstream's names and labels. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const exp = (start: number, factor: number, count: number) =>
  Array.from({ length: count }, (_, i) => start * factor ** i);

export class SchedulerMetrics {
  readonly registry = new Registry();
  readonly scheduleAttempts = new Counter({
    name: 'scheduler_schedule_attempts_total',
    help: "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.",
    labelNames: ['result', 'profile'],
    registers: [this.registry],
  });
  readonly attemptDuration = new Histogram({
    name: 'scheduler_scheduling_attempt_duration_seconds',
    help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
    labelNames: ['result', 'profile'],
    buckets: exp(0.001, 2, 15),
    registers: [this.registry],
  });
  readonly sliDuration = new Histogram({
    name: 'scheduler_pod_scheduling_sli_duration_seconds',
    help: 'E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.',
    labelNames: ['attempts'],
    buckets: exp(0.01, 2, 20),
    registers: [this.registry],
  });
  readonly podSchedulingAttempts = new Histogram({
    name: 'scheduler_pod_scheduling_attempts',
    help: 'Number of attempts to successfully schedule a pod.',
    buckets: exp(1, 2, 5),
    registers: [this.registry],
  });
  readonly preemptionAttempts = new Counter({
    name: 'scheduler_preemption_attempts_total',
    help: 'Total preemption attempts in the cluster till now',
    registers: [this.registry],
  });
  readonly queueIncomingPods = new Counter({
    name: 'scheduler_queue_incoming_pods_total',
    help: 'Number of pods added to scheduling queues by event and queue type.',
    labelNames: ['queue', 'event'],
    registers: [this.registry],
  });
  /** Read when scraped (the scheduler sets it). */
  pendingNow: () => Record<string, number> = () => ({});
  readonly pendingPods = new Gauge({
    name: 'scheduler_pending_pods',
    help: "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
    labelNames: ['queue'],
    registers: [this.registry],
    collect: () => {
      for (const [queue, n] of Object.entries(this.pendingNow())) this.pendingPods.set({ queue }, n);
    },
  });
  readonly leaderElectionMaster = new Gauge({
    name: 'leader_election_master_status',
    help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
    labelNames: ['name'],
    registers: [this.registry],
  });
}

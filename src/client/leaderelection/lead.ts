/**
 * How a leader-elected component runs its main loop (upstream's `leaderelection.RunOrDie` as
 * kube-scheduler and kube-controller-manager use it): with election on, contend for the Lease and
 * run `lead` while leading — losing the lease ends the process with exit code 1, as upstream's
 * components exit, so the supervisor restarts them as candidates; with election off, just run.
 */
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RestClient } from '../rest/client.js';
import { HealthzAdaptor } from './healthz.js';
import { LeaderElector } from './leader-elector.js';
import { restLeaseLock } from './rest-lease-lock.js';

export interface LeadOptions {
  client: RestClient;
  /** Off: `lead` runs at once. */
  leaderElect: boolean;
  namespace: string;
  name: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** Runs while leading, until the signal aborts. */
  lead(leading: AbortSignal): Promise<void>;
  /** Told 1 on gaining the lease and 0 on losing it (`leader_election_master_status`). */
  onLeaderStatus?(leading: 0 | 1): void;
  log: Logger;
}

/** The healthz check to serve (present with election on) and the loop, running until `stopping` aborts. */
export function leadOrRun(
  o: LeadOptions,
  stopping: AbortController,
): { healthz?: HealthzAdaptor; running: Promise<void> } {
  if (!o.leaderElect) return { running: o.lead(stopping.signal) };
  const healthz = new HealthzAdaptor(20_000);
  const elector = new LeaderElector({
    lock: restLeaseLock(o.client, o.namespace, o.name),
    identity: `${hostname()}_${randomUUID()}`,
    leaseDurationMs: o.leaseDurationMs,
    renewDeadlineMs: o.renewDeadlineMs,
    retryPeriodMs: o.retryPeriodMs,
    releaseOnCancel: true,
    name: `${o.namespace}/${o.name}`,
    callbacks: {
      onStartedLeading: async (leading) => {
        // Every informer and timer of the component listens on it.
        setMaxListeners(1000, leading);
        o.onLeaderStatus?.(1);
        await o.lead(leading);
      },
      onStoppedLeading: () => {
        o.onLeaderStatus?.(0);
        if (!stopping.signal.aborted) {
          o.log.error('leaderelection lost');
          process.exitCode = 1;
          stopping.abort();
        }
      },
      onNewLeader: (id) => o.log.info({ leader: id }, 'new leader elected'),
    },
  });
  healthz.setLeaderElection(elector);
  return { healthz, running: elector.run(stopping.signal) };
}

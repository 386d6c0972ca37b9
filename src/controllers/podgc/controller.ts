/**
 * `pod-garbage-collector-controller` (upstream's `pkg/controller/podgc`): every
 * `gcCheckPeriodMs` it force-deletes terminated pods beyond `--terminated-pod-gc-threshold`
 * (evicted and oldest first), terminating pods of out-of-service nodes, pods bound to nodes that
 * no longer exist (once the node has been missing for `quarantineTimeMs` and a GET confirms it is
 * gone), and terminating pods that were never scheduled.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import type { ResourceClient } from '../../client/rest/resource-client.js';
import type { Clock } from '../../client/workqueue/clock.js';
import { isNotFound } from '../../machinery/errors.js';
import { RESOURCES, clientOf, informerOf, type ControllerContext, type ControllerDescriptor } from '../context.js';
import { PODGC_DISRUPTION_CONDITION, markFailedAndDeletePod } from './pod-status.js';
import {
  missingNodeNames,
  terminatedPodsToDelete,
  terminatingPodsOnOutOfServiceNodes,
  unscheduledTerminatingPods,
} from './select.js';

/** The collector's periods (upstream's constants). */
export interface PodGCTuning {
  /** How often the collector runs (upstream's `gcCheckPeriod`, 20 s). */
  gcCheckPeriodMs: number;
  /** How long a missing node is waited for before its pods go (upstream's `quarantineTime`, 40 s). */
  quarantineTimeMs: number;
}

export function defaultPodGCTuning(): PodGCTuning {
  return { gcCheckPeriodMs: 20_000, quarantineTimeMs: 40_000 };
}

/** One collector's state: when each missing node was first missed (monotonic ms). */
export class PodGC {
  private readonly missingSince = new Map<string, number>();

  constructor(
    private readonly d: {
      pods: () => Pod[];
      nodes: () => Node[];
      podClient: ResourceClient<Pod>;
      nodeClient: ResourceClient<Node>;
      clock: Clock;
      now: () => number;
      threshold: number;
      tuning: PodGCTuning;
      log: Logger;
    },
  ) {}

  /** One pass (upstream's `gc`). */
  async gc(): Promise<void> {
    const pods = this.d.pods();
    const nodes = this.d.nodes();
    const byName = new Map(nodes.map((n) => [n.metadata!.name!, n]));
    await this.deleteAll(terminatedPodsToDelete(pods, this.d.threshold), undefined, 'terminated');
    await this.deleteAll(
      terminatingPodsOnOutOfServiceNodes(pods, (n) => byName.get(n)),
      undefined,
      'out-of-service',
    );
    await this.gcOrphaned(pods, new Set(byName.keys()));
    await this.deleteAll(unscheduledTerminatingPods(pods), undefined, 'unscheduled terminating');
  }

  private async gcOrphaned(pods: Pod[], existing: Set<string>): Promise<void> {
    const missing = missingNodeNames(pods, existing);
    const now = this.d.clock.now();
    for (const name of [...this.missingSince.keys()]) if (!missing.has(name)) this.missingSince.delete(name);
    const gone = new Set<string>();
    for (const name of missing) {
      const since = this.missingSince.get(name);
      if (since === undefined) {
        this.missingSince.set(name, now);
        continue;
      }
      if (now - since < this.d.tuning.quarantineTimeMs) continue;
      // Out of quarantine: the cache may lag, so ask the apiserver before deleting anything.
      this.missingSince.delete(name);
      try {
        await this.d.nodeClient.get(name);
      } catch (err) {
        if (isNotFound(err)) gone.add(name);
        else this.d.log.warn({ node: name, err }, 'Error while getting node');
      }
    }
    const orphaned = pods.filter((p) => gone.has(p.spec?.nodeName ?? ''));
    await this.deleteAll(orphaned, PODGC_DISRUPTION_CONDITION, 'orphaned');
  }

  private async deleteAll(pods: Pod[], condition: typeof PODGC_DISRUPTION_CONDITION | undefined, why: string) {
    await Promise.all(
      pods.map(async (pod) => {
        const ref = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
        this.d.log.info({ pod: ref, reason: why }, 'PodGC is force deleting Pod');
        try {
          await markFailedAndDeletePod(this.d.podClient, pod, condition, this.d.now());
        } catch (err) {
          this.d.log.warn({ pod: ref, err }, 'failed to delete pod');
        }
      }),
    );
  }
}

function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      timer.cancel();
      resolve();
    };
    const timer = clock.setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function init(ctx: ControllerContext, tuning: PodGCTuning): (signal: AbortSignal) => Promise<void> {
  const log = ctx.log.child({ controller: 'pod-garbage-collector-controller' });
  const pods = informerOf<Pod>(ctx, RESOURCES.pods);
  const nodes = informerOf<Node>(ctx, RESOURCES.nodes);
  const gc = new PodGC({
    pods: () => pods.lister.list(),
    nodes: () => nodes.lister.list(),
    podClient: clientOf<Pod>(ctx, RESOURCES.pods),
    nodeClient: clientOf<Node>(ctx, RESOURCES.nodes),
    clock: ctx.clock,
    now: ctx.now,
    threshold: ctx.options.terminatedPodGCThreshold,
    tuning,
    log,
  });
  return async (signal) => {
    while (!signal.aborted) {
      try {
        await gc.gc();
      } catch (err) {
        log.error({ err }, 'pod garbage collection failed');
      }
      await sleep(ctx.clock, tuning.gcCheckPeriodMs, signal);
    }
  };
}

/** The pod garbage collector with `overrides` over upstream's periods. */
export function newPodGCController(overrides: Partial<PodGCTuning> = {}): ControllerDescriptor {
  const tuning = { ...defaultPodGCTuning(), ...overrides };
  return { name: 'pod-garbage-collector-controller', aliases: ['podgc'], init: (ctx) => init(ctx, tuning) };
}

/** `pod-garbage-collector-controller` with upstream's periods. */
export const podGCController: ControllerDescriptor = newPodGCController();

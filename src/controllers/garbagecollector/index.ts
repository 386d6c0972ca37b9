/**
 * `garbage-collector-controller` (upstream's pkg/controller/garbagecollector): deletes objects
 * whose owners are gone, and carries out the Foreground and Orphan propagation policies the
 * apiserver records as the `foregroundDeletion` and `orphan` finalizers. It watches every
 * deletable resource discovery lists — custom resources too — and looks again every 30 s so that
 * resources added later (new CRDs) are watched as well.
 */
import { setMaxListeners } from 'node:events';
import { DiscoveryClient, DynamicClient } from '../../client/rest/discovery.js';
import { sleep } from '../../client/wall-clock.js';
import { workersOf, type ControllerContext, type ControllerDescriptor } from '../context.js';
import {
  deletableResources,
  groupDiscoveryFailedMessage,
  resourceKey,
  serverPreferredResources,
} from '../common/discovery.js';
import { GarbageCollector } from './garbage-collector.js';
import { Monitors } from './monitors.js';
import { GcOperations } from './operations.js';

export { GarbageCollector } from './garbage-collector.js';

/** Tunables of the collector. */
export interface GarbageCollectorControllerOptions {
  /** How often discovery is read again for new or removed resources (upstream: 30 s). */
  resyncPeriodMs?: number;
  /** How long the first sync of the monitors is waited for before collecting anyway (upstream: 30 s). */
  initialSyncTimeoutMs?: number;
}

/** A garbage collector descriptor with `options` (tests shorten the discovery period). */
export function newGarbageCollectorController(options: GarbageCollectorControllerOptions = {}): ControllerDescriptor {
  const periodMs = options.resyncPeriodMs ?? 30_000;
  const initialSyncTimeoutMs = options.initialSyncTimeoutMs ?? 30_000;
  return {
    name: 'garbage-collector-controller',
    aliases: ['garbagecollector'],
    init(ctx) {
      // The monitors depend on discovery, which is asynchronous: they are made once running.
      return (signal) => runGarbageCollector(ctx, workersOf(ctx, 'gc', 20), periodMs, initialSyncTimeoutMs, signal);
    },
  };
}

/** The garbage collector with upstream's timings. */
export const garbageCollectorController: ControllerDescriptor = newGarbageCollectorController();

async function runGarbageCollector(
  ctx: ControllerContext,
  workers: number,
  periodMs: number,
  initialSyncTimeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const log = ctx.log.child({ controller: 'garbagecollector' });
  // One informer per resource served listens on this signal: dozens, knowingly.
  setMaxListeners(0, signal);
  const gc = new GarbageCollector({
    // Not shared with the sync's discovery client, lest each resync reset the mapping's cache.
    ops: new GcOperations(ctx.client, new DynamicClient(ctx.client)),
    log,
    recorder: ctx.recorder('garbage-collector-controller'),
    clock: ctx.clock,
    metricsProvider: ctx.metricsProvider,
  });
  const monitors = new Monitors(ctx, (event) => gc.builder.process(event));
  const discovery = new DiscoveryClient(ctx.client);
  let current = new Set<string>();

  /** Reads discovery and, when the resources changed, resyncs the monitors (upstream's Sync). */
  const sync = async (syncTimeoutMs: number): Promise<void> => {
    discovery.invalidate();
    let found;
    try {
      found = await serverPreferredResources(discovery);
    } catch (err) {
      log.info({ err }, 'failed to discover preferred resources');
      return;
    }
    if (found.failed.size)
      log.info({ groups: groupDiscoveryFailedMessage(found.failed) }, 'failed to discover some groups');
    const resources = deletableResources(found.resources);
    if (!resources.length) {
      log.info('no resources reported by discovery, skipping garbage collector sync');
      return;
    }
    // A group that failed this time keeps the monitors it had.
    for (const r of monitors.resources()) {
      const gv = r.group ? `${r.group}/${r.version}` : r.version;
      if (found.failed.has(gv) && !resources.some((x) => resourceKey(x) === resourceKey(r))) resources.push(r);
    }
    const keys = new Set(resources.map(resourceKey));
    if (keys.size === current.size && [...keys].every((k) => current.has(k))) return;
    const { added, removed } = monitors.sync(resources);
    log.info({ added, removed }, 'syncing garbage collector with updated resources from discovery');
    gc.ops.resetMapping();
    monitors.start(signal);
    if (!(await waitFor(ctx, (s) => monitors.waitForSync(s), syncTimeoutMs, signal)) && !signal.aborted) {
      log.warn('timed out waiting for dependency graph builder sync during GC sync');
    }
    current = keys;
  };

  log.info('Starting controller');
  await sync(initialSyncTimeoutMs);
  if (signal.aborted) {
    monitors.removeAll();
    return;
  }
  log.info(
    monitors.isSynced()
      ? 'Garbage collector: all resource monitors have synced'
      : 'Garbage collector: not all resource monitors could be synced, proceeding anyways',
  );
  const resync = (async () => {
    while (!signal.aborted) {
      await sleep(ctx.clock, periodMs, signal);
      if (!signal.aborted) await sync(periodMs);
    }
  })();
  await Promise.all([gc.runWorkers(workers, signal), resync]);
  monitors.removeAll();
  log.info('Shutting down controller');
}

/** Runs `wait` with a signal that aborts after `ms` or with `signal`; false when it timed out. */
async function waitFor(
  ctx: ControllerContext,
  wait: (signal: AbortSignal) => Promise<boolean>,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  const bounded = new AbortController();
  const timer = ctx.clock.setTimer(() => bounded.abort(), ms);
  const onAbort = () => bounded.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await wait(bounded.signal);
  } finally {
    timer.cancel();
    signal.removeEventListener('abort', onAbort);
  }
}

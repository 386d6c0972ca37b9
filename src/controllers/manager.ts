/**
 * Runs a set of controllers in one process (upstream's `StartControllers`): builds the shared
 * context, lets each controller ask for its informers, starts the informers, waits for their
 * caches, then runs every controller until the signal aborts. A controller that fails is logged
 * and the others go on.
 */
import type { Logger } from 'pino';
import { EventBroadcaster, restEventSink, type EventRecorder } from '../client/events/index.js';
import { SharedInformerFactory } from '../client/informers/factory.js';
import type { RestClient } from '../client/rest/client.js';
import { realClock, type Clock } from '../client/workqueue/clock.js';
import type { MetricsProvider } from '../client/workqueue/metrics.js';
import type { ControllerContext, ControllerDescriptor, ControllerOptions } from './context.js';

export interface ContextParts {
  client: RestClient;
  options: ControllerOptions;
  log: Logger;
  clock?: Clock;
  now?: () => number;
  metricsProvider?: MetricsProvider;
}

/** A context over `client`, with its event broadcaster (shut it down after the controllers stop). */
export function buildContext(parts: ContextParts): { ctx: ControllerContext; broadcaster: EventBroadcaster } {
  const broadcaster = new EventBroadcaster();
  broadcaster.startRecordingToSink(restEventSink(parts.client));
  const recorders = new Map<string, EventRecorder>();
  const ctx: ControllerContext = {
    client: parts.client,
    informers: new SharedInformerFactory(parts.client),
    recorder(component) {
      let r = recorders.get(component);
      if (!r) recorders.set(component, (r = broadcaster.newRecorder({ component })));
      return r;
    },
    clock: parts.clock ?? realClock,
    now: parts.now ?? Date.now,
    options: parts.options,
    metricsProvider: parts.metricsProvider,
    log: parts.log,
  };
  return { ctx, broadcaster };
}

/**
 * The controllers `--controllers` selects (upstream's `IsControllerEnabled`): `*` turns on every
 * controller not disabled by default, `name` turns one on, `-name` turns one off; names may be the
 * canonical ones or their aliases. Throws on a name no controller has, as upstream refuses it.
 */
export function selectControllers(
  all: readonly ControllerDescriptor[],
  flags: readonly string[],
): ControllerDescriptor[] {
  const byName = new Map<string, ControllerDescriptor>();
  for (const d of all) for (const n of [d.name, ...d.aliases]) byName.set(n, d);
  const on = new Set<ControllerDescriptor>();
  const off = new Set<ControllerDescriptor>();
  let star = false;
  for (const raw of flags) {
    const f = raw.trim();
    if (f === '*') {
      star = true;
      continue;
    }
    const neg = f.startsWith('-');
    const d = byName.get(neg ? f.slice(1) : f);
    if (!d) throw new Error(`"${f}" is not in the list of known controllers`);
    (neg ? off : on).add(d);
  }
  return all.filter((d) => !off.has(d) && (on.has(d) || (star && !d.disabledByDefault)));
}

/**
 * Runs `controllers` on `ctx` until `signal` aborts; resolves once all have stopped. `clientFor`
 * gives a controller its own client for writes (`--use-service-account-credentials`); reads go
 * through the shared informers either way.
 */
export async function runControllers(
  ctx: ControllerContext,
  controllers: readonly ControllerDescriptor[],
  signal: AbortSignal,
  clientFor?: (d: ControllerDescriptor) => RestClient | undefined,
): Promise<void> {
  const runners = controllers.map((d) => {
    const client = clientFor?.(d);
    return { name: d.name, run: d.init(client ? { ...ctx, client } : ctx) };
  });
  ctx.informers.start(signal);
  await ctx.informers.waitForCacheSync(signal);
  if (signal.aborted) return;
  await Promise.all(
    runners.map(async ({ name, run }) => {
      ctx.log.info({ controller: name }, 'Starting controller');
      try {
        await run(signal);
      } catch (err) {
        ctx.log.error({ controller: name, err }, 'controller failed');
      }
    }),
  );
  await ctx.informers.shutdown();
}

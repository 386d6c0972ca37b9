/**
 * Controllers under test: a real control plane (in-memory `k8ts etcd` + `k8ts apiserver`, in this
 * process, on loopback) and the given controllers running against it through the REST client, as
 * the manager runs them. Tests create objects through `client` and wait for what the controllers
 * write, polling with a bound.
 */
import pino from 'pino';
import { startControlPlane, type TestControlPlane } from '../apiserver/testing/cluster.js';
import { loadRestConfig } from '../client/kubeconfig/index.js';
import { RestClient } from '../client/rest/client.js';
import type { ObjectLike, ResourceRef } from '../client/rest/resource-client.js';
import {
  clientOf,
  defaultControllerOptions,
  type ControllerContext,
  type ControllerDescriptor,
  type ControllerOptions,
} from './context.js';
import { buildContext, runControllers } from './manager.js';

export interface ControllerHarness {
  cp: TestControlPlane;
  client: RestClient;
  ctx: ControllerContext;
  /** A typed client of `ref`. */
  resource<T extends ObjectLike>(ref: ResourceRef): ReturnType<typeof clientOf<T>>;
  stop(): Promise<void>;
}

/** Starts a control plane and runs `controllers` on it, with `options` over upstream's defaults. */
export async function startControllers(
  controllers: readonly ControllerDescriptor[],
  options: Partial<ControllerOptions> = {},
): Promise<ControllerHarness> {
  const cp = await startControlPlane();
  const rest = loadRestConfig({ kubeconfig: cp.kubeconfig });
  rest.qps = 1000;
  rest.burst = 1000;
  const client = new RestClient(rest);
  const { ctx, broadcaster } = buildContext({
    client,
    options: { ...defaultControllerOptions(), ...options },
    log: pino({ level: 'warn' }, pino.destination(2)),
  });
  const stopping = new AbortController();
  const running = runControllers(ctx, controllers, stopping.signal);
  await ctx.informers.waitForCacheSync(stopping.signal);
  return {
    cp,
    client,
    ctx,
    resource: <T extends ObjectLike>(ref: ResourceRef) => clientOf<T>(ctx, ref),
    async stop() {
      stopping.abort();
      await running;
      await broadcaster.shutdown();
      client.close();
      await cp.stop();
    },
  };
}

/** Polls `probe` every 20 ms until it returns a value other than undefined/false; fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

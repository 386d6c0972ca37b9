/**
 * `k8ts kwok`: simulated nodes, after kubernetes-sigs/kwok. One process registers N Nodes, keeps
 * each one heartbeating (a Lease renewed every 10 s, its status posted when due) and plays the
 * kubelet for the pods bound to them: Running at once, Succeeded/Failed on request, deletions
 * finished. It talks to the apiserver only, through the REST client, as user agent `kwok`.
 *
 * Wiring: a node informer feeds ManagedNodes and the NodeController (ticker + lease and status
 * queues); a pod informer over bound pods (`spec.nodeName!=`) feeds the PodController. Pod
 * addresses are rebuilt from the running pods before the pod workers start.
 */
import { setMaxListeners } from 'node:events';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import pino, { type Logger } from 'pino';
import { listWatchFromClient } from '../client/informers/list-watch.js';
import { SharedIndexInformer } from '../client/informers/shared-informer.js';
import { loadRestConfig } from '../client/kubeconfig/index.js';
import { RestClient } from '../client/rest/client.js';
import { ResourceClient } from '../client/rest/resource-client.js';
import { wallClock } from '../client/wall-clock.js';
import { type Clock, realClock } from '../client/workqueue/clock.js';
import { NODES, PODS, restKwokApi } from './api.js';
import { nthCIDR } from './cidr.js';
import { type KwokConfig, firstNodeBlock, nodeBlocks, resolveConfig } from './config.js';
import { NodeController } from './node-controller.js';
import { ManagedNodes, isManagedNode, nodeIPFor } from './node-state.js';
import { buildNode } from './node.js';
import { POD_NODE_INDEX, PodController, podNodeIndex } from './pod-controller.js';
import { registerNodes } from './register.js';
import { slimNode, slimPod, transformListWatch } from './slim.js';

export type { KwokConfig } from './config.js';

/** A started kwok. */
export interface RunningKwok {
  /**
   * Resolves once every node is registered with its first heartbeat and both informers synced;
   * rejects when kwok is stopped first.
   */
  ready: Promise<void>;
  /** The names of the nodes it registers, `<prefix>0` … `<prefix><N-1>`. */
  nodeNames: string[];
  /** Which nodes it manages now (registered, adopted, or annotated), with their heartbeat state. */
  nodes: ManagedNodes;
  /** Stops every loop and closes the connection. */
  stop(): Promise<void>;
}

/** What tests may inject. */
export interface KwokDeps {
  log?: Logger;
  /** Wall time for timestamps (default: Date.now). */
  clock?: Clock;
  /** Monotonic time of the lease ticker and the work queues (default: performance.now). */
  timers?: Clock;
}

/** Starts kwok; resolves at once, with `ready` to await. */
export async function start(config: KwokConfig, signal: AbortSignal, deps: KwokDeps = {}): Promise<RunningKwok> {
  const cfg = resolveConfig(config);
  const log = deps.log ?? pino({ base: { component: 'kwok' } }, pino.destination(2));
  const clock = deps.clock ?? wallClock;
  const rest = loadRestConfig({ kubeconfig: cfg.kubeconfig });
  rest.qps = cfg.kubeApiQps;
  rest.burst = cfg.kubeApiBurst;
  rest.userAgent = 'kwok';
  const client = new RestClient(rest);
  const api = restKwokApi(client);
  // Lists and watches on a connection of their own: a watch backlog the apiserver is still sending
  // counts against its HTTP/2 session memory and must not get the heartbeats' streams refused.
  const watchClient = new RestClient(rest);

  const stopping = new AbortController();
  setMaxListeners(100, stopping.signal);
  const onAbort = () => stopping.abort();
  if (signal.aborted) stopping.abort();
  else signal.addEventListener('abort', onAbort, { once: true });

  const firstBlock = firstNodeBlock(cfg.cidr);
  if (cfg.nodes > nodeBlocks(cfg.cidr)) {
    log.warn(
      { cidr: cfg.cidr, blocks: nodeBlocks(cfg.cidr), nodes: cfg.nodes },
      `--cidr ${cfg.cidr} holds ${nodeBlocks(cfg.cidr)} /24 blocks; the nodes past that take blocks beyond it`,
    );
  }
  if (cfg.nodes > 0) nthCIDR(firstBlock, cfg.nodes - 1); // throws when the blocks leave the IPv4 space
  const nodes = new ManagedNodes({
    manageAll: cfg.manageAllNodes,
    prefix: cfg.nodeNamePrefix,
    nodes: cfg.nodes,
    firstBlock,
  });
  const nodeNames = Array.from({ length: cfg.nodes }, (_, i) => `${cfg.nodeNamePrefix}${i}`);

  const nodeInformer = new SharedIndexInformer<Node>(
    transformListWatch(listWatchFromClient(new ResourceClient<Node>(watchClient, NODES)), slimNode),
    {
      onHandlerError: (err) => log.error({ err }, 'node handler failed'),
    },
  );
  const podInformer = new SharedIndexInformer<Pod>(
    transformListWatch(
      listWatchFromClient(new ResourceClient<Pod>(watchClient, PODS), { fieldSelector: 'spec.nodeName!=' }),
      slimPod,
    ),
    {
      indexers: { [POD_NODE_INDEX]: podNodeIndex },
      onHandlerError: (err) => log.error({ err }, 'pod handler failed'),
    },
  );
  const nodeCtl = new NodeController({
    api,
    nodes,
    getNode: (name) => nodeInformer.lister.get(undefined, name),
    clock,
    queueClock: deps.timers,
    leaseRenewIntervalMs: cfg.leaseRenewIntervalMs,
    nodeStatusReportFrequencyMs: cfg.nodeStatusReportFrequencyMs,
    workers: cfg.nodeWorkers,
    leaseWorkers: Math.max(cfg.nodeWorkers, cfg.nodes),
    log,
  });
  const podCtl = new PodController({
    api,
    nodes,
    informer: podInformer,
    clock,
    queueClock: deps.timers,
    // As many as nodes: every kubelet writes its own pods' statuses, none waits on another node's.
    workers: Math.max(cfg.podWorkers, cfg.nodes),
    log,
  });

  const onNode = (node: Node) => {
    const name = node.metadata?.name ?? '';
    const r = nodeCtl.observe(node);
    if (!r.state) return;
    if (r.cidrChanged) podCtl.reserveNode(name);
    if (r.added || r.resumed) podCtl.enqueueNode(name);
  };
  nodeInformer.addEventHandler({
    onAdd: onNode,
    onUpdate: (_old, node) => onNode(node),
    onDelete: (node) => nodeCtl.forget(node.metadata?.name ?? ''),
  });
  podInformer.addEventHandler(podCtl.handlers());

  const informers = Promise.all([nodeInformer.run(stopping.signal), podInformer.run(stopping.signal)]);
  informers.catch((err: unknown) => log.error({ err }, 'informer stopped'));
  const synced = (async () => {
    const ok = (await nodeInformer.waitForSync(stopping.signal)) && (await podInformer.waitForSync(stopping.signal));
    if (!ok) throw new Error('kwok stopped before its caches synced');
  })();
  const heartbeats = nodeCtl.run(stopping.signal);
  heartbeats.catch((err: unknown) => log.error({ err }, 'heartbeats stopped'));
  const pods = (async () => {
    await synced;
    const reserved = podCtl.rebuild();
    log.info({ nodes: nodes.size, reserved }, 'caches synced; pod addresses rebuilt');
    await podCtl.run(stopping.signal);
  })();
  pods.catch((err: unknown) => {
    if (!stopping.signal.aborted) log.error({ err }, 'pod workers stopped');
  });

  const t0 = Date.now();
  // Registration reads the synced node cache: nodes already there are adopted without a create.
  const registered = nodeInformer.waitForSync(stopping.signal).then(() =>
    registerNodes({
      count: cfg.nodes,
      concurrency: cfg.registerConcurrency,
      api,
      clock: deps.timers ?? realClock,
      log,
      signal: stopping.signal,
      build: (i) => {
        const block = nthCIDR(firstBlock, i);
        return buildNode(nodeNames[i], {
          now: clock.now(),
          internalIP: nodeIPFor(block),
          zone: cfg.zones.length ? cfg.zones[i % cfg.zones.length] : undefined,
          allocatable: { cpu: cfg.nodeCpu, memory: cfg.nodeMemory, pods: cfg.nodePods },
        });
      },
      existing: (name) => nodeInformer.lister.get(undefined, name),
      adopt: (existing) => isManagedNode(existing, cfg.manageAllNodes),
      afterRegister: (node, created) => nodeCtl.heartbeatNow(node, !created),
    }),
  );
  const ready = (async () => {
    const result = await registered;
    await synced;
    if (stopping.signal.aborted) throw new Error('kwok stopped before it was ready');
    log.info(
      { registered: result.registered, skipped: result.skipped.length, ms: Date.now() - t0 },
      `${result.registered} nodes registered and heartbeating`,
    );
  })();
  // Awaited by whoever wants it; a stop before readiness must not be an unhandled rejection.
  ready.catch(() => undefined);

  return {
    ready,
    nodeNames,
    nodes,
    async stop() {
      stopping.abort();
      signal.removeEventListener('abort', onAbort);
      await Promise.allSettled([registered, heartbeats, pods, informers, synced]);
      client.close();
      watchClient.close();
    },
  };
}

/** Runs kwok until `signal` aborts. */
export async function run(config: KwokConfig, signal: AbortSignal): Promise<void> {
  const log = pino({ base: { component: 'kwok' } }, pino.destination(2));
  const kwok = await start(config, signal, { log });
  kwok.ready.then(
    () => log.info('ready'),
    () => undefined,
  );
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await kwok.stop();
}

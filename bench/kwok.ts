/**
 * `npm run bench:kwok` — one `k8ts kwok` process carrying 5,000 nodes and 100,000 pods, beside the
 * whole control plane (`k8ts server`: etcd, apiserver, scheduler, controller manager).
 *
 * Lines:
 * - 5,000 nodes Ready and schedulable, from starting kwok;
 * - 100,000 pods created already bound (`spec.nodeName`, 20 a node, so that the scheduler is not
 *   what is measured), 64 creates in flight: the create rate, and from the first create to every
 *   pod Running and Ready (followed with an informer);
 * - a hold of 60 s with everything in place: kwok's resident memory and CPU, the apiserver's CPU,
 *   the Lease renewals a second; then how many nodes went NotReady since all were Ready, and how
 *   many pods stopped being Ready since they were created (target 0: every node stays Ready
 *   while kwok takes on the pods and carries them);
 * - deleting every pod (64 deletes in flight, each graceful, finished by kwok), to no pod left;
 *   and again how many nodes went NotReady, with how long before each one's transition its last
 *   Lease renewal was stored (under 40 s: the controller manager saw the renewals late); and the
 *   apiserver's LISTs of pods (an informer that falls behind lists again).
 * After each line, the CPU seconds each process used during it.
 *
 * Flags: --quick (500 nodes, 10,000 pods, a 20 s hold), --nodes N, --pods N, --json.
 */
import { parseArgs } from 'node:util';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { loadRestConfig } from '../src/client/kubeconfig/index.js';
import { RestClient } from '../src/client/rest/client.js';
import { ResourceClient } from '../src/client/rest/resource-client.js';
import { listWatchFromClient } from '../src/client/informers/list-watch.js';
import { SharedIndexInformer } from '../src/client/informers/shared-informer.js';
import { PODS as POD_RESOURCE } from '../src/kwok/api.js';
import {
  cpuMeter,
  idleLoad,
  isReady,
  log,
  followLeaseWrites,
  nodesSchedulable,
  notReadySince,
  printRows,
  requestCount,
  rssMB,
  startKwok,
  startScaleServer,
  type Row,
} from './lib/cluster.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    nodes: { type: 'string' },
    pods: { type: 'string' },
  },
});
const NODES = Number(flags.nodes ?? (flags.quick ? 500 : 5000));
const PODS = Number(flags.pods ?? (flags.quick ? 10_000 : 100_000));
const HOLD_MS = flags.quick ? 20_000 : 60_000;
const IN_FLIGHT = 64;
const NAMESPACE = 'kwok-bench';
const podsPath = `/api/v1/namespaces/${NAMESPACE}/pods`;

/** Runs `work(i)` for i in [0, count) with `inFlight` at a time, logging each tenth done. */
async function inParallel(what: string, count: number, inFlight: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      await work(next++);
      if (++done % Math.max(1, Math.floor(count / 10)) === 0) log(`${what}: ${done}/${count}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/**
 * Follows the bench's pods with an informer (a watch that lists again when it falls too far
 * behind, as any client must): which are Running and Ready, how many there are, and how many
 * stopped being Ready while not being deleted. `when(probe)` resolves once `probe` holds.
 */
function followPods(client: RestClient, signal: AbortSignal) {
  const informer = new SharedIndexInformer<Pod>(
    listWatchFromClient(new ResourceClient<Pod>(client, POD_RESOURCE), {
      namespace: NAMESPACE,
    }),
  );
  const ready = new Set<string>();
  const state = { ready, lostReady: 0, count: () => informer.indexer.list().length };
  let waiter: { probe: () => boolean; resolve: () => void } | undefined;
  const check = () => {
    if (waiter?.probe()) {
      waiter.resolve();
      waiter = undefined;
    }
  };
  const seen = (pod: Pod) => {
    const name = pod.metadata?.name ?? '';
    if (pod.status?.phase === 'Running' && isReady(pod) && !pod.metadata?.deletionTimestamp) ready.add(name);
    else if (ready.delete(name) && !pod.metadata?.deletionTimestamp) state.lostReady++;
    check();
  };
  informer.addEventHandler({
    onAdd: seen,
    onUpdate: (_old, pod) => seen(pod),
    onDelete: (pod) => {
      ready.delete(pod.metadata?.name ?? '');
      check();
    },
  });
  const done = informer.run(signal);
  return {
    state,
    done,
    synced: () => informer.waitForSync(signal),
    /** Resolves once `probe` holds; logs `status()` every 10 s meanwhile; fails after 15 minutes. */
    when: (what: string, probe: () => boolean, status: () => string) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const tick = setInterval(() => {
          if (Date.now() - started > 900_000) reject(new Error(`timed out: ${what} (${status()})`));
          else log(`${what}: ${status()}`);
        }, 10_000);
        waiter = { probe, resolve: () => (clearInterval(tick), resolve()) };
        check();
      }),
  };
}

/** The nodes that stop being Ready while followed, each with the time of its first transition. */
function followNodes(client: RestClient, signal: AbortSignal) {
  const notReady = new Map<string, number>();
  const done = (async () => {
    for await (const ev of client.watch<Node>('/api/v1/nodes', {}, signal)) {
      const node = ev.object as Node;
      const since = ev.type === 'DELETED' ? undefined : notReadySince(node);
      const name = node.metadata?.name ?? '';
      if (since !== undefined && !notReady.has(name)) notReady.set(name, since);
    }
  })().catch((err) => {
    if (!signal.aborted) throw err;
  });
  return { notReady, done };
}

async function main() {
  const { server, stop: stopServer } = await startScaleServer('kwok');
  const rest = loadRestConfig({ kubeconfig: server.adminKubeconfig });
  rest.qps = -1;
  const client = new RestClient(rest);
  const rows: Row[] = [];
  const stop = new AbortController();
  try {
    // 1. Nodes.
    let t0 = Date.now();
    const kwok = startKwok(server, NODES, ['--cidr', '10.0.0.0/8']);
    const cpu = cpuMeter(server, kwok.pid!);
    await nodesSchedulable(client, NODES);
    rows.push({ line: `${NODES} nodes Ready from start`, seconds: (Date.now() - t0) / 1000, target: '' });
    log(`nodes: ${rows.at(-1)!.seconds!.toFixed(1)} s`);
    rows.push(cpu.row());
    const nodes = followNodes(client, stop.signal);
    const leases = followLeaseWrites(client, stop.signal);

    // 2. Pods, bound ahead.
    await client.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    });
    const pods = followPods(client, stop.signal);
    await pods.synced();
    t0 = Date.now();
    await inParallel('pods created', PODS, IN_FLIGHT, (i) =>
      client.request({
        method: 'POST',
        path: podsPath,
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `pod-${i}`, labels: { app: 'kwok-bench' } },
          spec: { nodeName: `kwok-node-${i % NODES}`, containers: [{ name: 'app', image: 'nginx' }] },
        },
      }),
    );
    const created = (Date.now() - t0) / 1000;
    rows.push({
      line: `${PODS} pods created, bound ahead (creates/s)`,
      value: (PODS / created).toFixed(0),
      target: '',
    });
    await pods.when(
      'Running and Ready',
      () => pods.state.ready.size === PODS,
      () => `${pods.state.ready.size}/${PODS}`,
    );
    rows.push({ line: `create → all ${PODS} Running and Ready`, seconds: (Date.now() - t0) / 1000, target: '' });
    log(`pods: ${rows.at(-1)!.seconds!.toFixed(1)} s`);
    rows.push(cpu.row());

    // 3. Hold.
    await idleLoad(server, client, rows, HOLD_MS);
    rows.push({ line: `(hold ${HOLD_MS / 1000} s: kwok RSS, MB)`, value: rssMB(kwok.pid!).toFixed(0), target: '' });
    const held = cpu.row();
    const kwokCores = held.byProcess.get('kwok')! / (HOLD_MS / 1000);
    rows.push({ line: '(hold: kwok cores)', value: kwokCores.toFixed(2), target: '' });
    rows.push({
      line: '(nodes that went NotReady, since all were Ready)',
      value: String(nodes.notReady.size),
      target: '0',
    });
    rows.push({
      line: '(pods that stopped being Ready, since created)',
      value: String(pods.state.lostReady),
      target: '0',
    });
    rows.push(held);

    // 4. Delete them.
    t0 = Date.now();
    await inParallel('pods deleted', PODS, IN_FLIGHT, (i) =>
      client.request({ method: 'DELETE', path: `${podsPath}/pod-${i}` }),
    );
    await pods.when(
      'gone',
      () => pods.state.count() === 0,
      () => `${PODS - pods.state.count()}/${PODS}`,
    );
    rows.push({ line: `deleting them, → no pod left`, seconds: (Date.now() - t0) / 1000, target: '' });
    log(`delete: ${rows.at(-1)!.seconds!.toFixed(1)} s`);
    rows.push(cpu.row());
    rows.push({ line: '(nodes that went NotReady, by the end)', value: String(nodes.notReady.size), target: '0' });
    // The bench's informer lists once; each further LIST is it falling behind and starting over.
    const lists = await requestCount(client, 'verb="LIST",group="",version="v1",resource="pods"');
    rows.push({
      line: "(LISTs of pods: the bench's informer, kwok's, the controllers')",
      value: String(lists),
      target: '',
    });
    // Renewals stored shortly before a node went NotReady mean the controller saw them late.
    const gaps = [...nodes.notReady]
      .map(([name, at]) => leases.gapBefore(name, at))
      .filter((g) => g !== undefined)
      .sort((a, b) => a - b);
    if (gaps.length)
      rows.push({
        line: '(those nodes: last renewal stored → NotReady, s: min / median / max)',
        value: [gaps[0], gaps[Math.floor(gaps.length / 2)], gaps.at(-1)].map((g) => g!.toFixed(0)).join(' / '),
        target: '',
      });
    kwok.kill('SIGTERM');
  } finally {
    stop.abort();
    client.close();
    await stopServer();
  }
  printRows(rows, flags.json);
}

await main();
process.exit(0);

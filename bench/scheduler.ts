/**
 * `npm run bench:scheduler` — kube-scheduler's own benchmark (scheduler_perf) on `k8ts scheduler`,
 * with the scheduler, `k8ts apiserver` and `k8ts etcd` each a process on this machine.
 *
 * Each line starts a fresh cluster (TaintNodesByCondition off, as upstream's integration server
 * runs), makes the nodes and the init and measured pods, then starts the scheduler (QPS and burst
 * 5,000, as scheduler_perf sets them) and follows the pods with a watch. Throughput is measured
 * pods over the time from the last init pod bound to the last measured pod bound (for Preemption,
 * whose measured pods must find the init pods in place, from their creation instead). Latency is
 * the scheduler's own `scheduler_scheduling_attempt_duration_seconds` (the cycle and the binding)
 * over all the line's pods (for Preemption, over the measured pods).
 *
 * Flags: --quick (a tenth of the sizes), --only <names> (comma-separated line names), --json,
 * --cpu-prof <dir> (CPU profiles of the scheduler and apiserver processes).
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import https from 'node:https';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { loadRestConfig } from '../src/client/kubeconfig/index.js';
import { RestClient } from '../src/client/rest/client.js';
import { freePort } from '../src/machinery/ports.js';
import { startCluster } from '../test/e2e/support/cluster.js';
import { processCpuSeconds } from './lib/cpu.js';
import { fmt, table } from './lib/stats.js';
import { HIGH_PRIORITY, makeNode, NAMESPACE, workloads, type Workload } from './scheduler/workloads.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    json: { type: 'boolean' },
    'cpu-prof': { type: 'string' },
  },
});
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Runs `fn` over `items` with `width` in flight. */
async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

function scrape(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: '/metrics', rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/** The cumulative buckets of the scheduled attempts' duration histogram: le → count. */
function attemptBuckets(metrics: string): Map<number, number> {
  const out = new Map<number, number>();
  const re = /^scheduler_scheduling_attempt_duration_seconds_bucket\{([^}]*)\} (\d+)/gm;
  for (const m of metrics.matchAll(re)) {
    if (!m[1].includes('result="scheduled"')) continue;
    const le = /le="([^"]+)"/.exec(m[1])![1];
    out.set(le === '+Inf' ? Infinity : Number(le), Number(m[2]));
  }
  return out;
}

/** A quantile of the difference of two bucket snapshots, interpolated as histogram_quantile does. */
function quantile(before: Map<number, number>, after: Map<number, number>, q: number): number {
  const les = [...after.keys()].sort((a, b) => a - b);
  const counts = les.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts[counts.length - 1];
  if (!total) return NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (let i = 0; i < les.length; i++) {
    if (counts[i] >= rank) {
      if (les[i] === Infinity) return prevLe;
      return prevLe + ((les[i] - prevLe) * (rank - prevCount)) / (counts[i] - prevCount || 1);
    }
    prevLe = les[i];
    prevCount = counts[i];
  }
  return prevLe;
}

interface LineResult {
  name: string;
  nodes: number;
  pods: number;
  podsPerSecond: number;
  p50ms: number;
  p99ms: number;
  floor: number;
  schedulerCpuPerPodMs: number;
  apiserverCores: number;
}

async function runLine(w: Workload): Promise<LineResult> {
  log(`${w.name}: starting a cluster`);
  const prof = flags['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', flags['cpu-prof']] : [];
  const cluster = await startCluster({
    apiserverArgs: ['--disable-admission-plugins', 'TaintNodesByCondition'],
    apiserverNodeArgs: prof,
  });
  const client = new RestClient({ ...loadRestConfig({ kubeconfig: cluster.kubeconfig }), qps: -1 });
  try {
    const post = (path: string, body: object) => client.request({ method: 'POST', path, body });
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    await post('/apis/scheduling.k8s.io/v1/priorityclasses', HIGH_PRIORITY);
    let t = performance.now();
    await pool(
      Array.from({ length: w.nodes }, (_, i) => i),
      32,
      (i) => post('/api/v1/nodes', makeNode(`node-${String(i).padStart(5, '0')}`, w.nodeLabels(i))),
    );
    log(`${w.name}: ${w.nodes} nodes in ${fmt((performance.now() - t) / 1000)} s`);
    const podsPath = `/api/v1/namespaces/${NAMESPACE}/pods`;
    const initNames = Array.from({ length: w.initPods }, (_, i) => `init-${String(i).padStart(6, '0')}`);
    const measureNames = Array.from({ length: w.measurePods }, (_, i) => `measure-${String(i).padStart(6, '0')}`);
    const createMeasured = () => pool(measureNames, 32, (n) => post(podsPath, w.measurePod(n)));
    t = performance.now();
    await pool(initNames, 32, (n) => post(podsPath, w.initPod(n)));
    if (!w.createMeasuredAfterInit) await createMeasured();
    log(`${w.name}: pods created in ${fmt((performance.now() - t) / 1000)} s`);

    // Follow the pods from here on: the time each is first seen bound.
    const list = (
      await client.request<{ metadata: { resourceVersion: string } }>({ path: podsPath, query: { limit: 1 } })
    ).body;
    const bound = new Map<string, number>();
    const watching = new AbortController();
    const watch = (async () => {
      for await (const ev of client.watch<Pod>(
        podsPath,
        { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
        watching.signal,
      )) {
        const name = ev.object.metadata?.name ?? '';
        if (ev.object.spec?.nodeName && !bound.has(name)) bound.set(name, performance.now());
      }
    })().catch(() => undefined);
    const until = async (cond: () => boolean, what: string, ms: number) => {
      const deadline = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > deadline)
          throw new Error(`${w.name}: ${what} not done in ${ms / 1000} s (${bound.size} bound)\n${scheduler.log()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const configFile = join(cluster.dir, 'scheduler.yaml');
    writeFileSync(
      configFile,
      [
        'apiVersion: kubescheduler.config.k8s.io/v1',
        'kind: KubeSchedulerConfiguration',
        'leaderElection: { leaderElect: false }',
        'clientConnection: { qps: 5000, burst: 5000 }',
      ].join('\n'),
    );
    const port = await freePort();
    const scheduler = cluster.spawn(
      [
        'scheduler',
        '--kubeconfig',
        cluster.kubeconfig,
        '--config',
        configFile,
        '--bind-address',
        '127.0.0.1',
        '--secure-port',
        String(port),
      ],
      flags['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', flags['cpu-prof']] : [],
    );
    const initBound = () => initNames.every((n) => bound.has(n));
    await until(initBound, 'init pods', 300_000);
    // Pre-created measured pods are already being scheduled here: their latency counts from zero.
    const before = w.createMeasuredAfterInit ? attemptBuckets(await scrape(port)) : new Map<number, number>();
    const schedCpu0 = processCpuSeconds(scheduler.child.pid);
    const apiCpu0 = processCpuSeconds(cluster.apiserverPid());
    let start = Math.max(...initNames.map((n) => bound.get(n)!));
    if (w.createMeasuredAfterInit) {
      start = performance.now();
      await createMeasured();
    }
    await until(() => measureNames.every((n) => bound.has(n)), 'measured pods', 600_000);
    const end = Math.max(...measureNames.map((n) => bound.get(n)!));
    const seconds = (end - start) / 1000;
    const after = attemptBuckets(await scrape(port));
    const schedCpu = processCpuSeconds(scheduler.child.pid) - schedCpu0;
    const apiCpu = processCpuSeconds(cluster.apiserverPid()) - apiCpu0;
    watching.abort();
    await watch;
    const r: LineResult = {
      name: w.name,
      nodes: w.nodes,
      pods: w.measurePods,
      podsPerSecond: w.measurePods / seconds,
      p50ms: quantile(before, after, 0.5) * 1000,
      p99ms: quantile(before, after, 0.99) * 1000,
      floor: w.floor,
      schedulerCpuPerPodMs: (schedCpu * 1000) / w.measurePods,
      apiserverCores: apiCpu / seconds,
    };
    log(`${w.name}: ${fmt(r.podsPerSecond)} pods/s (floor ${w.floor})`);
    return r;
  } finally {
    client.close();
    await cluster.stop();
  }
}

const only = flags.only?.split(',');
const results: LineResult[] = [];
for (const w of workloads(!!flags.quick)) if (!only || only.includes(w.name)) results.push(await runLine(w));
if (flags.json) console.log(JSON.stringify(results, null, 2));
else
  console.log(
    table(
      [
        'line',
        'nodes',
        'measured pods',
        'pods/s',
        'upstream floor',
        'ratio to floor',
        'attempt p50 / p99 (ms)',
        'scheduler CPU/pod (ms)',
        'apiserver cores',
      ],
      results.map((r) => [
        r.name,
        String(r.nodes),
        String(r.pods),
        fmt(r.podsPerSecond),
        String(r.floor),
        `${fmt(r.podsPerSecond / r.floor)}×`,
        `${fmt(r.p50ms)} / ${fmt(r.p99ms)}`,
        fmt(r.schedulerCpuPerPodMs),
        fmt(r.apiserverCores),
      ]),
    ),
  );
process.exit(0);

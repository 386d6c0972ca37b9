/**
 * `npm run bench:apiserver` — `k8ts apiserver` on `k8ts etcd` (both as processes, the store on
 * disk), driven over HTTP/2 the way client-go drives it.
 *
 * Lines:
 *  1. single-object latency: 20 clients at 200 requests/s in all, each cycling create → get →
 *     update → delete on its own pods; p50/p99 per verb after a warm-up (target: mutating
 *     p99 ≤ 25 ms), as the clients see it, and beside it how many of the same requests the
 *     apiserver's own histogram (upstream's SLI) has over 25 ms;
 *  2. throughput at saturation: GET of one pod and pod creates, 20 clients × 16 in flight; the
 *     GET figure beside a bare Node HTTP/2 server answering the same bytes from memory (target
 *     ≥ 40% of it);
 *  3. LIST of 10,000 and 100,000 pods, as JSON and as a Table (target: 100,000 in ≤ 2 s;
 *     upstream's SLO is 30 s), written straight into etcd and timed once the apiserver's watch
 *     cache holds them;
 *  4. watch fan-out: 1,000 watchers (label-selected shards) and a burst of 10,000 creates from
 *     20 writers; the delay from each create being sent to its event arriving, p50/p99 (target
 *     p99 ≤ 100 ms);
 *  5. custom-resource CRUD against ConfigMap CRUD, 4 closed-loop clients (target ≤ 1.2×);
 *  6. server-side apply against a plain update making the same change to a Deployment, 4
 *     closed-loop clients (target ≤ 2×);
 *  7. GET throughput with a token and RBAC against AlwaysAllow, two apiservers (target ≤ 10% slower).
 *
 * Flags: --quick (small sizes), --json, --only <lines> (comma-separated: latency, throughput,
 * list, watch, crd, apply, auth, webhook), --store etcd (the apiserver on real etcd, Debian's `etcd`, instead of `k8ts etcd`:
 * which part of a figure is the store's). Progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Etcd3 } from 'etcd3';
import { startCluster, type E2ECluster } from '../test/e2e/support/cluster.js';
import { H2Client } from './apiserver/h2.js';
import { fmt, summarize, table, type LatencySummary } from './lib/stats.js';
import { applyComparison, crudComparison, prepareExtensions } from './apiserver/extension-lines.js';
import { saturate } from './apiserver/saturate.js';
import { authComparison } from './apiserver/auth-line.js';
import { webhookComparison } from './apiserver/webhook-line.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    only: { type: 'string' },
    store: { type: 'string' },
  },
});
const quick = !!flags.quick;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

const pod = (name: string, ns: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: 'bench', tier: 'web' }, ...extra },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'registry.k8s.io/pause:3.10',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '64Mi' } },
      },
    ],
    restartPolicy: 'Always',
  },
});

async function createNamespace(c: H2Client, name: string) {
  await c.request(
    'POST',
    '/api/v1/namespaces',
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
  );
}

const VERBS: Record<string, string> = { POST: 'create', GET: 'get', PUT: 'update', DELETE: 'delete' };

/** Per verb, the apiserver's count of calls and of those within 25 ms. */
type ServerCounts = Record<string, { count: number; within: number }>;

/**
 * The apiserver's own count of pod requests per verb (create, get, update, delete), and how many
 * of them it answered within 25 ms: from its `apiserver_request_duration_seconds` histogram, whose
 * bucket edge at 25 ms is upstream's. Upstream's API call latency SLI is this histogram (perf-tests
 * reads its p99 per verb and resource), so the count excludes the client's side of a call.
 */
async function podRequestTimes(c: H2Client): Promise<ServerCounts> {
  const text = (await c.request('GET', '/metrics', undefined, { accept: 'text/plain' })).body.toString();
  const out: ServerCounts = {};
  for (const line of text.split('\n')) {
    const m = /^apiserver_request_duration_seconds_(bucket|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    const verb = VERBS[labels.verb];
    if (!verb || labels.resource !== 'pods' || labels.subresource || labels.scope !== 'resource') continue;
    const v = (out[verb] ??= { count: 0, within: 0 });
    if (m[1] === 'count') v.count = Number(m[3]);
    else if (labels.le === '0.025') v.within = Number(m[3]);
  }
  return out;
}

/** Line 1: 20 clients, each one request per 100 ms. */
async function latencyLine(
  url: string,
  ca: Buffer,
): Promise<{ client: Record<string, LatencySummary>; server: ServerCounts }> {
  const clients = 20;
  const durationMs = quick ? 4000 : 20_000;
  const samples: Record<string, number[]> = { create: [], get: [], update: [], delete: [] };
  const conns = Array.from({ length: clients }, () => new H2Client(url, ca));
  await createNamespace(conns[0], 'lat');
  // The first seconds warm the server up (code loaded and compiled on first use) and are not counted.
  const warmUntil = performance.now() + (quick ? 1000 : 3000);
  const end = warmUntil + durationMs;
  // The server's counts from the end of the warm-up on.
  const atWarm = new Promise<ServerCounts>((resolve, reject) =>
    setTimeout(() => podRequestTimes(conns[0]).then(resolve, reject), warmUntil - performance.now()),
  );
  const timed = async (verb: string, fn: () => Promise<{ status: number }>, want: number) => {
    const t = performance.now();
    const r = await fn();
    if (r.status !== want) throw new Error(`${verb} answered ${r.status}`);
    if (t >= warmUntil) samples[verb].push(performance.now() - t);
  };
  await Promise.all(
    conns.map(async (c, ci) => {
      // Spread the clients over the 100 ms tick so the rate is even.
      await new Promise((r) => setTimeout(r, (ci * 100) / clients));
      let next = performance.now();
      let i = 0;
      const pace = async () => {
        next += 100;
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      };
      while (performance.now() < end) {
        const name = `p-${ci}-${i++}`;
        const base = '/api/v1/namespaces/lat/pods';
        let current: Record<string, unknown> = {};
        await timed('create', async () => c.request('POST', base, JSON.stringify(pod(name, 'lat'))), 201);
        await pace();
        await timed(
          'get',
          async () => {
            const r = await c.request('GET', `${base}/${name}`);
            current = JSON.parse(r.body.toString());
            return r;
          },
          200,
        );
        await pace();
        (current.metadata as Record<string, Record<string, string>>).labels.round = String(i);
        await timed('update', () => c.request('PUT', `${base}/${name}`, JSON.stringify(current)), 200);
        await pace();
        await timed('delete', () => c.request('DELETE', `${base}/${name}`), 200);
        await pace();
      }
    }),
  );
  const [before, after] = [await atWarm, await podRequestTimes(conns[0])];
  conns.forEach((c) => c.close());
  const server = Object.fromEntries(
    Object.entries(after).map(([verb, a]) => [
      verb,
      { count: a.count - (before[verb]?.count ?? 0), within: a.within - (before[verb]?.within ?? 0) },
    ]),
  );
  return { client: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])), server };
}

async function startBare(cluster: E2ECluster, body: Buffer): Promise<{ url: string; stop: () => void }> {
  const bodyFile = join(cluster.dir, 'bare-body.json');
  writeFileSync(bodyFile, body);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./apiserver/bare.ts', import.meta.url).pathname,
      join(cluster.dir, 'pki', 'apiserver.crt'),
      join(cluster.dir, 'pki', 'apiserver.key'),
      bodyFile,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(String(d).trim())));
  return { url: `https://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** CPU time (ms) a process has used, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks
  } catch {
    return NaN;
  }
}

/** Line 2: GET and create throughput, the apiserver's CPU per request, and the bare server's GET throughput. */
async function throughputLine(cluster: E2ECluster, ca: Buffer) {
  const ms = quick ? 2000 : 5000;
  const conns = Array.from({ length: 20 }, () => new H2Client(cluster.url, ca));
  await createNamespace(conns[0], 'tput');
  const created = await conns[0].request('POST', '/api/v1/namespaces/tput/pods', JSON.stringify(pod('target', 'tput')));
  const path = '/api/v1/namespaces/tput/pods/target';
  const get = async (c: H2Client) => {
    const r = await c.request('GET', path);
    if (r.status !== 200) throw new Error(`GET ${r.status}`);
  };
  await saturate(conns, 16, 500, get);
  const pid = cluster.apiserverPid();
  let cpu = cpuMs(pid);
  let done = 0;
  const gets = await saturate(conns, 16, ms, async (c) => {
    await get(c);
    done++;
  });
  const getCpuMs = (cpuMs(pid) - cpu) / done;
  cpu = cpuMs(pid);
  done = 0;
  // 20 × 8 in flight stays under --max-mutating-requests-inflight (200).
  const creates = await saturate(conns, 8, ms, async (c, i) => {
    const r = await c.request('POST', '/api/v1/namespaces/tput/pods', JSON.stringify(pod(`t-${i}`, 'tput')));
    if (r.status !== 201) throw new Error(`create ${r.status}`);
    done++;
  });
  const createCpuMs = (cpuMs(pid) - cpu) / done;
  conns.forEach((c) => c.close());
  const body = (await new H2Client(cluster.url, ca).request('GET', path)).body;
  const bare = await startBare(cluster, body.length ? body : created.body);
  const bconns = Array.from({ length: 20 }, () => new H2Client(bare.url, ca));
  const bareGet = async (c: H2Client) => void (await c.request('GET', path));
  await saturate(bconns, 16, 500, bareGet);
  const bareGets = await saturate(bconns, 16, ms, bareGet);
  bconns.forEach((c) => c.close());
  bare.stop();
  return { gets, creates, bareGets, getCpuMs, createCpuMs };
}

/** Writes `count` pods into namespace `ns` straight into etcd, as the apiserver stores them. */
async function seedPods(etcd: Etcd3, ns: string, from: number, count: number) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const batch = 100;
  const jobs: Promise<unknown>[] = [];
  for (let i = from; i < from + count; i += batch) {
    const ops = [];
    for (let k = i; k < Math.min(i + batch, from + count); k++) {
      const p = pod(`seed-${String(k).padStart(6, '0')}`, ns, {
        uid: `00000000-0000-0000-0000-${String(k).padStart(12, '0')}`,
        creationTimestamp: now,
      });
      (p as Record<string, unknown>).status = { phase: 'Pending', qosClass: 'Burstable' };
      ops.push(etcd.put(`/registry/pods/${ns}/${p.metadata.name}`).value(JSON.stringify(p)));
    }
    jobs.push(
      etcd
        .if(`/registry/pods/${ns}/seed-none`, 'Create', '==', 0)
        .then(...ops)
        .commit(),
    );
    if (jobs.length >= 32) await Promise.all(jobs.splice(0));
  }
  await Promise.all(jobs);
}

/**
 * Waits until the apiserver's watch cache holds what `seedPods` wrote straight into etcd: a
 * consistent LIST selecting nothing is answered from the cache once it has caught up, and with
 * 504 (upstream's "Too large resource version", Retry-After 1 s) while it has not, which client-go
 * retries. Ingesting 90,000 pods can take longer than the 3 s such a read waits.
 */
async function cacheCaughtUp(c: H2Client, ns: string) {
  for (let tries = 0; ; tries++) {
    const r = await c.request('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=bench-none%3Dx`);
    if (r.status === 200) return;
    if (r.status !== 504 || tries === 20) throw new Error(`LIST answered ${r.status}: ${r.body.toString()}`);
    await new Promise((wake) => setTimeout(wake, 1000));
  }
}

/** Line 3: LIST times for a namespace of `total` pods, JSON and Table. */
async function listLine(c: H2Client, ns: string, iters: number) {
  const run = async (accept: string) => {
    const times: number[] = [];
    let bytes = 0;
    let items = 0;
    for (let i = 0; i < iters; i++) {
      const t = performance.now();
      const r = await c.request('GET', `/api/v1/namespaces/${ns}/pods`, undefined, { accept });
      times.push(performance.now() - t);
      bytes = r.body.length;
      if (i === 0) {
        const parsed = JSON.parse(r.body.toString());
        const list = parsed.items ?? parsed.rows;
        if (!Array.isArray(list)) throw new Error(`LIST answered ${r.status}: ${r.body.toString().slice(0, 500)}`);
        items = list.length;
      }
    }
    return { ...summarize(times), bytes, items };
  };
  return {
    json: await run('application/json'),
    table: await run('application/json;as=Table;v=v1;g=meta.k8s.io,application/json'),
  };
}

/**
 * Writers in flight during the watch burst. The delay is measured from each create being sent, so
 * it includes the create's own wait in the apiserver's queue: with W writers saturating it, that
 * alone is W / (creates per second). 20 writers keep the burst near the server's full create rate.
 */
const WRITERS = 20;

/** Line 4: 1,000 label-selected watchers, a burst of creates, delivery delay per event. */
async function watchLine(cluster: E2ECluster, ca: Buffer) {
  const watchers = 1000;
  const changes = quick ? 2000 : 10_000;
  const sessions = Array.from({ length: 20 }, () => new H2Client(cluster.url, ca));
  await createNamespace(sessions[0], 'fan');
  const list = JSON.parse((await sessions[0].request('GET', '/api/v1/namespaces/fan/configmaps')).body.toString());
  const rv = list.metadata.resourceVersion;
  const delays: number[] = [];
  let received = 0;
  const streams = [];
  const t0 = performance.timeOrigin;
  for (let w = 0; w < watchers; w++) {
    const s = sessions[w % sessions.length];
    streams.push(
      s.stream(
        `/api/v1/namespaces/fan/configmaps?watch=true&resourceVersion=${rv}&labelSelector=shard%3D${w}`,
        (line) => {
          const m = /"sent":"([\d.]+)"/.exec(line);
          if (m) {
            delays.push(performance.now() + t0 - Number(m[1]));
            received++;
          }
        },
      ),
    );
  }
  await new Promise((r) => setTimeout(r, 1000));
  const writers = Array.from({ length: 10 }, () => new H2Client(cluster.url, ca));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, k) => {
      const c = writers[k % writers.length];
      while (next < changes) {
        const i = next++;
        const cm = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: `c-${i}`,
            labels: { shard: String(i % watchers) },
            annotations: { sent: String(performance.now() + t0) },
          },
          data: { i: String(i) },
        };
        const r = await c.request('POST', '/api/v1/namespaces/fan/configmaps', JSON.stringify(cm));
        if (r.status !== 201) throw new Error(`create ${r.status}: ${r.body}`);
      }
    }),
  );
  const writeMs = performance.now() - start;
  const deadline = performance.now() + 30_000;
  while (received < changes && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  streams.forEach((s) => s.close());
  [...sessions, ...writers].forEach((c) => c.close());
  return { ...summarize(delays), received, changes, writeMs };
}

const LINES = ['latency', 'throughput', 'list', 'watch', 'crd', 'apply', 'auth', 'webhook'] as const;

async function main() {
  const only = flags.only ? flags.only.split(',') : [...LINES];
  for (const l of only) if (!(LINES as readonly string[]).includes(l)) throw new Error(`--only: unknown line ${l}`);
  const run = (l: (typeof LINES)[number]) => only.includes(l);
  const store = flags.store ?? 'k8ts';
  if (store !== 'k8ts' && store !== 'etcd') throw new Error(`--store: k8ts or etcd, not ${store}`);
  log(
    `bench:apiserver${quick ? ' (quick)' : ''}: starting ${store === 'etcd' ? 'real etcd' : 'k8ts etcd'} and k8ts apiserver`,
  );
  const cluster = await startCluster({ store });
  const ca = readFileSync(join(cluster.dir, 'pki', 'apiserver.crt'));
  const etcd = new Etcd3({ hosts: [cluster.etcdEndpoint] });
  const ms = (x: number) => fmt(x, 'ms');
  const rows: string[][] = [];
  const result: Record<string, unknown> = {};
  try {
    if (run('latency')) {
      log('latency: single-object calls at 200 requests/s from 20 clients (after a warm-up)');
      const lat = (result.latency = await latencyLine(cluster.url, ca));
      for (const [verb, s] of Object.entries(lat.client))
        rows.push([
          `${verb} latency (200 req/s)`,
          `p50 ${ms(s.p50)}  p99 ${ms(s.p99)}`,
          verb === 'get' ? 'SLO 1 s' : 'target p99 ≤ 25 ms; SLO 1 s',
          `n=${s.n}`,
        ]);
      rows.push([
        'over 25 ms, server side',
        Object.values(VERBS)
          .map((verb) => lat.server[verb])
          .map((v) => (v ? `${v.count - v.within} of ${v.count}` : '-'))
          .join(' / '),
        'p99 ≤ 25 ms: at most 1%',
        "create / get / update / delete, apiserver_request_duration_seconds (upstream's SLI)",
      ]);
    }
    if (run('throughput')) {
      log('throughput: at saturation, and the bare HTTP/2 server');
      const tput = (result.throughput = await throughputLine(cluster, ca));
      rows.push([
        'GET throughput',
        `${fmt(tput.gets)} /s`,
        `bare HTTP/2: ${fmt(tput.bareGets)} /s`,
        `ratio ${fmt(tput.gets / tput.bareGets)} (target ≥ 0.40)`,
      ]);
      rows.push(['create throughput', `${fmt(tput.creates)} /s`, '', '']);
      rows.push([
        'apiserver CPU per request',
        `GET ${ms(tput.getCpuMs)}  create ${ms(tput.createCpuMs)}`,
        '',
        'its process CPU time over the saturation runs',
      ]);
    }
    if (run('list')) {
      const small = quick ? 2000 : 10_000;
      const big = quick ? 10_000 : 100_000;
      log(`list: LIST of ${small} and ${big} pods`);
      const c = new H2Client(cluster.url, ca);
      await createNamespace(c, 'list');
      await seedPods(etcd, 'list', 0, small);
      await cacheCaughtUp(c, 'list');
      const lists10k = await listLine(c, 'list', quick ? 3 : 10);
      await seedPods(etcd, 'list', small, big - small);
      await cacheCaughtUp(c, 'list');
      const lists100k = await listLine(c, 'list', quick ? 2 : 5);
      c.close();
      result.list = { [small]: lists10k, [big]: lists100k };
      for (const [label, l] of [
        [`${small}`, lists10k],
        [`${big}`, lists100k],
      ] as const) {
        rows.push([
          `LIST ${label} pods, JSON`,
          `p50 ${ms(l.json.p50)}  max ${ms(l.json.max)}`,
          `SLO 30 s${label === String(big) ? '; target ≤ 2 s' : ''}`,
          `${l.json.items} items, ${fmt(l.json.bytes / 1e6)} MB`,
        ]);
        rows.push([
          `LIST ${label} pods, Table`,
          `p50 ${ms(l.table.p50)}  max ${ms(l.table.max)}`,
          'SLO 30 s',
          `${l.table.items} rows, ${fmt(l.table.bytes / 1e6)} MB`,
        ]);
      }
    }
    if (run('watch')) {
      log('watch: 1,000 watchers and a burst of creates');
      const watch = (result.watch = await watchLine(cluster, ca));
      rows.push([
        'watch delivery, 1,000 watchers',
        `p50 ${ms(watch.p50)}  p99 ${ms(watch.p99)}`,
        'target p99 ≤ 100 ms',
        `${watch.received}/${watch.changes} events; burst written in ${fmt(watch.writeMs)} ms`,
      ]);
    }
    if (run('crd')) {
      log('crd: custom-resource CRUD against ConfigMap CRUD');
      const c = new H2Client(cluster.url, ca);
      await prepareExtensions(c, 'ext');
      c.close();
      const cmp = (result.crd = await crudComparison(cluster.url, ca, 'ext', {
        clients: 4,
        rounds: quick ? 2 : 4,
        ms: quick ? 1500 : 4000,
      }));
      for (const verb of ['create', 'get', 'update', 'delete']) {
        rows.push([
          `custom resource ${verb}`,
          `p50 ${ms(cmp.custom[verb].p50)}  p99 ${ms(cmp.custom[verb].p99)}`,
          `ConfigMap: p50 ${ms(cmp.builtin[verb].p50)}  p99 ${ms(cmp.builtin[verb].p99)}`,
          `n=${cmp.custom[verb].n}`,
        ]);
      }
      rows.push(['custom-resource CRUD cycle', '', '', `ratio to ConfigMap ${fmt(cmp.ratio)} (target ≤ 1.2)`]);
    }
    if (run('apply')) {
      log('apply: server-side apply against a plain update of the same Deployment change');
      const c = new H2Client(cluster.url, ca);
      await createNamespace(c, 'ssa');
      c.close();
      const cmp = (result.apply = await applyComparison(cluster.url, ca, 'ssa', {
        clients: 4,
        rounds: quick ? 2 : 4,
        ms: quick ? 1500 : 4000,
      }));
      rows.push([
        'server-side apply (Deployment)',
        `p50 ${ms(cmp.apply.p50)}  p99 ${ms(cmp.apply.p99)}`,
        `update: p50 ${ms(cmp.update.p50)}  p99 ${ms(cmp.update.p99)}`,
        `ratio ${fmt(cmp.ratio)} (target ≤ 2), n=${cmp.apply.n}`,
      ]);
    }
    if (run('auth')) {
      log('auth: GET throughput with a token and RBAC against AlwaysAllow (a second and third apiserver)');
      const cmp = (result.auth = await authComparison({ rounds: quick ? 2 : 4, ms: quick ? 1500 : 4000 }));
      rows.push([
        'GET throughput, token + RBAC',
        `${fmt(cmp.rbac)} /s`,
        `AlwaysAllow: ${fmt(cmp.alwaysAllow)} /s`,
        `ratio ${fmt(cmp.ratio)} (target ≥ 0.90)`,
      ]);
    }
    if (run('webhook')) {
      log('webhook: ConfigMap creates with a validating webhook (HTTPS, loopback) against creates without');
      const cmp = (result.webhook = await webhookComparison(cluster.url, ca, quick ? 100 : 400));
      rows.push([
        'create + validating webhook',
        `p50 ${ms(cmp.hooked.p50)}  p99 ${ms(cmp.hooked.p99)}`,
        `no webhook: p50 ${ms(cmp.plain.p50)}  p99 ${ms(cmp.plain.p99)}`,
        `webhook adds ${ms(cmp.addedP50)} at p50; a direct call takes ${ms(cmp.direct.p50)}, n=${cmp.hooked.n}`,
      ]);
    }
    if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(table(['line', 'k8ts', 'baseline / target', 'notes'], rows) + '\n');
  } finally {
    etcd.close();
    await cluster.stop();
  }
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}

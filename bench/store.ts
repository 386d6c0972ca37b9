/**
 * `npm run bench:store` — `k8ts etcd` against real etcd, side by side, driven by the same client
 * code (the raw EtcdRpcClient), one store at a time on loopback so they don't compete for cores.
 *
 * Lines:
 *  1. sequential put latency p50/p99 (one client, N puts of 256 B values);
 *  2. put throughput, 64 concurrent clients (64 connections, one request in flight each);
 *  3. Txn compare-and-swap throughput (the apiserver's update: If mod_revision(key) == last seen
 *     Then put Else range), 64 concurrent clients, each on its own key;
 *  4. full-prefix Range of 10,000 keys of 2 KB, p50/p99;
 *  5. watch delivery latency p99 with 100 watchers: each watcher is its own client (own gRPC
 *     connection) with one Watch stream and one watch on the prefix — the apiserver historically
 *     opens an etcd client per resource type, each with its watch-cache watch, so "100 watchers"
 *     is closest to 100 connections each carrying one watch. `--watch-mode streams` puts all 100
 *     streams on one connection instead. Latency = event arrival − put send time, over all
 *     watchers × puts.
 *
 * Flags: --quick (small sizes, < 20 s for both stores), --only k8ts|real, --json (summary on
 * stdout instead of the table), --watch-mode conns|streams. Progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { EtcdRpcClient, type Msg } from '../src/etcd/rpc-client.js';
import { startK8tsEtcd } from '../src/etcd/testing/k8ts-etcd.js';
import { startRealEtcd } from '../src/etcd/testing/real-etcd.js';
import { fmt, summarize, table, since, type LatencySummary } from './lib/stats.js';
import { cpuBetween, cpuSample } from './lib/cpu.js';

type StoreName = 'k8ts' | 'real';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    'watch-mode': { type: 'string', default: 'conns' },
  },
  strict: true,
});

if (flags.only !== undefined && flags.only !== 'k8ts' && flags.only !== 'real') {
  console.error(`--only must be k8ts or real, not ${flags.only}`);
  process.exit(2);
}
const watchMode = flags['watch-mode'];
if (watchMode !== 'conns' && watchMode !== 'streams') {
  console.error(`--watch-mode must be conns or streams, not ${watchMode}`);
  process.exit(2);
}

const quick = flags.quick;
const cfg = {
  seqPuts: quick ? 400 : 5000,
  seqWarmup: quick ? 50 : 300,
  valueBytes: 256,
  clients: 64,
  durationMs: quick ? 1500 : 5000,
  warmupMs: quick ? 500 : 1000,
  rangeKeys: quick ? 2000 : 10_000,
  rangeValueBytes: 2048,
  rangeIters: quick ? 5 : 30,
  rangeWarmup: 2,
  watchers: 100,
  watchPuts: quick ? 20 : 100,
  watchWarmupPuts: 5,
  watchSpacingMs: 20,
};

/** Separate gRPC connections per EtcdRpcClient (grpc-js otherwise shares subchannels). */
const ownConnection = { 'grpc.use_local_subchannel_pool': 1 };

function progress(msg: string): void {
  process.stderr.write(`[bench:store] ${msg}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

interface Running {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

async function startStore(name: StoreName): Promise<Running> {
  if (name === 'k8ts') {
    const s = await startK8tsEtcd();
    return { endpoint: s.endpoint, pid: s.process.pid, stop: () => s.stop() };
  }
  const s = await startRealEtcd();
  return { endpoint: s.endpoint, pid: s.process.pid, stop: () => s.stop() };
}

interface LineResult {
  /** The headline figure (ms for latency lines, ops/s for throughput lines). */
  value: number;
  detail: Record<string, number | string>;
}

interface StoreResult {
  seqPut?: LineResult;
  putThroughput?: LineResult;
  casThroughput?: LineResult;
  range?: LineResult;
  watch?: LineResult;
  error?: string;
}

// ---------------------------------------------------------------------------------------------
// Lines

async function seqPut(store: Running): Promise<LineResult> {
  const client = new EtcdRpcClient({ endpoint: store.endpoint });
  try {
    const value = randomBytes(cfg.valueBytes);
    for (let i = 0; i < cfg.seqWarmup; i++) await client.put({ key: Buffer.from(`/bench/seq-warm/${i}`), value });
    const lat: number[] = [];
    const c0 = cpuSample(store.pid);
    for (let i = 0; i < cfg.seqPuts; i++) {
      const key = Buffer.from(`/bench/seq/${String(i).padStart(6, '0')}`);
      const t0 = performance.now();
      await client.put({ key, value });
      lat.push(since(t0));
    }
    const cpu = cpuBetween(c0, cpuSample(store.pid));
    const s = summarize(lat);
    progress(
      `  sequential put: n=${s.n} p50=${fmt(s.p50)} ms p99=${fmt(s.p99)} ms max=${fmt(s.max)} ms ` +
        `(server ${fmt(cpu.server)} cores, client ${fmt(cpu.client)})`,
    );
    return {
      value: s.p50,
      detail: { ...latDetail(s), serverCores: cpu.server, clientCores: cpu.client },
    };
  } finally {
    client.close();
  }
}

function latDetail(s: LatencySummary): Record<string, number> {
  return { n: s.n, p50: s.p50, p99: s.p99, max: s.max, mean: s.mean };
}

/**
 * Runs `op` in a closed loop on each of `clients` (one request in flight per client) for
 * `durationMs`; returns completed ops per second and per-op latencies.
 */
async function closedLoop(
  clients: EtcdRpcClient[],
  durationMs: number,
  op: (client: EtcdRpcClient, index: number, iteration: number) => Promise<void>,
) {
  const start = performance.now();
  const end = start + durationMs;
  let ops = 0;
  let errors = 0;
  let firstError: unknown;
  const lat: number[] = [];
  await Promise.all(
    clients.map(async (c, idx) => {
      let i = 0;
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await op(c, idx, i++);
          ops++;
          lat.push(since(t0));
        } catch (err) {
          errors++;
          firstError ??= err;
          if (errors > 1000) throw new Error(`too many errors, first: ${firstError}`);
          await sleep(10);
        }
      }
    }),
  );
  const elapsed = since(start) / 1000;
  if (errors) progress(`    ${errors} errors, first: ${String(firstError)}`);
  return { opsPerSec: ops / elapsed, ops, errors, elapsed, lat: summarize(lat) };
}

async function withClients<T>(store: Running, n: number, fn: (clients: EtcdRpcClient[]) => Promise<T>) {
  const clients = Array.from(
    { length: n },
    () => new EtcdRpcClient({ endpoint: store.endpoint, channelOptions: ownConnection }),
  );
  try {
    // Connect them all before anything is timed.
    await Promise.all(clients.map((c) => c.call(c.maintenance, 'Status', {})));
    return await fn(clients);
  } finally {
    for (const c of clients) c.close();
  }
}

async function putThroughput(store: Running): Promise<LineResult> {
  return withClients(store, cfg.clients, async (clients) => {
    const value = randomBytes(cfg.valueBytes);
    const op = (prefix: string) => async (c: EtcdRpcClient, idx: number, i: number) => {
      await c.put({ key: Buffer.from(`${prefix}/${idx}/${i % 256}`), value });
    };
    await closedLoop(clients, cfg.warmupMs, op('/bench/tput-warm'));
    const c0 = cpuSample(store.pid);
    const r = await closedLoop(clients, cfg.durationMs, op('/bench/tput'));
    const cpu = cpuBetween(c0, cpuSample(store.pid));
    progress(
      `  put throughput: ${fmt(r.opsPerSec)} ops/s (${r.ops} ops in ${fmt(r.elapsed)} s, ` +
        `p50 ${fmt(r.lat.p50)} ms p99 ${fmt(r.lat.p99)} ms; server ${fmt(cpu.server)} cores, ` +
        `client ${fmt(cpu.client)})`,
    );
    return {
      value: r.opsPerSec,
      detail: {
        ops: r.ops,
        errors: r.errors,
        seconds: r.elapsed,
        p50: r.lat.p50,
        p99: r.lat.p99,
        serverCores: cpu.server,
        clientCores: cpu.client,
      },
    };
  });
}

async function casThroughput(store: Running): Promise<LineResult> {
  return withClients(store, cfg.clients, async (clients) => {
    const lastRev: string[] = [];
    const keys = clients.map((_, i) => Buffer.from(`/bench/cas/${String(i).padStart(3, '0')}`));
    const value = randomBytes(cfg.valueBytes);
    await Promise.all(
      clients.map(async (c, i) => {
        const r = await c.put({ key: keys[i], value });
        lastRev[i] = r.header.revision;
      }),
    );
    let conflicts = 0;
    const op = async (c: EtcdRpcClient, idx: number) => {
      const key = keys[idx];
      const r = await c.txn({
        compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: lastRev[idx] }],
        success: [{ request_put: { key, value } }],
        failure: [{ request_range: { key } }],
      });
      if (r.succeeded) {
        lastRev[idx] = r.header.revision;
      } else {
        conflicts++;
        const kvs = r.responses?.[0]?.response_range?.kvs as Msg[] | undefined;
        if (!kvs?.length) throw new Error(`CAS failed without the current value: ${JSON.stringify(r)}`);
        lastRev[idx] = kvs[0].mod_revision;
      }
    };
    await closedLoop(clients, cfg.warmupMs, op);
    conflicts = 0;
    const c0 = cpuSample(store.pid);
    const r = await closedLoop(clients, cfg.durationMs, op);
    const cpu = cpuBetween(c0, cpuSample(store.pid));
    if (conflicts) progress(`    ${conflicts} CAS conflicts (each client owns its key: expected 0)`);
    progress(
      `  txn CAS throughput: ${fmt(r.opsPerSec)} ops/s (${r.ops} ops, p50 ${fmt(r.lat.p50)} ms ` +
        `p99 ${fmt(r.lat.p99)} ms; server ${fmt(cpu.server)} cores, client ${fmt(cpu.client)})`,
    );
    return {
      value: r.opsPerSec,
      detail: {
        ops: r.ops,
        errors: r.errors,
        conflicts,
        seconds: r.elapsed,
        p50: r.lat.p50,
        p99: r.lat.p99,
        serverCores: cpu.server,
        clientCores: cpu.client,
      },
    };
  });
}

async function rangeLatency(store: Running): Promise<LineResult> {
  const client = new EtcdRpcClient({ endpoint: store.endpoint });
  try {
    const prefix = Buffer.from('/bench/range/');
    const value = randomBytes(cfg.rangeValueBytes);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < cfg.rangeKeys) {
          const i = next++;
          await client.put({
            key: Buffer.from(`/bench/range/${String(i).padStart(6, '0')}`),
            value,
          });
        }
      }),
    );
    progress(`  loaded ${cfg.rangeKeys} keys of ${cfg.rangeValueBytes} B in ${fmt(since(t0))} ms`);
    const req = { key: prefix, range_end: prefixEnd(prefix) };
    const check = (r: Msg) => {
      if (r.kvs.length !== cfg.rangeKeys)
        throw new Error(`range returned ${r.kvs.length} keys, expected ${cfg.rangeKeys}`);
    };
    for (let i = 0; i < cfg.rangeWarmup; i++) check(await client.range(req));
    const lat: number[] = [];
    const c0 = cpuSample(store.pid);
    for (let i = 0; i < cfg.rangeIters; i++) {
      const t = performance.now();
      const r = await client.range(req);
      lat.push(since(t));
      check(r);
    }
    const cpu = cpuBetween(c0, cpuSample(store.pid));
    const s = summarize(lat);
    progress(
      `  range ${cfg.rangeKeys} keys: p50=${fmt(s.p50)} ms p99=${fmt(s.p99)} ms ` +
        `(server ${fmt(cpu.server)} cores, client ${fmt(cpu.client)})`,
    );
    return {
      value: s.p50,
      detail: { ...latDetail(s), serverCores: cpu.server, clientCores: cpu.client },
    };
  } finally {
    client.close();
  }
}

async function watchLatency(store: Running): Promise<LineResult> {
  const prefix = Buffer.from('/bench/watch/');
  const rangeEnd = prefixEnd(prefix);
  const conns =
    watchMode === 'conns'
      ? Array.from(
          { length: cfg.watchers },
          () => new EtcdRpcClient({ endpoint: store.endpoint, channelOptions: ownConnection }),
        )
      : [new EtcdRpcClient({ endpoint: store.endpoint, channelOptions: ownConnection })];
  const writer = new EtcdRpcClient({ endpoint: store.endpoint, channelOptions: ownConnection });
  const streams: ReturnType<EtcdRpcClient['watchStream']>[] = [];
  const sendTime = new Map<string, number>();
  /** Per put key, how many watchers got it; latencies of measured puts. */
  const delivered = new Map<string, number>();
  const lat: number[] = [];
  let streamError: unknown;
  try {
    await Promise.all([writer, ...conns].map((c) => c.call(c.maintenance, 'Status', {})));
    const created: Promise<void>[] = [];
    for (let w = 0; w < cfg.watchers; w++) {
      const client = conns[watchMode === 'conns' ? w : 0];
      const stream = client.watchStream();
      streams.push(stream);
      created.push(
        new Promise<void>((resolve, reject) => {
          stream.on('error', (err: Error & { code?: number }) => {
            if (err.code !== 1 /* CANCELLED, on our own close */) streamError ??= err;
            reject(err);
          });
          stream.on('data', (resp: Msg) => {
            const now = performance.now();
            if (resp.created) resolve();
            if (resp.canceled) streamError ??= new Error(`watch canceled: ${resp.cancel_reason}`);
            for (const ev of resp.events ?? []) {
              const key = (ev.kv.key as Buffer).toString();
              const sent = sendTime.get(key);
              if (sent === undefined) continue;
              delivered.set(key, (delivered.get(key) ?? 0) + 1);
              if (key.includes('/m/')) lat.push(now - sent);
            }
          });
        }),
      );
      stream.write({ create_request: { key: prefix, range_end: rangeEnd } });
    }
    await withTimeout(Promise.all(created), 10_000, 'watch creation');

    const putAndWait = async (keys: string[]) => {
      for (const key of keys) {
        const t = performance.now();
        sendTime.set(key, t);
        await writer.put({ key: Buffer.from(key), value: Buffer.from('x'.repeat(cfg.valueBytes)) });
        const wait = cfg.watchSpacingMs - since(t);
        if (wait > 0) await sleep(wait);
      }
      const deadline = performance.now() + 5_000;
      while (keys.some((k) => (delivered.get(k) ?? 0) < cfg.watchers)) {
        if (streamError) throw streamError;
        if (performance.now() > deadline) {
          const missing = keys.reduce((n, k) => n + cfg.watchers - (delivered.get(k) ?? 0), 0);
          throw new Error(`${missing} watch events not delivered within 5 s`);
        }
        await sleep(5);
      }
    };
    await putAndWait(Array.from({ length: cfg.watchWarmupPuts }, (_, i) => `/bench/watch/w/${i}`));
    const c0 = cpuSample(store.pid);
    await putAndWait(Array.from({ length: cfg.watchPuts }, (_, i) => `/bench/watch/m/${String(i).padStart(4, '0')}`));
    const cpu = cpuBetween(c0, cpuSample(store.pid));
    const s = summarize(lat);
    progress(
      `  watch (${cfg.watchers} watchers, ${watchMode}): n=${s.n} p50=${fmt(s.p50)} ms ` +
        `p99=${fmt(s.p99)} ms max=${fmt(s.max)} ms (server ${fmt(cpu.server)} cores, ` +
        `client ${fmt(cpu.client)})`,
    );
    return {
      value: s.p99,
      detail: {
        ...latDetail(s),
        mode: watchMode,
        serverCores: cpu.server,
        clientCores: cpu.client,
      },
    };
  } finally {
    for (const s of streams) s.cancel();
    for (const c of conns) c.close();
    writer.close();
  }
}

// ---------------------------------------------------------------------------------------------

interface LineSpec {
  id: keyof Omit<StoreResult, 'error'>;
  label: string;
  unit: string;
  /** Throughput: higher is better (target k8ts/etcd ≥ 1); latency: lower is better (≤ 1). */
  higherIsBetter: boolean;
  run(store: Running): Promise<LineResult>;
}

const lines: LineSpec[] = [
  { id: 'seqPut', label: 'sequential put p50', unit: 'ms', higherIsBetter: false, run: seqPut },
  {
    id: 'putThroughput',
    label: 'put throughput, 64 clients',
    unit: 'ops/s',
    higherIsBetter: true,
    run: putThroughput,
  },
  {
    id: 'casThroughput',
    label: 'txn CAS throughput, 64 clients',
    unit: 'ops/s',
    higherIsBetter: true,
    run: casThroughput,
  },
  {
    id: 'range',
    label: `range ${cfg.rangeKeys} keys × 2 KB p50`,
    unit: 'ms',
    higherIsBetter: false,
    run: rangeLatency,
  },
  {
    id: 'watch',
    label: `watch latency p99, ${cfg.watchers} watchers`,
    unit: 'ms',
    higherIsBetter: false,
    run: watchLatency,
  },
];

/** Extra rows derived from the details (p99 of the latency lines). */
const p99Rows: { id: LineSpec['id']; label: string }[] = [
  { id: 'seqPut', label: 'sequential put p99' },
  { id: 'range', label: `range ${cfg.rangeKeys} keys × 2 KB p99` },
];

/** Client CPU (cores) above which a line is reported as limited by the load generator. */
const CLIENT_BOUND = 0.85;

const running = new Set<Running>();

async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((s) => s.stop()));
  running.clear();
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    progress(`${sig}: stopping stores`);
    void stopAll().finally(() => process.exit(130));
  });
}

async function benchStore(name: StoreName): Promise<StoreResult> {
  const result: StoreResult = {};
  progress(`starting ${name === 'k8ts' ? 'k8ts etcd' : 'real etcd'}`);
  const store = await startStore(name);
  running.add(store);
  try {
    for (const line of lines) {
      progress(` ${name}: ${line.label}`);
      result[line.id] = await line.run(store);
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    progress(` ${name}: FAILED: ${result.error}`);
  } finally {
    await store.stop();
    running.delete(store);
  }
  return result;
}

async function main(): Promise<number> {
  const names: StoreName[] = flags.only ? [flags.only as StoreName] : ['k8ts', 'real'];
  const results: Partial<Record<StoreName, StoreResult>> = {};
  const t0 = performance.now();
  progress(`config: ${JSON.stringify({ quick, watchMode, ...cfg })}`);
  for (const name of names) {
    try {
      results[name] = await benchStore(name);
    } catch (err) {
      results[name] = { error: err instanceof Error ? err.message : String(err) };
      progress(`${name}: could not start: ${results[name]!.error}`);
    }
  }
  progress(`done in ${fmt(since(t0) / 1000)} s`);

  type Row = {
    id: LineSpec['id'];
    line: string;
    unit: string;
    k8ts?: number;
    real?: number;
    ratio?: number;
    target: string;
    meets?: boolean;
  };
  const rows: Row[] = [];
  const addRow = (id: LineSpec['id'], label: string, unit: string, higher: boolean, k?: number, r?: number) => {
    const ratio = k !== undefined && r !== undefined ? k / r : undefined;
    const meets = ratio === undefined ? undefined : higher ? ratio >= 1 : ratio <= 1;
    rows.push({
      id,
      line: label,
      unit,
      k8ts: k,
      real: r,
      ratio,
      target: higher ? '≥ 1.0' : '≤ 1.0',
      meets,
    });
  };
  for (const line of lines) {
    addRow(
      line.id,
      line.label,
      line.unit,
      line.higherIsBetter,
      results.k8ts?.[line.id]?.value,
      results.real?.[line.id]?.value,
    );
    const extra = p99Rows.find((p) => p.id === line.id);
    if (extra)
      addRow(
        line.id,
        extra.label,
        line.unit,
        false,
        results.k8ts?.[line.id]?.detail.p99 as number | undefined,
        results.real?.[line.id]?.detail.p99 as number | undefined,
      );
  }

  /** Marks lines where the (single-threaded) load generator was saturated, for either store. */
  const clientBound = (id: LineSpec['id']) =>
    names
      .filter((n) => Number(results[n]?.[id]?.detail.clientCores) >= CLIENT_BOUND)
      .map((n) => `${n} client-bound*`)
      .join(', ');

  if (flags.json) {
    process.stdout.write(JSON.stringify({ quick, config: { watchMode, ...cfg }, rows, results }, null, 2) + '\n');
  } else {
    const body = rows.map((r) => [
      `${r.line} (${r.unit})`,
      fmt(r.k8ts),
      fmt(r.real),
      r.ratio === undefined ? '-' : r.ratio.toFixed(2),
      r.target,
      r.meets === undefined ? '' : r.meets ? 'yes' : 'NO',
      clientBound(r.id),
    ]);
    process.stdout.write('\n' + table(['line', 'k8ts', 'real etcd', 'ratio', 'target', 'meets', 'note'], body) + '\n');
    if (body.some((r) => r[6]))
      process.stdout.write(
        `* client-bound: the load generator (this process) used ≥ ${CLIENT_BOUND} cores during the ` +
          `line, so the figure is capped by the client, not the store.\n`,
      );
    for (const name of names)
      if (results[name]?.error) process.stdout.write(`${name}: ERROR ${results[name]!.error}\n`);
  }
  return names.some((n) => results[n]?.error) ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  progress(`fatal: ${err instanceof Error ? err.stack : String(err)}`);
} finally {
  await stopAll();
}
process.exit(code);

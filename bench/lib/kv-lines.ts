/**
 * The KV lines: sequential put latency, put and Txn compare-and-swap throughput with many
 * clients (one HTTP/2 connection each, one request in flight each), and a full-prefix Range.
 */
import { randomBytes } from 'node:crypto';
import { fmt, summarize, since } from './stats.js';
import { prefixEnd } from '../../src/etcd/rpc-client.js';
import { latDetail, measured, sleep, progress, type LineContext, type LineResult } from './common.js';
import type { GrpcConn, Reply } from '../../src/machinery/etcd-grpc/grpc-h2.js';
import {
  connectEtcd,
  CompareResult,
  CompareTarget,
  decode,
  encode,
  encodeRaw,
  PATH,
  put,
  putBody,
  T,
  type Int64,
  type RangeResponseMsg,
  type TxnResponseMsg,
} from './etcd-h2.js';

const cpuText = (cpu: { server: number; client: number }) =>
  `server ${fmt(cpu.server)} cores, client ${fmt(cpu.client)}`;

async function withConns<R>(ctx: LineContext, n: number, fn: (conns: GrpcConn[]) => Promise<R>): Promise<R> {
  const conns = await connectEtcd(ctx.store.endpoint, n);
  try {
    return await fn(conns);
  } finally {
    for (const c of conns) c.close();
  }
}

export function seqPut(ctx: LineContext): Promise<LineResult> {
  const { cfg, ns } = ctx;
  return withConns(ctx, 1, async ([conn]) => {
    const value = randomBytes(cfg.valueBytes);
    for (let i = 0; i < cfg.seqWarmup; i++) await conn.unary(PATH.put, putBody(`${ns}/seq-warm/${i}`, value));
    const bodies = Array.from({ length: cfg.seqPuts }, (_, i) =>
      putBody(`${ns}/seq/${String(i).padStart(6, '0')}`, value),
    );
    const lat: number[] = [];
    const { cpu } = await measured(ctx.store, async () => {
      for (const body of bodies) {
        const t0 = performance.now();
        await conn.unary(PATH.put, body);
        lat.push(since(t0));
      }
    });
    const s = summarize(lat);
    ctx.report(
      `  sequential put: n=${s.n} p50=${fmt(s.p50)} ms p99=${fmt(s.p99)} ms max=${fmt(s.max)} ms (${cpuText(cpu)})`,
    );
    return { value: s.p50, detail: { ...latDetail(s), serverCores: cpu.server, clientCores: cpu.client } };
  });
}

/**
 * Runs `op` in a closed loop on each connection (one request in flight each) for `durationMs`;
 * returns completed ops per second and per-op latencies.
 */
async function closedLoop(
  conns: GrpcConn[],
  durationMs: number,
  op: (conn: GrpcConn, index: number, iteration: number) => Promise<void>,
) {
  const start = performance.now();
  const end = start + durationMs;
  let ops = 0;
  let errors = 0;
  let firstError: unknown;
  const lat: number[] = [];
  await Promise.all(
    conns.map(async (c, idx) => {
      let i = 0;
      let now = start;
      while (now < end) {
        try {
          await op(c, idx, i++);
          const t = performance.now();
          lat.push(t - now);
          now = t;
          ops++;
        } catch (err) {
          errors++;
          firstError ??= err;
          if (errors > 1000) throw new Error(`too many errors, first: ${firstError}`);
          await sleep(10);
          now = performance.now();
        }
      }
    }),
  );
  const elapsed = since(start) / 1000;
  if (errors) progress(`    ${errors} errors, first: ${String(firstError)}`);
  return { opsPerSec: ops / elapsed, ops, errors, elapsed, lat: summarize(lat) };
}

function throughputResult(r: Awaited<ReturnType<typeof closedLoop>>, cpu: { server: number; client: number }) {
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
}

export function putThroughput(ctx: LineContext): Promise<LineResult> {
  const { cfg, ns } = ctx;
  return withConns(ctx, cfg.clients, async (conns) => {
    const value = randomBytes(cfg.valueBytes);
    // Each client cycles through 256 keys of its own; all bodies are built before the clock runs.
    const bodies = (prefix: string) =>
      conns.map((_, idx) => Array.from({ length: 256 }, (_, k) => putBody(`${prefix}/${idx}/${k}`, value)));
    const op = (b: Buffer[][]) => async (c: GrpcConn, idx: number, i: number) => {
      await c.unary(PATH.put, b[idx][i & 255]);
    };
    await closedLoop(conns, cfg.warmupMs, op(bodies(`${ns}/tput-warm`)));
    const measuredBodies = bodies(`${ns}/tput`);
    const { result: r, cpu } = await measured(ctx.store, () => closedLoop(conns, cfg.durationMs, op(measuredBodies)));
    ctx.report(
      `  put throughput: ${fmt(r.opsPerSec)} ops/s (${r.ops} ops in ${fmt(r.elapsed)} s, ` +
        `p50 ${fmt(r.lat.p50)} ms p99 ${fmt(r.lat.p99)} ms; ${cpuText(cpu)})`,
    );
    return throughputResult(r, cpu);
  });
}

/** The apiserver's update: If mod_revision(key) == last seen Then put Else range (each client its own key). */
export function casThroughput(ctx: LineContext): Promise<LineResult> {
  const { cfg, ns } = ctx;
  return withConns(ctx, cfg.clients, async (conns) => {
    const keys = conns.map((_, i) => Buffer.from(`${ns}/cas/${String(i).padStart(3, '0')}`));
    const value = randomBytes(cfg.valueBytes);
    const lastRev: Int64[] = [];
    await Promise.all(conns.map(async (c, i) => (lastRev[i] = (await put(c, keys[i], value)).header!.revision)));
    // Everything but the compared revision is the same per key: build those parts once.
    const success = keys.map((key) => [{ request_put: { key, value } }]);
    const failure = keys.map((key) => [{ request_range: { key } }]);
    const { MOD } = CompareTarget;
    const { EQUAL } = CompareResult;
    let conflicts = 0;
    const op = async (c: GrpcConn, idx: number) => {
      const key = keys[idx];
      const body = encodeRaw(T.TxnRequest, {
        compare: [{ key, target: MOD, result: EQUAL, mod_revision: lastRev[idx] }],
        success: success[idx],
        failure: failure[idx],
      });
      const r = decode<TxnResponseMsg>(T.TxnResponse, (await c.unary(PATH.txn, body)).message());
      if (r.succeeded) {
        lastRev[idx] = r.header!.revision;
      } else {
        conflicts++;
        const kvs = r.responses[0]?.response_range?.kvs;
        if (!kvs?.length) throw new Error(`CAS failed without the current value: ${JSON.stringify(r)}`);
        lastRev[idx] = kvs[0].mod_revision;
      }
    };
    await closedLoop(conns, cfg.warmupMs, op);
    conflicts = 0;
    const { result: r, cpu } = await measured(ctx.store, () => closedLoop(conns, cfg.durationMs, op));
    if (conflicts) ctx.report(`    ${conflicts} CAS conflicts (each client owns its key: expected 0)`);
    ctx.report(
      `  txn CAS throughput: ${fmt(r.opsPerSec)} ops/s (${r.ops} ops, p50 ${fmt(r.lat.p50)} ms ` +
        `p99 ${fmt(r.lat.p99)} ms; ${cpuText(cpu)})`,
    );
    const res = throughputResult(r, cpu);
    return { ...res, detail: { ...res.detail, conflicts } };
  });
}

/**
 * A full-prefix Range of `rangeKeys` keys of `rangeValueBytes`: timed to the last byte of the
 * reply and its grpc-status. The reply is decoded (and its count checked) outside the clock: once
 * per warm-up, and again for any timed reply whose size differs from a checked one.
 */
export function rangeLatency(ctx: LineContext): Promise<LineResult> {
  const { cfg, ns } = ctx;
  return withConns(ctx, 8, async (conns) => {
    const value = randomBytes(cfg.rangeValueBytes);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async (_, w) => {
        const conn = conns[w % conns.length];
        while (next < cfg.rangeKeys) {
          const i = next++;
          await conn.unary(PATH.put, putBody(`${ns}/range/${String(i).padStart(6, '0')}`, value));
        }
      }),
    );
    ctx.report(`  loaded ${cfg.rangeKeys} keys of ${cfg.rangeValueBytes} B in ${fmt(since(t0))} ms`);
    const conn = conns[0];
    const prefix = Buffer.from(`${ns}/range/`);
    const body = encode(T.RangeRequest, { key: prefix, range_end: prefixEnd(prefix) });
    const checkedSizes = new Set<number>();
    const check = (reply: Reply) => {
      if (checkedSizes.has(reply.bytes)) return;
      const r = decode<RangeResponseMsg>(T.RangeResponse, reply.message());
      if (r.kvs.length !== cfg.rangeKeys || Number(r.count) !== cfg.rangeKeys)
        throw new Error(`range returned ${r.kvs.length} keys (count ${r.count}), expected ${cfg.rangeKeys}`);
      checkedSizes.add(reply.bytes);
    };
    for (let i = 0; i < Math.max(1, cfg.rangeWarmup); i++) check(await conn.unary(PATH.range, body));
    const lat: number[] = [];
    const unchecked: Reply[] = [];
    const { cpu } = await measured(ctx.store, async () => {
      for (let i = 0; i < cfg.rangeIters; i++) {
        const t = performance.now();
        const reply = await conn.unary(PATH.range, body);
        lat.push(since(t));
        if (!checkedSizes.has(reply.bytes)) unchecked.push(reply);
      }
    });
    unchecked.forEach(check);
    const s = summarize(lat);
    ctx.report(`  range ${cfg.rangeKeys} keys: p50=${fmt(s.p50)} ms p99=${fmt(s.p99)} ms (${cpuText(cpu)})`);
    return { value: s.p50, detail: { ...latDetail(s), serverCores: cpu.server, clientCores: cpu.client } };
  });
}

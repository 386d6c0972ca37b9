/**
 * Watch delivery latency with many watchers. Each watcher is its own connection with one Watch
 * stream and one watch on the prefix (`conns`, the default: the apiserver historically opens an
 * etcd client per resource type, each with its watch-cache watch), or all streams share one
 * connection (`streams`). A separate connection puts keys one at a time, `watchSpacingMs` apart;
 * latency = arrival of the DATA carrying the event − the put's send time, over watchers × puts.
 * Each put's own answer time is reported beside it (no target: the line's figure is the events').
 *
 * Run on both stores of a round at once ({@link watchLatencyTogether}), the stores take turns
 * every `watchChunkPuts` puts, so that each store's p99 is taken over the same stretches of the
 * machine's noise rather than over the minute its own turn happened to fall in.
 */
import { fmt, summarize, since } from './stats.js';
import { prefixEnd } from '../../src/etcd/rpc-client.js';
import { cpuBetween, cpuSample, type CpuSample } from './cpu.js';
import { latDetail, sleep, withTimeout, type LineContext, type LineResult } from './common.js';
import type { GrpcConn, GrpcStream } from '../../src/machinery/etcd-grpc/grpc-h2.js';
import { connectEtcd, decode, encode, PATH, putBody, T, type WatchResponseMsg } from './etcd-h2.js';

/** No CPU used yet: where a rig's sum starts, and what its rates are taken from. */
const NO_CPU: CpuSample = { server: 0, client: 0, wall: 0 };

/** One store's writer and watchers, with the latencies of its measured puts. */
interface Rig {
  ctx: LineContext;
  conns: GrpcConn[];
  streams: GrpcStream[];
  /** Latencies of measured puts, watcher by watcher. */
  lat: number[];
  /** Each measured put's own answer: send to reply, with the watchers' events going out at the same time. */
  ack: number[];
  /** CPU seconds (server, client) and wall seconds over the measured puts, summed. */
  cpu: CpuSample;
  /** Puts `keys` one at a time, `watchSpacingMs` apart, then waits until every watcher has them all. */
  putAndWait(keys: string[]): Promise<void>;
}

async function openRig(ctx: LineContext): Promise<Rig> {
  const { cfg, ns } = ctx;
  const prefix = Buffer.from(`${ns}/watch/`);
  const createReq = encode(T.WatchRequest, { create_request: { key: prefix, range_end: prefixEnd(prefix) } });
  const value = Buffer.alloc(cfg.valueBytes, 'x');
  const sendTime = new Map<string, number>();
  /** Per put key, how many watchers got it. */
  const delivered = new Map<string, number>();
  const measuredMark = `${ns}/watch/m/`;
  let streamError: Error | undefined;
  const conns = await connectEtcd(ctx.store.endpoint, 1 + (cfg.watchMode === 'conns' ? cfg.watchers : 1));
  const rig: Rig = { ctx, conns, streams: [], lat: [], ack: [], cpu: { ...NO_CPU }, putAndWait };
  const [writer, ...watchConns] = conns;
  const created: Promise<void>[] = [];
  for (let w = 0; w < cfg.watchers; w++) {
    const conn = watchConns[cfg.watchMode === 'conns' ? w : 0];
    created.push(
      new Promise<void>((resolve, reject) => {
        const onMessage = (message: Buffer, arrival: number) => {
          const resp = decode<WatchResponseMsg>(T.WatchResponse, message);
          if (resp.created) resolve();
          if (resp.canceled) streamError ??= new Error(`watch canceled: ${resp.cancel_reason}`);
          for (const ev of resp.events) {
            const key = ev.kv!.key.toString('latin1');
            const sent = sendTime.get(key);
            if (sent === undefined) continue;
            delivered.set(key, (delivered.get(key) ?? 0) + 1);
            if (key.startsWith(measuredMark)) rig.lat.push(arrival - sent);
          }
        };
        const onEnd = (err: Error | undefined) => {
          const e = err ?? new Error('watch stream ended');
          streamError ??= e;
          reject(e);
        };
        const stream = conn.stream(PATH.watch, onMessage, onEnd);
        rig.streams.push(stream);
        stream.write(createReq);
      }),
    );
  }
  try {
    await withTimeout(Promise.all(created), 10_000, 'watch creation');
  } catch (err) {
    closeRig(rig);
    throw err;
  }

  async function putAndWait(keys: string[]): Promise<void> {
    const bodies = keys.map((k) => putBody(k, value));
    for (let i = 0; i < keys.length; i++) {
      const t = performance.now();
      sendTime.set(keys[i], t);
      await writer.unary(PATH.put, bodies[i]);
      if (keys[i].startsWith(measuredMark)) rig.ack.push(since(t));
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
  }
  return rig;
}

function closeRig(rig: Rig): void {
  for (const s of rig.streams) s.cancel();
  for (const c of rig.conns) c.close();
}

/** Adds the CPU used since `c0` to the rig's measured total. */
function addCpu(rig: Rig, c0: CpuSample): void {
  const c1 = cpuSample(rig.ctx.store.pid);
  rig.cpu.server += c1.server - c0.server;
  rig.cpu.client += c1.client - c0.client;
  rig.cpu.wall += c1.wall - c0.wall;
}

/**
 * The watch line on each of `ctxs`' stores, at once: every store gets `watchWarmupPuts` unmeasured
 * puts, then `watchPuts` measured ones in chunks of `watchChunkPuts`, the stores taking turns chunk
 * by chunk (which goes first alternates). One result per store, in `ctxs`' order.
 */
export async function watchLatencyTogether(ctxs: LineContext[]): Promise<LineResult[]> {
  const cfg = ctxs[0].cfg;
  const rigs: Rig[] = [];
  try {
    for (const ctx of ctxs) rigs.push(await openRig(ctx));
    for (const rig of rigs) {
      const { ns } = rig.ctx;
      await rig.putAndWait(Array.from({ length: cfg.watchWarmupPuts }, (_, i) => `${ns}/watch/w/${i}`));
    }
    const chunks = Math.ceil(cfg.watchPuts / cfg.watchChunkPuts);
    for (let c = 0; c < chunks; c++) {
      const turn = c % 2 === 0 ? rigs : [...rigs].reverse();
      for (const rig of turn) {
        const from = c * cfg.watchChunkPuts;
        const keys = Array.from(
          { length: Math.min(cfg.watchChunkPuts, cfg.watchPuts - from) },
          (_, i) => `${rig.ctx.ns}/watch/m/${String(from + i).padStart(5, '0')}`,
        );
        const c0 = cpuSample(rig.ctx.store.pid);
        await rig.putAndWait(keys);
        addCpu(rig, c0);
      }
    }
    return rigs.map((rig) => {
      const s = summarize(rig.lat);
      const ack = summarize(rig.ack);
      const { server: serverCores, client: clientCores } = cpuBetween(NO_CPU, rig.cpu);
      rig.ctx.report(
        `  ${rig.ctx.store.name} watch (${cfg.watchers} watchers, ${cfg.watchMode}): n=${s.n} p50=${fmt(s.p50)} ms ` +
          `p99=${fmt(s.p99)} ms max=${fmt(s.max)} ms (server ${fmt(serverCores)} cores, client ${fmt(clientCores)}); ` +
          `put answered p50=${fmt(ack.p50)} ms p99=${fmt(ack.p99)} ms`,
      );
      const detail = {
        ...latDetail(s),
        mode: cfg.watchMode,
        serverCores,
        clientCores,
        ackP50: ack.p50,
        ackP99: ack.p99,
      };
      return { value: s.p99, detail };
    });
  } finally {
    for (const rig of rigs) closeRig(rig);
  }
}

/** The watch line on one store. */
export async function watchLatency(ctx: LineContext): Promise<LineResult> {
  return (await watchLatencyTogether([ctx]))[0];
}

/**
 * Watch delivery latency with many watchers. Each watcher is its own connection with one Watch
 * stream and one watch on the prefix (`conns`, the default: the apiserver historically opens an
 * etcd client per resource type, each with its watch-cache watch), or all streams share one
 * connection (`streams`). A separate connection puts keys one at a time, `watchSpacingMs` apart;
 * latency = arrival of the DATA carrying the event − the put's send time, over watchers × puts.
 */
import { fmt, summarize, since } from './stats.js';
import { prefixEnd } from '../../src/etcd/rpc-client.js';
import { latDetail, measured, sleep, withTimeout, type LineContext, type LineResult } from './common.js';
import type { GrpcConn, GrpcStream } from '../../src/machinery/etcd-grpc/grpc-h2.js';
import { connectEtcd, decode, encode, PATH, putBody, T, type WatchResponseMsg } from './etcd-h2.js';

export async function watchLatency(ctx: LineContext): Promise<LineResult> {
  const { cfg, ns } = ctx;
  const prefix = Buffer.from(`${ns}/watch/`);
  const createReq = encode(T.WatchRequest, { create_request: { key: prefix, range_end: prefixEnd(prefix) } });
  const value = Buffer.alloc(cfg.valueBytes, 'x');
  const conns: GrpcConn[] = [];
  const streams: GrpcStream[] = [];
  const sendTime = new Map<string, number>();
  /** Per put key, how many watchers got it; latencies of measured puts. */
  const delivered = new Map<string, number>();
  const lat: number[] = [];
  const measuredMark = `${ns}/watch/m/`;
  let streamError: Error | undefined;
  try {
    conns.push(...(await connectEtcd(ctx.store.endpoint, 1 + (cfg.watchMode === 'conns' ? cfg.watchers : 1))));
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
              if (key.startsWith(measuredMark)) lat.push(arrival - sent);
            }
          };
          const onEnd = (err: Error | undefined) => {
            const e = err ?? new Error('watch stream ended');
            streamError ??= e;
            reject(e);
          };
          const stream = conn.stream(PATH.watch, onMessage, onEnd);
          streams.push(stream);
          stream.write(createReq);
        }),
      );
    }
    await withTimeout(Promise.all(created), 10_000, 'watch creation');

    const putAndWait = async (keys: string[]) => {
      const bodies = keys.map((k) => putBody(k, value));
      for (let i = 0; i < keys.length; i++) {
        const t = performance.now();
        sendTime.set(keys[i], t);
        await writer.unary(PATH.put, bodies[i]);
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
    await putAndWait(Array.from({ length: cfg.watchWarmupPuts }, (_, i) => `${ns}/watch/w/${i}`));
    const measuredKeys = Array.from(
      { length: cfg.watchPuts },
      (_, i) => `${measuredMark}${String(i).padStart(4, '0')}`,
    );
    const { cpu } = await measured(ctx.store, () => putAndWait(measuredKeys));
    const s = summarize(lat);
    ctx.report(
      `  watch (${cfg.watchers} watchers, ${cfg.watchMode}): n=${s.n} p50=${fmt(s.p50)} ms ` +
        `p99=${fmt(s.p99)} ms max=${fmt(s.max)} ms (server ${fmt(cpu.server)} cores, ` +
        `client ${fmt(cpu.client)})`,
    );
    return {
      value: s.p99,
      detail: { ...latDetail(s), mode: cfg.watchMode, serverCores: cpu.server, clientCores: cpu.client },
    };
  } finally {
    for (const s of streams) s.cancel();
    for (const c of conns) c.close();
  }
}

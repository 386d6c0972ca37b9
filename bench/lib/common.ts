/** What the benchmark's lines share: configuration, the store handle, results, small helpers. */
import { cpuBetween, cpuSample } from './cpu.js';
import type { LatencySummary } from './stats.js';

export type StoreName = 'k8ts' | 'real';
export type WatchMode = 'conns' | 'streams';

export interface BenchConfig {
  seqPuts: number;
  seqWarmup: number;
  valueBytes: number;
  clients: number;
  durationMs: number;
  warmupMs: number;
  rangeKeys: number;
  rangeValueBytes: number;
  rangeIters: number;
  rangeWarmup: number;
  watchers: number;
  watchPuts: number;
  /** With both stores up, they take turns every this many measured puts (bench/lib/watch-line.ts). */
  watchChunkPuts: number;
  watchWarmupPuts: number;
  watchSpacingMs: number;
  watchMode: WatchMode;
}

export function benchConfig(quick: boolean, watchMode: WatchMode): BenchConfig {
  return {
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
    watchPuts: quick ? 20 : 1500,
    watchChunkPuts: quick ? 10 : 100,
    watchWarmupPuts: quick ? 5 : 100,
    watchSpacingMs: 20,
    watchMode,
  };
}

/** The client warm-up burst: every line, tiny, against the first store, results dropped. */
export function warmupConfig(cfg: BenchConfig): BenchConfig {
  return {
    ...cfg,
    seqPuts: 300,
    seqWarmup: 0,
    durationMs: 400,
    warmupMs: 100,
    rangeKeys: 1000,
    rangeIters: 3,
    rangeWarmup: 0,
    watchers: Math.min(cfg.watchers, 20),
    watchPuts: 10,
    watchChunkPuts: 10,
    watchWarmupPuts: 0,
    watchSpacingMs: 5,
  };
}

/** A started store (either kind). */
export interface Running {
  name: StoreName;
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** What a line gets: the store, the sizes, a key namespace, where to say what it measured. */
export interface LineContext {
  store: Running;
  cfg: BenchConfig;
  /** Key prefix of everything the line writes (`/bench`, or `/warm` for the warm-up burst). */
  ns: string;
  report(msg: string): void;
}

export interface LineResult {
  /** The headline figure (ms for latency lines, ops/s for throughput lines). */
  value: number;
  detail: Record<string, number | string>;
}

export function progress(msg: string): void {
  process.stderr.write(`[bench:store] ${msg}\n`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

/** Runs the measured part of a line, with the server's and this process's CPU (cores) over it. */
export async function measured<T>(
  store: Running,
  fn: () => Promise<T>,
): Promise<{ result: T; cpu: { server: number; client: number } }> {
  const c0 = cpuSample(store.pid);
  const result = await fn();
  return { result, cpu: cpuBetween(c0, cpuSample(store.pid)) };
}

export function latDetail(s: LatencySummary): Record<string, number> {
  return { n: s.n, p50: s.p50, p99: s.p99, max: s.max, mean: s.mean };
}

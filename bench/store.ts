/**
 * `npm run bench:store` — `k8ts etcd` against real etcd, side by side, driven by the same client
 * code, one store at a time on loopback so they don't compete for cores.
 *
 * The load generator is a minimal gRPC client straight over `node:http2` (src/machinery/etcd-grpc/grpc-h2.ts, which the apiserver's storage client uses too):
 * requests pre-encoded where they can be, replies decoded only as far as a line needs. grpc-js
 * cost ~0.5 ms of client CPU per call, which capped both stores at the client.
 *
 * Lines (bench/lib/kv-lines.ts, bench/lib/watch-line.ts):
 *  1. sequential put latency p50/p99 (one connection, N puts of 256 B values);
 *  2. put throughput, 64 concurrent clients (64 HTTP/2 connections, one request in flight each);
 *  3. Txn compare-and-swap throughput (the apiserver's update: If mod_revision(key) == last seen
 *     Then put Else range), 64 concurrent clients, each on its own key;
 *  4. full-prefix Range of 10,000 keys of 2 KB, p50/p99, timed to the reply's last byte and status;
 *  5. watch delivery latency p99 with 100 watchers, each its own connection with one Watch stream
 *     and one watch on the prefix (`--watch-mode streams`: all 100 streams on one connection), over
 *     1,500 puts 20 ms apart after 100 unmeasured ones: each put gives 100 samples, one per
 *     watcher, so the p99 of 100 puts was that of their one or two slowest, and moved by half
 *     between runs. Both stores are up for it, and they take turns every 100 puts.
 *
 * Rounds: each round starts each store afresh and runs lines 1-4 on it, one store at a time (the
 * other idle: not yet used, or quiet again after its lines), then, once the second store is quiet
 * too, line 5 on both at once. Rounds alternate which store goes first (round 1: k8ts then real
 * etcd; round 2: real etcd then k8ts, ...), and before the very first store is measured, a short
 * unmeasured burst of every line against a throwaway instance of it warms up the client's code
 * (JIT). Per line and store, the best round is reported.
 *
 * Before the rounds, the run measures where the machine's scheduler puts a thread woken by a busy
 * one (bench/lib/placement.ts) and prints it under the table: on a machine that keeps it on the
 * waker's core, the watch line's client waits behind k8ts etcd's single-threaded fan-out.
 *
 * Flags: --quick (small sizes, one round), --rounds N (default 2; --quick 1), --only k8ts|real,
 * --json (summary on stdout instead of the table), --watch-mode conns|streams. Progress goes to
 * stderr.
 */
import { parseArgs } from 'node:util';
import {
  benchConfig,
  progress,
  warmupConfig,
  withTimeout,
  type BenchConfig,
  type Running,
  type StoreName,
  type WatchMode,
} from './lib/common.js';
import { lineSpecs, type LineSpec } from './lib/lines.js';
import { describePlacement, wakePlacement } from './lib/placement.js';
import { report, type StoreRun } from './lib/report.js';
import { fmt, since } from './lib/stats.js';
import { isStopping, settle, startStore, stopAll, stopStoresOnSignals, storeLabel, withStore } from './lib/stores.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    'watch-mode': { type: 'string', default: 'conns' },
  },
  strict: true,
});

function usage(msg: string): never {
  console.error(msg);
  process.exit(2);
}

if (flags.only !== undefined && flags.only !== 'k8ts' && flags.only !== 'real')
  usage(`--only must be k8ts or real, not ${flags.only}`);
const watchMode = flags['watch-mode'];
if (watchMode !== 'conns' && watchMode !== 'streams') usage(`--watch-mode must be conns or streams, not ${watchMode}`);
const rounds = flags.rounds === undefined ? (flags.quick ? 1 : 2) : Number(flags.rounds);
if (!Number.isInteger(rounds) || rounds < 1) usage(`--rounds must be a positive integer, not ${flags.rounds}`);

const quick = flags.quick;
const cfg = benchConfig(quick, watchMode as WatchMode);
const lines = lineSpecs(cfg);
/** Lines run on each store in turn, and those run on the stores of a round at once, after them. */
const alone = lines.filter((l) => !l.runTogether);
const together = lines.filter((l) => l.runTogether);

/** No line takes nearly this long; past it the store is stopped, which fails whatever hangs. */
const LINE_TIMEOUT_MS = 120_000;

/** Runs every line on `store`; the first failure ends the run (the store is then suspect). */
async function runLines(
  store: Running,
  specs: LineSpec[],
  c: BenchConfig,
  ns: string,
  report: (msg: string) => void,
  into: StoreRun['lines'],
): Promise<void> {
  for (const line of specs) {
    report(` ${store.name}: ${line.label}`);
    into[line.id] = await withTimeout(line.run({ store, cfg: c, ns, report }), LINE_TIMEOUT_MS, line.label);
  }
}

/** The client warm-up: every line, tiny, against a throwaway instance of `name`. */
async function warmUp(name: StoreName): Promise<void> {
  const t0 = performance.now();
  progress(`warming up the client against a throwaway ${storeLabel(name)}`);
  await withStore(name, (store) => runLines(store, lines, warmupConfig(cfg), '/warm', () => {}, {}));
  progress(`warm-up done in ${fmt(since(t0) / 1000)} s`);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One round: each store in `order` started and its own lines run, one store at a time; then the
 * lines taken together, on every store that got through its own; then every store stopped.
 */
async function benchRound(round: number, order: StoreName[]): Promise<Map<StoreName, StoreRun>> {
  const runs = new Map<StoreName, StoreRun>();
  const up: Running[] = [];
  try {
    for (const [i, name] of order.entries()) {
      if (isStopping()) return runs;
      const run: StoreRun = { round, position: i + 1, lines: {} };
      runs.set(name, run);
      progress(`round ${round}/${rounds}: starting ${storeLabel(name)}`);
      try {
        const store = await startStore(name);
        up.push(store);
        await runLines(store, alone, cfg, '/bench', progress, run.lines);
        progress(` ${name}: quiet after ${fmt((await settle(store)) / 1000)} s`);
      } catch (err) {
        run.error = message(err);
        progress(` ${name}: FAILED: ${run.error}`);
      }
    }
    const ok = up.filter((s) => !runs.get(s.name)!.error);
    for (const line of together) {
      if (!ok.length || isStopping()) break;
      progress(` ${ok.map((s) => s.name).join(' and ')}: ${line.label}, turns of ${cfg.watchChunkPuts} puts`);
      const ctxs = ok.map((store) => ({ store, cfg, ns: '/bench', report: progress }));
      try {
        const results = await withTimeout(line.runTogether!(ctxs), LINE_TIMEOUT_MS, line.label);
        results.forEach((r, i) => (runs.get(ok[i].name)!.lines[line.id] = r));
      } catch (err) {
        for (const s of ok) runs.get(s.name)!.error = message(err);
        progress(` ${line.label}: FAILED: ${message(err)}`);
      }
    }
  } finally {
    await Promise.all(up.map((s) => s.stop()));
  }
  return runs;
}

async function main(): Promise<number> {
  const names: StoreName[] = flags.only ? [flags.only as StoreName] : ['k8ts', 'real'];
  const runs: Partial<Record<StoreName, StoreRun[]>> = {};
  const t0 = performance.now();
  progress(`config: ${JSON.stringify({ quick, rounds, ...cfg })}`);
  const placement = await wakePlacement();
  progress(describePlacement(placement));
  try {
    await warmUp(names[0]);
  } catch (err) {
    progress(`warm-up failed (measuring anyway): ${message(err)}`);
  }
  for (let round = 1; round <= rounds; round++) {
    if (isStopping()) return 130;
    const order = round % 2 === 1 ? names : [...names].reverse();
    for (const [name, run] of await benchRound(round, order)) (runs[name] ??= []).push(run);
  }
  if (isStopping()) return 130;
  const seconds = since(t0) / 1000;
  progress(`done in ${fmt(seconds)} s`);
  process.stdout.write(report({ names, lines, runs, rounds, cfg, quick, json: flags.json, seconds, placement }));
  return names.some((n) => runs[n]?.some((r) => r.error)) ? 1 : 0;
}

stopStoresOnSignals();
let code = 1;
try {
  code = await main();
} catch (err) {
  progress(`fatal: ${err instanceof Error ? err.stack : String(err)}`);
} finally {
  await stopAll();
}
process.exit(code);

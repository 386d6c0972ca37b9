/**
 * The summary: per line and store the best of the rounds (lowest latency, highest throughput),
 * as a table (k8ts, real etcd, ratio, target, meets, note) with the CPU of the reported rounds,
 * or as JSON with every round.
 */
import { fmt, table } from './stats.js';
import type { BenchConfig, LineResult, StoreName } from './common.js';
import type { LineId, LineSpec } from './lines.js';
import { describePlacement, type Placement } from './placement.js';

/** One store in one round: the lines it got through, and what stopped it if something did. */
export interface StoreRun {
  round: number;
  /** 1 if this store went first in its round, 2 if second. */
  position: number;
  lines: Partial<Record<LineId, LineResult>>;
  error?: string;
}

/** Client CPU (cores) above which a line is reported as limited by the load generator. */
export const CLIENT_BOUND = 0.85;

interface Best {
  value?: number;
  p99?: number;
  /** The round the headline figure comes from (and the CPU shown for it). */
  from?: LineResult & { round: number };
}

function bestOf(runs: StoreRun[] | undefined, line: LineSpec): Best {
  const all = (runs ?? []).flatMap((r) => (r.lines[line.id] ? [{ ...r.lines[line.id]!, round: r.round }] : []));
  if (!all.length) return {};
  const better = (a: number, b: number) => (line.higherIsBetter ? a > b : a < b);
  const from = all.reduce((b, r) => (better(r.value, b.value) ? r : b));
  const p99s = all.map((r) => Number(r.detail.p99)).filter((x) => !Number.isNaN(x));
  return { value: from.value, p99: p99s.length ? Math.min(...p99s) : undefined, from };
}

interface Row {
  id: LineId;
  line: string;
  unit: string;
  k8ts?: number;
  real?: number;
  ratio?: number;
  target: string;
  meets?: boolean;
}

function row(id: LineId, line: string, unit: string, higher: boolean, k?: number, r?: number): Row {
  const ratio = k !== undefined && r !== undefined ? k / r : undefined;
  const meets = ratio === undefined ? undefined : higher ? ratio >= 1 : ratio <= 1;
  return { id, line, unit, k8ts: k, real: r, ratio, target: higher ? '≥ 1.0' : '≤ 1.0', meets };
}

export function report(opts: {
  names: StoreName[];
  lines: LineSpec[];
  runs: Partial<Record<StoreName, StoreRun[]>>;
  rounds: number;
  cfg: BenchConfig;
  quick: boolean;
  json: boolean;
  seconds: number;
  /** Where the machine runs a woken thread (bench/lib/placement.ts), measured before the rounds. */
  placement?: Placement;
}): string {
  const { names, lines, runs } = opts;
  const best = Object.fromEntries(
    names.map((n) => [n, Object.fromEntries(lines.map((l) => [l.id, bestOf(runs[n], l)]))]),
  ) as Partial<Record<StoreName, Record<LineId, Best>>>;
  const rows: Row[] = [];
  for (const l of lines) {
    const k = best.k8ts?.[l.id];
    const r = best.real?.[l.id];
    rows.push(row(l.id, l.label, l.unit, l.higherIsBetter, k?.value, r?.value));
    if (l.p99Label) rows.push(row(l.id, l.p99Label, l.unit, false, k?.p99, r?.p99));
  }
  const errors = names.flatMap((n) =>
    (runs[n] ?? []).filter((r) => r.error).map((r) => `${n} (round ${r.round}): ERROR ${r.error}`),
  );

  if (opts.json) {
    const bestJson = Object.fromEntries(
      names.map((n) => [n, Object.fromEntries(lines.map((l) => [l.id, best[n]?.[l.id].from]))]),
    );
    const summary = {
      quick: opts.quick,
      rounds: opts.rounds,
      seconds: opts.seconds,
      config: opts.cfg,
      rows,
      best: bestJson,
      runs,
      errors,
      placement: opts.placement,
    };
    return JSON.stringify(summary, null, 2) + '\n';
  }

  /** Marks lines where the (single-threaded) load generator was saturated, for either store. */
  const clientBound = (id: LineId) =>
    names
      .filter((n) => Number(best[n]?.[id].from?.detail.clientCores) >= CLIENT_BOUND)
      .map((n) => `${n} client-bound*`)
      .join(', ');
  const body = rows.map((r) => [
    `${r.line} (${r.unit})`,
    fmt(r.k8ts),
    fmt(r.real),
    r.ratio === undefined ? '-' : r.ratio.toFixed(2),
    r.target,
    r.meets === undefined ? '' : r.meets ? 'yes' : 'NO',
    clientBound(r.id),
  ]);
  let out = '\n' + table(['line', 'k8ts', 'real etcd', 'ratio', 'target', 'meets', 'note'], body) + '\n';
  out +=
    `Best of ${opts.rounds} round${opts.rounds === 1 ? '' : 's'} per store and line (lowest latency, ` +
    `highest throughput; p99 rows: lowest p99)${opts.rounds > 1 ? '; rounds alternate which store goes first' : ''}.\n`;
  if (body.some((r) => r[6]))
    out +=
      `* client-bound: the load generator (this process) used ≥ ${CLIENT_BOUND} cores during the ` +
      `line, so the figure is capped by the client, not the store.\n`;
  out += `${describePlacement(opts.placement)}.\n`;

  const cpuCell = (n: StoreName, id: LineId) => {
    const b = best[n]?.[id].from;
    return b ? `${fmt(Number(b.detail.serverCores))} / ${fmt(Number(b.detail.clientCores))} (r${b.round})` : '-';
  };
  out +=
    '\nCPU in the reported round (cores, server / client):\n' +
    table(
      ['line', ...names.map((n) => (n === 'k8ts' ? 'k8ts' : 'real etcd'))],
      lines.map((l) => [l.label.replace(/ p50$| p99$/, ''), ...names.map((n) => cpuCell(n, l.id))]),
    ) +
    '\n';
  for (const e of errors) out += `${e}\n`;
  return out;
}

/** Small statistics and formatting helpers for the benchmarks. */

/** Nearest-rank percentile (q in [0, 1]) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const n = samples.length;
  let sum = 0;
  let max = n ? -Infinity : NaN;
  for (const s of samples) {
    sum += s;
    if (s > max) max = s;
  }
  return {
    n,
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
    max,
    mean: n ? sum / n : NaN,
  };
}

/** Formats a number with sensible precision for a table cell. */
export function fmt(x: number | undefined, unit = ''): string {
  if (x === undefined || Number.isNaN(x)) return '-';
  const abs = Math.abs(x);
  const s =
    abs >= 1000
      ? Math.round(x).toLocaleString('en-US')
      : abs >= 100
        ? x.toFixed(0)
        : abs >= 10
          ? x.toFixed(1)
          : x.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}

/** Renders rows as a plain-text table with a header rule. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Elapsed milliseconds since `start` (a `performance.now()` value). */
export function since(start: number): number {
  return performance.now() - start;
}

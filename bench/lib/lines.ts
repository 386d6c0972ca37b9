/** The benchmark's lines, in the order they run and are reported. */
import type { BenchConfig, LineContext, LineResult } from './common.js';
import { casThroughput, putThroughput, rangeLatency, seqPut } from './kv-lines.js';
import { watchLatency, watchLatencyTogether } from './watch-line.js';

export type LineId = 'seqPut' | 'putThroughput' | 'casThroughput' | 'range' | 'watch';

export interface LineSpec {
  id: LineId;
  label: string;
  unit: string;
  /** Throughput: higher is better (target k8ts/etcd ≥ 1); latency: lower is better (≤ 1). */
  higherIsBetter: boolean;
  /** The label of an extra row with the line's p99 (latency lines whose headline is the p50). */
  p99Label?: string;
  run(ctx: LineContext): Promise<LineResult>;
  /**
   * The line on the stores of a round at once, after their other lines (bench/lib/watch-line.ts);
   * `run` is then for one store alone (the client warm-up, `--only`).
   */
  runTogether?(ctxs: LineContext[]): Promise<LineResult[]>;
}

export function lineSpecs(cfg: BenchConfig): LineSpec[] {
  const range = `range ${cfg.rangeKeys} keys × 2 KB`;
  return [
    {
      id: 'seqPut',
      label: 'sequential put p50',
      p99Label: 'sequential put p99',
      unit: 'ms',
      higherIsBetter: false,
      run: seqPut,
    },
    {
      id: 'putThroughput',
      label: `put throughput, ${cfg.clients} clients`,
      unit: 'ops/s',
      higherIsBetter: true,
      run: putThroughput,
    },
    {
      id: 'casThroughput',
      label: `txn CAS throughput, ${cfg.clients} clients`,
      unit: 'ops/s',
      higherIsBetter: true,
      run: casThroughput,
    },
    {
      id: 'range',
      label: `${range} p50`,
      p99Label: `${range} p99`,
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
      runTogether: watchLatencyTogether,
    },
  ];
}

/**
 * Compaction: the Compact request's checks, and etcd's automatic compaction
 * (`--auto-compaction-mode`, `--auto-compaction-retention`).
 * - periodic: keep `retention` of history (a duration such as `30m`, or a number of hours);
 *   the revision is sampled every tenth of the period (at most every 6 minutes), and every
 *   period (at most every hour) the store is compacted to the oldest sample.
 * - revision: every 5 minutes, compact to the current revision minus `retention`.
 */
import { Errors } from './errors.js';
import { parseDuration } from '../machinery/duration.js';
import type { Store, WriteContext } from './store.js';

/** Compacts to `rev`, refusing future revisions and revisions already compacted (etcd's errors). */
export function compact(w: WriteContext, rev: number): void {
  const mvcc = w.store.mvcc;
  if (rev > mvcc.committedRev) throw Errors.futureRev();
  if (rev <= mvcc.compactRev) throw Errors.compacted();
  w.compact(rev);
}

const HOUR = 3_600_000;

export { parseDuration };

/** The retention of periodic mode in milliseconds: a duration, or a bare number of hours. */
export function periodicRetentionMs(retention: string): number {
  return /^\d+(\.\d+)?$/.test(retention) ? Number(retention) * HOUR : parseDuration(retention);
}

/** Starts automatic compaction; returns a function that stops it. Retention 0 disables it. */
export function startAutoCompaction(store: Store, mode: 'periodic' | 'revision', retention: string): () => void {
  const run = (rev: number) => {
    if (rev > store.mvcc.compactRev && rev <= store.mvcc.committedRev)
      store.write((w) => compact(w, rev)).catch(() => {});
  };
  const timers: NodeJS.Timeout[] = [];
  if (mode === 'revision') {
    const keep = Number(retention);
    if (!(keep > 0)) return () => {};
    timers.push(setInterval(() => run(store.mvcc.committedRev - keep), 5 * 60_000));
  } else {
    const period = periodicRetentionMs(retention);
    if (!(period > 0)) return () => {};
    const compactEvery = Math.min(period, HOUR);
    const sampleEvery = compactEvery / 10;
    const keepSamples = Math.floor(period / sampleEvery) + 1;
    const samples: number[] = [store.mvcc.committedRev];
    let elapsed = 0;
    let next = period;
    timers.push(
      setInterval(() => {
        elapsed += sampleEvery;
        if (elapsed >= next) {
          run(samples[0]);
          next = elapsed + compactEvery;
        }
        samples.push(store.mvcc.committedRev);
        if (samples.length > keepSamples) samples.shift();
      }, sampleEvery),
    );
  }
  timers.forEach((t) => t.unref());
  return () => timers.forEach((t) => clearInterval(t));
}

/**
 * The API server's etcd compactor (upstream's `--etcd-compaction-interval`, 5 minutes): every
 * interval, one round of {@link EtcdStorage.compactRound}, so that etcd keeps one to two
 * intervals of history and no more. Without it nothing is ever compacted, every version of every
 * object stays in etcd, and a busy cluster reaches etcd's space quota ("etcdserver: mvcc:
 * database space exceeded") and can write nothing more. Several API servers on one etcd compact
 * once a round between them. A failed round is logged and the next one tries again.
 */
import type { EtcdStorage } from './etcd.js';

export interface CompactorOptions {
  intervalMs: number;
  onCompacted?: (revision: number) => void;
  onError?: (err: unknown) => void;
}

/** Runs rounds every `intervalMs` until `signal` aborts; an interval of 0 runs none. */
export function startCompactor(storage: EtcdStorage, signal: AbortSignal, opts: CompactorOptions): void {
  if (!(opts.intervalMs > 0) || signal.aborted) return;
  let version = 0;
  let recorded = 0;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return; // a slow round is not overlapped
    running = true;
    try {
      const compactTo = recorded;
      const before = version;
      ({ version, revision: recorded } = await storage.compactRound(version, compactTo));
      if (version === before + 1 && compactTo > 0) opts.onCompacted?.(compactTo);
    } catch (err) {
      if (!signal.aborted) opts.onError?.(err);
    } finally {
      running = false;
    }
  }, opts.intervalMs);
  timer.unref();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

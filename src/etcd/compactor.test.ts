import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { parseDuration, periodicRetentionMs, startAutoCompaction } from './compactor.js';
import { Store } from './store.js';

const b = (s: string) => Buffer.from(s);
/** Waits (up to 5 s of real time: only setInterval is faked) for the store to compact to `rev`. */
async function compactedTo(store: Store, rev: number) {
  for (let i = 0; i < 1000 && store.mvcc.compactRev !== rev; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(store.mvcc.compactRev, rev);
}

describe('parseDuration', () => {
  it('reads Go durations', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('10m'), 600_000);
    assert.ok(Number.isNaN(parseDuration('10')));
    assert.ok(Number.isNaN(parseDuration('1x')));
  });
  it('reads a bare periodic retention as hours', () => {
    assert.equal(periodicRetentionMs('2'), 7_200_000);
    assert.equal(periodicRetentionMs('30m'), 1_800_000);
  });
});

describe('startAutoCompaction', () => {
  async function writes(store: Store, n: number) {
    for (let i = 0; i < n; i++) await store.write((w) => w.put(b('k'), b(String(i)), '0'));
  }

  it('periodic: compacts to the revision of one retention period ago', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    const store = new Store({ dbPath: null });
    try {
      const stop = startAutoCompaction(store, 'periodic', '10m');
      await writes(store, 5); // rev 6, sampled at 1 min
      mock.timers.tick(60_000);
      await writes(store, 5); // rev 11
      mock.timers.tick(9 * 60_000); // 10 min: compact to the first sample, taken at the start
      await compactedTo(store, 1);
      mock.timers.tick(10 * 60_000); // 20 min: compact to the sample taken 10 minutes before
      await compactedTo(store, 11);
      stop();
    } finally {
      mock.timers.reset();
      await store.close();
    }
  });

  it('revision: every 5 minutes keeps the last N revisions', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    const store = new Store({ dbPath: null });
    try {
      const stop = startAutoCompaction(store, 'revision', '3');
      await writes(store, 10); // rev 11
      mock.timers.tick(5 * 60_000);
      await compactedTo(store, 8);
      stop();
    } finally {
      mock.timers.reset();
      await store.close();
    }
  });
});

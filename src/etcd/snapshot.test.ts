import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { restoreSnapshot, saveSnapshot, snapshotStatus } from './snapshot.js';
import { startInProcess } from './testing/in-process.js';

const b = (s: string) => Buffer.from(s);

describe('snapshot save and restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-snapshot-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('restores a saved snapshot into a new data dir that serves the same keys and revision', async () => {
    const source = await startInProcess({ dataDir: join(dir, 'source') });
    const file = join(dir, 'backup.db');
    let sourceCluster: string;
    let size = 0;
    try {
      for (let i = 0; i < 50; i++)
        await source.client.put({ key: b(`/registry/pods/default/p${i}`), value: b(`v${i}`) });
      await source.client.deleteRange({ key: b('/registry/pods/default/p0') });
      sourceCluster = (await source.client.range({ key: b('x') })).header.cluster_id;
      let progress = 0;
      size = await saveSnapshot({ endpoint: source.endpoint }, file, (n) => (progress = n));
      assert.ok(size > 0 && progress === size);
    } finally {
      await source.stop();
    }
    assert.deepEqual({ ...snapshotStatus(file), hash: 0 }, { hash: 0, revision: 52, totalKey: 49, totalSize: size });
    assert.equal(restoreSnapshot(file, join(dir, 'restored')), 52);
    const restored = await startInProcess({ dataDir: join(dir, 'restored') });
    try {
      const r = await restored.client.range({ key: b('/registry/pods/'), range_end: b('/registry/pods0') });
      assert.equal(r.count, '49');
      assert.equal(r.header.revision, '52');
      assert.notEqual(r.header.cluster_id, sourceCluster, 'a restored member is a new cluster');
      assert.equal((await restored.client.put({ key: b('next'), value: b('1') })).header.revision, '53');
    } finally {
      await restored.stop();
    }
  });

  it('refuses a corrupted snapshot and a data dir that is not empty', () => {
    const file = join(dir, 'backup.db');
    const bad = readFileSync(file);
    bad[100] ^= 0xff;
    writeFileSync(join(dir, 'bad.db'), bad);
    assert.throws(() => restoreSnapshot(join(dir, 'bad.db'), join(dir, 'bad')), /SHA-256 mismatch/);
    assert.throws(() => restoreSnapshot(file, join(dir, 'restored')), /exists and is not empty/);
    // A well-formed snapshot of something else (real etcd's bbolt file) is named as such.
    const other = Buffer.from('bbolt database bytes');
    writeFileSync(join(dir, 'etcd.db'), Buffer.concat([other, createHash('sha256').update(other).digest()]));
    assert.throws(() => snapshotStatus(join(dir, 'etcd.db')), /is not a k8ts etcd snapshot/);
    assert.throws(() => restoreSnapshot(join(dir, 'etcd.db'), join(dir, 'other')), /is not a k8ts etcd snapshot/);
  });
});

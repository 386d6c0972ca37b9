import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

interface Log {
  append(pos: number, seq: number, payload: Buffer): number;
  close(): void;
}
const { openLog, readLog } = createRequire(import.meta.url)('./commit-log.cjs') as {
  openLog(path: string, id: string, bytes?: number): Log;
  readLog(path: string, id: string): { seq: number; payload: Buffer }[];
};
const ID = '0123456789abcdef';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-commit-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `log-${n++}`);
const seqs = (path: string, id = ID) => readLog(path, id).map((r) => r.seq);

describe('commit log', () => {
  it('is made at its full size, and reads back nothing until a record is appended', () => {
    const path = fresh();
    openLog(path, ID, 4096).close();
    assert.equal(statSync(path).size, 4096);
    assert.deepEqual(readLog(path, ID), []);
    assert.deepEqual(readLog(join(dir, 'missing'), ID), []);
  });

  it('reads back appended records in order, up to the last one', () => {
    const path = fresh();
    const log = openLog(path, ID, 4096);
    let pos = 0;
    for (let seq = 7; seq < 12; seq++) pos = log.append(pos, seq, Buffer.from(`batch ${seq}`));
    log.close();
    const records = readLog(path, ID);
    assert.deepEqual(
      records.map((r) => [r.seq, r.payload.toString()]),
      [7, 8, 9, 10, 11].map((s) => [s, `batch ${s}`]),
    );
  });

  it('refuses a record past its end, writing nothing', () => {
    const path = fresh();
    const log = openLog(path, ID, 256);
    const pos = log.append(0, 1, Buffer.alloc(100, 1));
    assert.equal(pos, 116);
    assert.equal(log.append(pos, 2, Buffer.alloc(200, 2)), -1);
    log.close();
    assert.deepEqual(seqs(path), [1]);
  });

  it('stops at a torn record: a flipped byte, or a length past the end', () => {
    const path = fresh();
    const log = openLog(path, ID, 4096);
    let pos = 0;
    const ends: number[] = [];
    for (let seq = 1; seq <= 3; seq++) ends.push((pos = log.append(pos, seq, Buffer.alloc(50, seq))));
    log.close();
    const bytes = readFileSync(path);
    bytes[ends[1] + 16 + 10] ^= 0xff; // inside record 3's payload
    writeFileSync(path, bytes);
    assert.deepEqual(seqs(path), [1, 2]);
    bytes.writeUInt32BE(1 << 30, ends[0]); // record 2's length
    writeFileSync(path, bytes);
    assert.deepEqual(seqs(path), [1]);
  });

  it("reads another database's records as torn", () => {
    const path = fresh();
    const log = openLog(path, ID, 4096);
    log.append(0, 1, Buffer.from('batch 1'));
    log.close();
    assert.deepEqual(seqs(path), [1]);
    assert.deepEqual(seqs(path, 'fedcba9876543210'), []);
  });

  it('after starting over at offset 0, stops where the older records begin', () => {
    const path = fresh();
    const log = openLog(path, ID, 4096);
    let pos = 0;
    for (let seq = 1; seq <= 6; seq++) pos = log.append(pos, seq, Buffer.alloc(40, seq));
    // The log starts over: records 7 and 8 overwrite 1 and 2 exactly; 3 to 6 (older) follow.
    pos = log.append(0, 7, Buffer.alloc(40, 7));
    log.append(pos, 8, Buffer.alloc(40, 8));
    log.close();
    assert.deepEqual(seqs(path), [7, 8]);
  });
});

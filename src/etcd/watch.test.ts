import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Msg } from './rpc-client.js';
import { startInProcess } from './testing/in-process.js';

const b = (s: string) => Buffer.from(s);

describe('watch streams whose client stops reading', () => {
  it('catch up from the change log once the client reads again, in order and without gaps', async () => {
    const s = await startInProcess();
    try {
      const stream = s.client.watchStream();
      stream.on('error', () => {}); // the cancel at the end
      const revs: number[] = [];
      let created = false;
      stream.on('data', (res: Msg) => {
        if (res.created) created = true;
        for (const e of res.events) revs.push(Number(e.kv.mod_revision));
      });
      stream.write({ create_request: { key: b('/big/'), range_end: b('/big0') } });
      while (!created) await new Promise((r) => setTimeout(r, 5));
      stream.pause();
      const value = Buffer.alloc(10_000, 1);
      const puts = [];
      for (let i = 0; i < 300; i++) puts.push(s.client.put({ key: b(`/big/${i}`), value }));
      const last = Math.max(...(await Promise.all(puts)).map((r) => Number(r.header.revision)));
      // 3 MB do not fit the HTTP/2 windows: the server must have stopped writing to this stream.
      assert.ok(revs.length < 300, `expected the paused client to hold back events, got ${revs.length}`);
      stream.resume();
      const deadline = Date.now() + 10_000;
      while (revs.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(
        revs,
        Array.from({ length: 300 }, (_, i) => last - 299 + i),
      );
      stream.cancel();
    } finally {
      await s.stop();
    }
  });
});

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

describe('one revision sent to many streams', () => {
  it('gives each watch its own events: prev_kv, filters and ranges apart, alike watches alike', async () => {
    const s = await startInProcess();
    try {
      await s.client.put({ key: b('/m/a'), value: b('a0') });
      const watches: Record<string, Msg> = {
        prev: { key: b('/m/'), range_end: b('/m0'), prev_kv: true },
        prev2: { key: b('/m/'), range_end: b('/m0'), prev_kv: true },
        plain: { key: b('/m/'), range_end: b('/m0') },
        noPut: { key: b('/m/'), range_end: b('/m0'), filters: ['NOPUT'] },
        onlyB: { key: b('/m/b') },
      };
      const seen: Record<string, string[]> = {};
      const streams = await Promise.all(
        Object.entries(watches).map(
          ([name, req]) =>
            new Promise<ReturnType<typeof s.client.watchStream>>((resolve) => {
              const stream = s.client.watchStream();
              stream.on('error', () => {}); // the cancel at the end
              seen[name] = [];
              stream.on('data', (res: Msg) => {
                if (res.created) resolve(stream);
                for (const e of res.events) {
                  const prev = e.prev_kv ? `<${e.prev_kv.value}` : '';
                  seen[name].push(`${e.type ?? 'PUT'} ${e.kv.key}=${e.kv.value}${prev}`);
                }
              });
              stream.write({ create_request: req });
            }),
        ),
      );
      await s.client.put({ key: b('/m/a'), value: b('a1') });
      await s.client.txn({
        success: [
          { request_put: { key: b('/m/a'), value: b('a2') } },
          { request_put: { key: b('/m/b'), value: b('b1') } },
        ],
      });
      await s.client.deleteRange({ key: b('/m/a') });
      const deadline = Date.now() + 5_000;
      while (seen.plain.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20));
      const withPrev = ['PUT /m/a=a1<a0', 'PUT /m/a=a2<a1', 'PUT /m/b=b1', 'DELETE /m/a=<a2'];
      assert.deepEqual(seen, {
        prev: withPrev,
        prev2: withPrev,
        plain: ['PUT /m/a=a1', 'PUT /m/a=a2', 'PUT /m/b=b1', 'DELETE /m/a='],
        noPut: ['DELETE /m/a='],
        onlyB: ['PUT /m/b=b1'],
      });
      for (const stream of streams) stream.cancel();
    } finally {
      await s.stop();
    }
  });
});

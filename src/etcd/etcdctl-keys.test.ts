/**
 * The real `etcdctl` (etcd 3.4) against `k8ts etcd` and real etcd: keys — put, get, del, watch
 * and txn — asserting on what it prints and its exit code, as an operator sees it.
 * `ETCD_TARGETS=real|k8ts` narrows the targets.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Msg } from './rpc-client.js';
import { b64, etcdctlSuite, RUN_TIMEOUT_MS, TEST_TIMEOUT, unb64, waitFor } from './testing/etcdctl.js';

etcdctlSuite('keys', ({ ctl }) => {
  const { ok, run, fails, json } = ctl;

  it('put prints OK; --prev-kv prints the previous pair', TEST_TIMEOUT, async () => {
    assert.equal(await ok(['put', 'put/a', 'hello']), 'OK\n');
    assert.equal(await ok(['put', '--prev-kv', 'put/a', 'world']), 'OK\nput/a\nhello\n');
    assert.equal(await ok(['get', 'put/a']), 'put/a\nworld\n');
    // A value with spaces (one argv element) and an empty get.
    assert.equal(await ok(['put', 'put/b', 'two words']), 'OK\n');
    assert.equal(await ok(['get', 'put/b', '--print-value-only']), 'two words\n');
    assert.equal(await ok(['get', 'put/missing']), '');
  });

  it('get --prefix, --keys-only, --limit, --from-key, --order', TEST_TIMEOUT, async () => {
    for (const [k, v] of [
      ['get/b', '2'],
      ['get/a', '1'],
      ['get/c', '3'],
      ['geu', 'outside'],
    ])
      await ok(['put', k, v]);
    assert.equal(await ok(['get', '--prefix', 'get/']), 'get/a\n1\nget/b\n2\nget/c\n3\n');
    assert.equal(await ok(['get', '--prefix', '--keys-only', 'get/']), 'get/a\n\nget/b\n\nget/c\n\n');
    assert.equal(await ok(['get', '--prefix', '--limit', '2', 'get/']), 'get/a\n1\nget/b\n2\n');
    assert.equal(
      await ok(['get', '--prefix', '--order', 'DESCEND', '--sort-by', 'KEY', 'get/']),
      'get/c\n3\nget/b\n2\nget/a\n1\n',
    );
    // [key, range_end)
    assert.equal(await ok(['get', 'get/b', 'get/c']), 'get/b\n2\n');
    const fromKey = await ok(['get', '--from-key', 'get/c', '--keys-only']);
    assert.ok(fromKey.startsWith('get/c\n\ngeu\n\n'), fromKey);
  });

  it('get -w json: header.revision, base64 kvs, count, more', TEST_TIMEOUT, async () => {
    const put = await json(['put', 'json/k', 'v1']);
    const rev = Number(put.header.revision);
    assert.ok(rev > 1, `put header.revision ${put.header.revision}`);
    const r = await json(['get', 'json/k']);
    assert.equal(Number(r.header.revision), rev);
    assert.equal(r.count, 1);
    assert.equal(r.kvs.length, 1);
    assert.equal(r.kvs[0].key, b64('json/k'));
    assert.equal(unb64(r.kvs[0].value), 'v1');
    assert.equal(r.kvs[0].create_revision, rev);
    assert.equal(r.kvs[0].mod_revision, rev);
    assert.equal(r.kvs[0].version, 1);
    assert.equal(r.more, undefined);

    await ok(['put', 'json/l', 'v2']);
    const limited = await json(['get', '--prefix', 'json/', '--limit', '1']);
    assert.equal(limited.count, 2);
    assert.equal(limited.more, true);
    assert.equal(limited.kvs.length, 1);

    // Missing key: a header and nothing else (zero values are omitted).
    const none = await json(['get', 'json/missing']);
    assert.ok(Number(none.header.revision) >= rev + 1);
    assert.equal(none.kvs, undefined);
    assert.equal(none.count, undefined);
  });

  it('get --rev reads history; a future revision fails', TEST_TIMEOUT, async () => {
    const r1 = Number((await json(['put', 'rev/k', 'one'])).header.revision);
    const r2 = Number((await json(['put', 'rev/k', 'two'])).header.revision);
    await ok(['del', 'rev/k']);
    assert.equal(await ok(['get', 'rev/k', '--rev', String(r1)]), 'rev/k\none\n');
    assert.equal(await ok(['get', 'rev/k', '--rev', String(r2)]), 'rev/k\ntwo\n');
    assert.equal(await ok(['get', 'rev/k', '--rev', String(r1 - 1)]), '');
    assert.equal(await ok(['get', 'rev/k']), '');
    const h = await json(['get', 'rev/k', '--rev', String(r1)]);
    assert.equal(h.kvs[0].mod_revision, r1);
    await fails(
      ['get', 'rev/k', '--rev', String(r2 + 1000)],
      'etcdserver: mvcc: required revision is a future revision',
      1,
    );
  });

  it('del prints the number deleted; --prev-kv prints the pairs', TEST_TIMEOUT, async () => {
    for (const k of ['del/a', 'del/b', 'del/c', 'del/d']) await ok(['put', k, `v-${k}`]);
    assert.equal(await ok(['del', 'del/a']), '1\n');
    assert.equal(await ok(['del', 'del/a']), '0\n');
    assert.equal(await ok(['del', 'del/nothing']), '0\n');
    assert.equal(await ok(['del', '--prev-kv', 'del/b']), '1\ndel/b\nv-del/b\n');
    assert.equal(await ok(['del', '--prefix', 'del/']), '2\n');
    assert.equal(await ok(['get', '--prefix', 'del/']), '');
  });

  it('watch prints PUT/DELETE events as they happen', TEST_TIMEOUT, async () => {
    const w = ctl.start(['watch', 'watch/k']);
    try {
      // etcdctl prints nothing when the watch is created, so put until the watcher reports one.
      let i = 0;
      const deadline = Date.now() + RUN_TIMEOUT_MS;
      while (!w.stdout().includes('\n')) {
        if (Date.now() > deadline || w.child.exitCode !== null)
          assert.fail(`watch printed nothing; stdout: ${w.stdout()} stderr: ${w.stderr()}`);
        await ok(['put', 'watch/k', `probe-${i++}`]);
        await new Promise((r) => setTimeout(r, 150));
      }
      await waitFor('the probe event', () => w.lines().length >= 4, 2_000);
      const seen = w.stdout();
      // The first event seen is one of the probes, each probe after it follows in order.
      const m = /^PUT\nwatch\/k\nprobe-(\d+)\n/.exec(seen);
      assert.ok(m, `unexpected watch output:\n${seen}`);
      const first = Number(m[1]);
      let expect = '';
      for (let j = first; j < i; j++) expect += `PUT\nwatch/k\nprobe-${j}\n`;
      await waitFor('all probes', () => w.stdout().length >= expect.length, 2_000);

      await ok(['put', 'watch/other', 'ignored']);
      await ok(['put', 'watch/k', 'hello world']);
      await ok(['del', 'watch/k']);
      expect += 'PUT\nwatch/k\nhello world\nDELETE\nwatch/k\n\n';
      await waitFor('the put and delete events', () => w.stdout().length >= expect.length);
      assert.equal(w.stdout(), expect);
    } finally {
      await w.kill();
    }
  });

  it('watch --prefix --rev N replays history', TEST_TIMEOUT, async () => {
    const r1 = Number((await json(['put', 'hist/a', '1'])).header.revision);
    await ok(['put', 'hist/b', '2']);
    await ok(['put', 'hist/a', '3']);
    await ok(['del', 'hist/b']);
    await ok(['put', 'histx', 'outside the prefix']);
    const expected = 'PUT\nhist/a\n1\nPUT\nhist/b\n2\nPUT\nhist/a\n3\nDELETE\nhist/b\n\n';

    const w = ctl.start(['watch', '--prefix', '--rev', String(r1), 'hist/']);
    try {
      await waitFor(`replayed events (got ${JSON.stringify(w.stdout())})`, () => w.stdout().length >= expected.length);
      assert.equal(w.stdout(), expected);
      // It keeps watching after the replay.
      await ok(['put', 'hist/c', 'live']);
      await waitFor('the live event', () => w.stdout().length >= expected.length + 'PUT\nhist/c\nlive\n'.length);
      assert.equal(w.stdout(), expected + 'PUT\nhist/c\nlive\n');
    } finally {
      await w.kill();
    }

    // From the middle, with -w json: one JSON object per watch response, events with
    // kv.mod_revision; the PUT type (0) is omitted and DELETE is printed as 1.
    const w2 = ctl.start(['watch', '--prefix', '--rev', String(r1 + 2), 'hist/', '-w', 'json']);
    try {
      const events = () =>
        w2
          .lines()
          .slice(0, -1)
          .flatMap((l) => (ctl.parseJson(l).Events ?? []) as Msg[]);
      await waitFor(`json watch output (got ${w2.stdout()})`, () => events().length >= 3);
      const ev = events();
      assert.equal(unb64(ev[0].kv.key), 'hist/a');
      assert.equal(ev[0].kv.mod_revision, r1 + 2);
      assert.equal(unb64(ev[0].kv.value), '3');
      assert.equal(ev[0].type, undefined);
      assert.equal(ev[1].type, 1);
      assert.equal(unb64(ev[1].kv.key), 'hist/b');
      assert.equal(ev[1].kv.mod_revision, r1 + 3);
      assert.equal(unb64(ev[2].kv.key), 'hist/c');
    } finally {
      await w2.kill();
    }
  });

  it('txn from stdin: success and failure branches', TEST_TIMEOUT, async () => {
    await ok(['put', 'txn/k', 'v1']);
    // compares, blank line, success ops, blank line, failure ops, blank line.
    const cas = (expect: string, next: string) =>
      `value("txn/k") = "${expect}"\n\nput txn/k ${next}\nput txn/side ${next}\n\nget txn/k\n\n`;
    assert.equal(await ok(['txn'], { input: cas('v1', 'v2') }), 'SUCCESS\n\nOK\n\nOK\n');
    assert.equal(await ok(['get', 'txn/side', '--print-value-only']), 'v2\n');
    assert.equal(await ok(['txn'], { input: cas('v1', 'v3') }), 'FAILURE\n\ntxn/k\nv2\n');
    assert.equal(await ok(['get', 'txn/k', '--print-value-only']), 'v2\n');

    // mod/create/version comparisons, json output.
    const kv = (await json(['get', 'txn/k'])).kvs[0];
    const input =
      `mod("txn/k") = "${kv.mod_revision}"\ncreate("txn/k") = "${kv.create_revision}"\n` +
      `version("txn/k") = "2"\nmod("txn/none") = "0"\n\n` +
      `del txn/side\n\nput txn/failed yes\n\n`;
    const r = await json(['txn'], { input });
    assert.equal(r.succeeded, true);
    assert.equal(r.responses.length, 1);
    assert.equal(r.responses[0].Response.ResponseDeleteRange.deleted, 1);
    assert.equal(await ok(['get', 'txn/side']), '');

    const r2 = await json(['txn'], { input: 'version("txn/k") > "5"\n\n\nget txn/k\n\n' });
    assert.equal(r2.succeeded, undefined); // false is omitted
    const rr = r2.responses[0].Response.ResponseRange;
    assert.equal(unb64(rr.kvs[0].value), 'v2');
    assert.equal(rr.count, 1);

    // An empty transaction succeeds.
    assert.equal(await ok(['txn'], { input: '\n\n\n' }), 'SUCCESS\n');

    const bad = await run(['txn'], { input: 'bogus\n\n\n\n' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /malformed comparison: bogus/);
  });

  it('txn -i (interactive prompts, input from stdin)', TEST_TIMEOUT, async () => {
    await ok(['put', 'txni/k', 'a']);
    const out = await ok(['txn', '-i'], {
      input: 'value("txni/k") = "a"\n\nput txni/k b\n\nget txni/k\n\n',
    });
    assert.equal(
      out,
      'compares:\nsuccess requests (get, put, del):\nfailure requests (get, put, del):\nSUCCESS\n\nOK\n',
    );
    assert.equal(await ok(['get', 'txni/k', '--print-value-only']), 'b\n');
  });
});

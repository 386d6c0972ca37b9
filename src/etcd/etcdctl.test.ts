/**
 * The real `etcdctl` (API v3, etcd 3.4) driven as a child process against each store target
 * (`k8ts etcd` and real etcd), asserting on what it prints and its exit code. This is what an
 * operator sees, and it exercises the server through clientv3 exactly as Go clients do (retry
 * interceptor, error mapping by message, watch creation handshake, lease keep-alive stream,
 * snapshot stream).
 *
 * `ETCD_TARGETS=real` / `ETCD_TARGETS=k8ts` narrows the targets; `ETCDCTL_BINARY` overrides the
 * binary (default `/usr/bin/etcdctl`). Every etcdctl child has a timeout and is killed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etcdTargets, type RunningStore } from './testing/targets.js';
import type { Msg } from './rpc-client.js';

const ETCDCTL = process.env.ETCDCTL_BINARY ?? '/usr/bin/etcdctl';
const haveEtcdctl = existsSync(ETCDCTL);

/** Upper bound on any single etcdctl run / wait. */
const RUN_TIMEOUT_MS = 5_000;
const TEST_TIMEOUT = { timeout: 20_000 };

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** etcdctl's environment: API v3 and none of the caller's ETCDCTL_* settings. */
function etcdctlEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ETCDCTL_')) env[k] = v;
  env.ETCDCTL_API = '3';
  return env;
}

const children = new Set<ChildProcess>();

function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Bounded wait for a condition, polling. */
async function waitFor(what: string, cond: () => boolean, timeoutMs = RUN_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A background etcdctl (watch): its output so far, and a way to end it. */
interface Background {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  lines(): string[];
  exited: Promise<RunResult>;
  kill(): Promise<RunResult>;
}

function withStore(getStore: () => RunningStore) {
  const base = () => [`--endpoints=${getStore().endpoint}`, '--dial-timeout=2s', '--command-timeout=4s'];

  function start(args: string[], input?: string): Background {
    const child = spawn(ETCDCTL, [...base(), ...args], {
      env: etcdctlEnv(),
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (input !== undefined) {
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
    }
    const exited = new Promise<RunResult>((resolve) => {
      child.once('error', (err) => resolve({ code: -1, signal: null, stdout, stderr: stderr + String(err) }));
      child.once('close', (code, signal) => {
        children.delete(child);
        resolve({ code, signal, stdout, stderr });
      });
    });
    return {
      child,
      stdout: () => stdout,
      stderr: () => stderr,
      lines: () => stdout.split('\n'),
      exited,
      kill: async () => {
        killChild(child);
        return exited;
      },
    };
  }

  /** Runs etcdctl to completion (killed after `timeoutMs`). */
  async function run(args: string[], opts: { input?: string; timeoutMs?: number } = {}) {
    const bg = start(args, opts.input);
    const timeoutMs = opts.timeoutMs ?? RUN_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const res = await Promise.race([bg.exited, timedOut]);
    clearTimeout(timer);
    if (res === 'timeout') {
      const r = await bg.kill();
      throw new Error(
        `etcdctl ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}`,
      );
    }
    return res;
  }

  /** Runs etcdctl and asserts exit code 0; returns stdout. */
  async function ok(args: string[], opts: { input?: string } = {}): Promise<string> {
    const r = await run(args, opts);
    assert.equal(
      r.code,
      0,
      `etcdctl ${args.join(' ')} exited ${r.code} (${r.signal})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`,
    );
    return r.stdout;
  }

  /** Runs etcdctl, asserts it failed, and that stderr (or stdout) contains `message`. */
  async function fails(args: string[], message: string | RegExp, code?: number) {
    const r = await run(args);
    assert.notEqual(r.code, 0, `etcdctl ${args.join(' ')} should fail; stdout: ${r.stdout}`);
    if (code !== undefined) assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
    const both = r.stderr + r.stdout;
    if (typeof message === 'string') assert.ok(both.includes(message), `expected "${message}" in:\n${both}`);
    else assert.match(both, message);
    return r;
  }

  /** Parses etcdctl's JSON with 64-bit integers (IDs) kept exact as strings. */
  function parseJson(text: string): Msg {
    return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
  }

  async function json(args: string[], opts: { input?: string } = {}) {
    return parseJson(await ok([...args, '-w', 'json'], opts));
  }

  /** The current store revision (from a `get -w json` header). */
  async function revision(): Promise<number> {
    const r = await json(['get', 'k8ts-etcdctl-test/no-such-key']);
    return Number(r.header.revision);
  }

  return { start, run, ok, fails, json, parseJson, revision };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString();

for (const target of etcdTargets()) {
  describe(`etcdctl against ${target.name}`, { skip: haveEtcdctl ? false : `no ${ETCDCTL}` }, () => {
    let store: RunningStore | undefined;
    const ctl = withStore(() => {
      if (!store) throw new Error('store not started');
      return store;
    });
    const ctlHostPort = withStore(() => {
      if (!store) throw new Error('store not started');
      return { ...store, endpoint: new URL(store.endpoint).host };
    });
    const { ok, run, fails, json, revision } = ctl;
    const tmp = mkdtempSync(join(tmpdir(), 'etcdctl-test-'));

    before(async () => {
      store = await target.start();
    });

    after(async () => {
      for (const c of children) killChild(c);
      await store?.stop();
      rmSync(tmp, { recursive: true, force: true });
    });

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
        await waitFor(
          `replayed events (got ${JSON.stringify(w.stdout())})`,
          () => w.stdout().length >= expected.length,
        );
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

    it('lease grant, put --lease, keep-alive --once, timetolive --keys, list, revoke', TEST_TIMEOUT, async () => {
      const granted = await ok(['lease', 'grant', '60']);
      const m = /^lease ([0-9a-f]{16}) granted with TTL\(60s\)\n$/.exec(granted);
      assert.ok(m, `unexpected: ${JSON.stringify(granted)}`);
      const id = m[1];
      assert.notEqual(BigInt('0x' + id), 0n);

      assert.equal(await ok(['put', `--lease=${id}`, 'lease/a', 'x']), 'OK\n');
      assert.equal(await ok(['put', `--lease=${id}`, 'lease/b', 'y']), 'OK\n');
      const kv = (await json(['get', 'lease/a'])).kvs[0];
      assert.equal(BigInt(kv.lease), BigInt('0x' + id));

      assert.equal(await ok(['lease', 'keep-alive', '--once', id]), `lease ${id} keepalived with TTL(60)\n`);

      const ttl = await ok(['lease', 'timetolive', '--keys', id]);
      const t = /^lease ([0-9a-f]{16}) granted with TTL\(60s\), remaining\((\d+)s\), attached keys\(\[(.*)\]\)\n$/.exec(
        ttl,
      );
      assert.ok(t, `unexpected: ${JSON.stringify(ttl)}`);
      assert.equal(t[1], id);
      assert.ok(Number(t[2]) > 50 && Number(t[2]) <= 60, ttl);
      assert.deepEqual(t[3].split(' ').sort(), ['lease/a', 'lease/b']);

      const tj = await json(['lease', 'timetolive', '--keys', id]);
      assert.equal(BigInt(tj.id), BigInt('0x' + id));
      assert.equal(tj['granted-ttl'], 60);
      assert.deepEqual(tj.keys.map(unb64).sort(), ['lease/a', 'lease/b']);

      const list = await ok(['lease', 'list']);
      assert.match(list, /^found \d+ leases\n/);
      assert.ok(list.split('\n').includes(id), list);

      assert.equal(await ok(['lease', 'revoke', id]), `lease ${id} revoked\n`);
      assert.equal(await ok(['get', '--prefix', 'lease/']), '');
      assert.equal(await ok(['lease', 'timetolive', id]), `lease ${id} already expired\n`);
      await fails(['lease', 'revoke', id], 'etcdserver: requested lease not found');
      await fails(['lease', 'keep-alive', '--once', id], 'etcdserver: requested lease not found');
      await fails(['put', `--lease=${id}`, 'lease/c', 'z'], 'etcdserver: requested lease not found');
      assert.equal(await ok(['get', 'lease/c']), '');
    });

    it('lease grant -w json', TEST_TIMEOUT, async () => {
      const r = await json(['lease', 'grant', '30']);
      assert.equal(r.TTL, 30);
      assert.ok(BigInt(r.ID) > 0n);
      assert.ok(Number(r.revision) > 0);
      await ok(['lease', 'revoke', BigInt(r.ID).toString(16)]);
    });

    // clientv3 3.4 dials a separate connection for Maintenance.Status (also HashKV, Defragment,
    // MoveLeader) with the --endpoints string as given, so with `http://host:port` the HTTP/2
    // :authority is "http://host:port" (not a valid authority; Go's server accepts it). The
    // scheme-less form sends "host:port". Both are tested.
    for (const form of ['scheme', 'host:port'] as const) {
      it(
        `endpoint status, endpoint health (--endpoints as ${form === 'scheme' ? 'http://host:port' : 'host:port'})`,
        TEST_TIMEOUT,
        async () => {
          const { ok, run, json } = form === 'scheme' ? ctl : ctlHostPort;
          const endpoint = form === 'scheme' ? store!.endpoint : new URL(store!.endpoint).host;
          const simple = await ok(['endpoint', 'status']);
          // endpoint, ID, version, db size, is leader, is learner, raft term, raft index,
          // raft applied index, errors
          const f = simple.replace(/\n$/, '').split(', ');
          assert.equal(f.length, 10, simple);
          assert.equal(f[0], endpoint);
          assert.match(f[1], /^[0-9a-f]+$/);
          assert.match(f[2], /^\d+\.\d+\.\d+/);
          assert.match(f[3], /^\d+(\.\d+)? [kMG]?B$/);
          assert.equal(f[4], 'true', 'the single member is the leader (Status.leader == header.member_id)');
          assert.equal(f[5], 'false');
          assert.match(f[6], /^\d+$/);
          assert.match(f[7], /^\d+$/);
          assert.match(f[8], /^\d+$/);
          assert.equal(f[9], '');

          const js = await json(['endpoint', 'status']);
          assert.ok(Array.isArray(js) && js.length === 1, JSON.stringify(js));
          assert.equal(js[0].Endpoint, endpoint);
          const st = js[0].Status;
          assert.ok(Number(st.header.revision) >= 1);
          assert.equal(BigInt(st.header.member_id).toString(16), f[1]);
          assert.equal(String(st.leader), String(st.header.member_id));
          assert.equal(st.version, f[2]);
          assert.ok(st.dbSize > 0);

          // The simple form of `endpoint health` is printed on stderr.
          const health = await run(['endpoint', 'health']);
          assert.equal(health.code, 0, health.stderr);
          assert.match(
            health.stderr,
            new RegExp(`^${endpoint.replace(/[.]/g, '\\.')} is healthy: successfully committed proposal: took = `),
          );
          const hj = await json(['endpoint', 'health']);
          assert.equal(hj[0].endpoint, endpoint);
          assert.equal(hj[0].health, true);
        },
      );
    }

    it('member list', TEST_TIMEOUT, async () => {
      const simple = await ok(['member', 'list']);
      const lines = simple.replace(/\n$/, '').split('\n');
      assert.equal(lines.length, 1, simple);
      // ID, status, name, peer URLs, client URLs, is learner
      const f = lines[0].split(', ');
      assert.equal(f.length, 6, simple);
      assert.match(f[0], /^[0-9a-f]+$/);
      assert.equal(f[1], 'started', 'a member with a name is "started"');
      assert.ok(f[2].length > 0);
      assert.ok(f[4].length > 0, 'client URLs');
      for (const u of f[4].split(',')) assert.doesNotThrow(() => new URL(u), u);
      assert.equal(f[5], 'false');

      const js = await json(['member', 'list']);
      assert.equal(f[0], BigInt(js.header.member_id).toString(16));
      assert.equal(js.members.length, 1);
      assert.equal(BigInt(js.members[0].ID).toString(16), f[0]);
      assert.equal(js.members[0].name, f[2]);
      assert.ok(Array.isArray(js.members[0].clientURLs) && js.members[0].clientURLs.length > 0);
    });

    it('compaction N, then reads and watches below N fail', TEST_TIMEOUT, async () => {
      const r1 = Number((await json(['put', 'compact/k', 'a'])).header.revision);
      const r2 = Number((await json(['put', 'compact/k', 'b'])).header.revision);
      await ok(['put', 'compact/k', 'c']);
      assert.equal(await ok(['compaction', String(r2)]), `compacted revision ${r2}\n`);
      await fails(
        ['get', 'compact/k', '--rev', String(r1)],
        'etcdserver: mvcc: required revision has been compacted',
        1,
      );
      assert.equal(await ok(['get', 'compact/k', '--rev', String(r2)]), 'compact/k\nb\n');
      assert.equal(await ok(['get', 'compact/k']), 'compact/k\nc\n');
      await fails(['compaction', String(r1)], 'etcdserver: mvcc: required revision has been compacted');
      const rev = await revision();
      await fails(['compaction', String(rev + 100)], 'etcdserver: mvcc: required revision is a future revision');

      // A watch from a compacted revision is cancelled by the server (message on stderr).
      const w = await run(['watch', '--rev', String(r1), 'compact/k']);
      assert.notEqual(w.code, 0);
      assert.match(
        w.stderr,
        /watch was canceled \(etcdserver: mvcc: required revision has been compacted\)/,
        `stdout: ${w.stdout}\nstderr: ${w.stderr}`,
      );

      // --physical waits for the compaction to be applied.
      const now = await revision();
      assert.equal(await ok(['compaction', '--physical', String(now)]), `compacted revision ${now}\n`);
    });

    it('snapshot save', TEST_TIMEOUT, async () => {
      for (let i = 0; i < 20; i++) await ok(['put', `snap/${i}`, 'x'.repeat(100)]);
      const rev = await revision();
      const file = join(tmp, 'snap.db');
      const r = await run(['snapshot', 'save', file]);
      assert.equal(r.code, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
      assert.equal(r.stdout, `Snapshot saved at ${file}\n`);
      assert.ok(statSync(file).size > 0, 'snapshot file is empty');
      assert.ok(!existsSync(file + '.part'));

      if (target.name === 'real') {
        // k8ts' snapshot format is its own; etcdctl can only read real etcd's (bbolt + sha256).
        const st = await ok(['snapshot', 'status', file]);
        const f = st.replace(/\n$/, '').split(', ');
        assert.equal(f.length, 4, st);
        assert.equal(Number(f[1]), rev);
        const sj = await json(['snapshot', 'status', file]);
        assert.equal(sj.revision, rev);
        assert.ok(sj.totalKey >= 20);
        assert.ok(sj.totalSize > 0);
      }
    });
  });
}

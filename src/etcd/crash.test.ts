/**
 * Crash safety of `k8ts etcd` (k8ts only; real etcd is not under test here).
 *
 * For R rounds (env CRASH_ROUNDS, default 5) on one persistent data dir and port:
 *  - start `k8ts etcd`; if a previous round crashed it, verify what survived;
 *  - run 8 concurrent writers (puts of unique keys with unique values, some Txn CAS updates and
 *    deletes of their own keys), recording every acknowledged write with its header.revision,
 *    and one watcher on the whole keyspace from revision 1 (later: from the last revision any
 *    earlier watcher saw + 1) recording every event;
 *  - after a random 100–800 ms, SIGKILL the server while writes are in flight.
 * After each restart:
 *  - the header revision is ≥ every acknowledged revision and every revision a watcher saw;
 *  - every acknowledged write of the round is in history: a Range at its revision returns it
 *    (put/CAS: the value with that mod_revision; delete: nothing);
 *  - every key's current value is its last acknowledged state, or the result of the one write
 *    that was in flight on it when the server died;
 *  - a watch from revision 1 replays a history with non-decreasing, gap-free revisions, of which
 *    everything the pre-crash watchers saw is an exact prefix (same keys, types, revisions,
 *    values) — no watcher ever saw a revision that was later lost, duplicated or reordered — and
 *    which contains every acknowledged write.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EtcdRpcClient, type Msg } from './rpc-client.js';
import { startK8tsEtcd, type RunningK8tsEtcd } from './testing/k8ts-etcd.js';
import { freePort } from '../machinery/ports.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 10);
const WRITERS = 8;
const ALL_KEYS = { key: Buffer.from([0]), range_end: Buffer.from([0]) };

interface Event {
  key: string;
  type: string;
  rev: number;
  value: string;
}

type OpKind = 'put' | 'cas' | 'delete';

interface AckedOp {
  kind: OpKind;
  key: string;
  /** The value written (empty for delete). */
  value: string;
  rev: number;
  round: number;
}

/** What is known about one key: its last acknowledged state and any unacknowledged outcome. */
interface KeyState {
  /** null: absent (never acknowledged, or deleted). */
  value: string | null;
  /** mod_revision of the acknowledged value, when known. */
  rev?: number;
  /** Possible results of a write that was in flight when the server died. */
  maybe: (string | null)[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

const str = (b: Buffer | undefined) => (b ? Buffer.from(b).toString() : '');
const toEvent = (ev: Msg): Event => ({
  key: str(ev.kv.key),
  type: String(ev.type),
  rev: Number(ev.kv.mod_revision),
  value: str(ev.kv.value),
});
const fmtEvent = (e: Event | undefined) => (e ? `${e.type} ${e.key}@${e.rev}=${JSON.stringify(e.value)}` : '(none)');

/** A watch on the whole keyspace from `startRevision`, appending events to `out`. */
function watchAll(client: EtcdRpcClient, startRevision: number, out: Event[]) {
  const stream = client.watchStream();
  let canceled: string | undefined;
  const created = new Promise<void>((resolve, reject) => {
    stream.on('data', (resp: Msg) => {
      if (resp.created) resolve();
      if (resp.canceled) canceled = `${resp.cancel_reason} (compact_revision ${resp.compact_revision})`;
      for (const ev of resp.events ?? []) out.push(toEvent(ev));
    });
    stream.on('error', (err) => reject(err));
  });
  created.catch(() => {});
  stream.write({ create_request: { ...ALL_KEYS, start_revision: startRevision } });
  return {
    created,
    canceled: () => canceled,
    close: () => stream.cancel(),
  };
}

// Like the conformance suites, ETCD_TARGETS narrows what runs (`real` alone leaves this out).
const targets = process.env.ETCD_TARGETS?.split(',') ?? ['k8ts'];

describe('k8ts etcd crash safety', { skip: !targets.includes('k8ts') && 'ETCD_TARGETS excludes k8ts' }, () => {
  it(
    `keeps every acknowledged write and never un-happens a watched event, over ${ROUNDS} SIGKILLs`,
    {
      timeout: 30_000 + ROUNDS * 20_000,
    },
    async (t) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'k8ts-crash-'));
      const port = await freePort();
      let server: RunningK8tsEtcd | undefined;
      const clients = new Set<EtcdRpcClient>();
      const newClient = () => {
        const c = new EtcdRpcClient({
          endpoint: `http://127.0.0.1:${port}`,
          channelOptions: { 'grpc.use_local_subchannel_pool': 1 },
        });
        clients.add(c);
        return c;
      };
      const closeClient = (c: EtcdRpcClient) => {
        c.close();
        clients.delete(c);
      };

      const acked: AckedOp[] = [];
      const keys = new Map<string, KeyState>();
      /** Everything the pre-crash watchers saw, in order, across rounds. */
      const observed: Event[] = [];
      let maxAckedRev = 0;
      const problems: string[] = [];

      const start = async () => {
        server = await startK8tsEtcd([], { dataDir, port });
      };

      /** Checks the store after a restart; returns its current revision. */
      const verify = async (round: number) => {
        const client = newClient();
        try {
          const head = await client.range({ key: Buffer.from('crash/none') });
          const rev = Number(head.header.revision);
          const maxObserved = observed.length ? observed[observed.length - 1].rev : 0;
          assert.ok(rev >= maxAckedRev, `after restart ${round}: revision ${rev} < acknowledged ${maxAckedRev}`);
          assert.ok(rev >= maxObserved, `after restart ${round}: revision ${rev} < watched ${maxObserved}`);

          // Acknowledged writes of the last round, through history.
          const ops = acked.filter((o) => o.round === round);
          let next = 0;
          await Promise.all(
            Array.from({ length: 16 }, async () => {
              while (next < ops.length) {
                const op = ops[next++];
                const r = await client.range({ key: Buffer.from(op.key), revision: op.rev });
                const kv = r.kvs[0];
                if (op.kind === 'delete') {
                  if (kv) problems.push(`acked delete of ${op.key}@${op.rev} but Range@${op.rev} has it`);
                } else if (!kv || str(kv.value) !== op.value || Number(kv.mod_revision) !== op.rev) {
                  problems.push(
                    `acked ${op.kind} ${op.key}=${op.value}@${op.rev} but Range@${op.rev} returns ` +
                      (kv ? `${str(kv.value)}@${kv.mod_revision}` : 'nothing'),
                  );
                }
              }
            }),
          );

          // Current state of every key.
          const all = await client.range({
            key: Buffer.from('crash/'),
            range_end: Buffer.from('crash0'),
          });
          const current = new Map<string, { value: string; rev: number }>();
          for (const kv of all.kvs) current.set(str(kv.key), { value: str(kv.value), rev: Number(kv.mod_revision) });
          for (const k of current.keys()) if (!keys.has(k)) problems.push(`key ${k} exists but was never written`);
          for (const [k, st] of keys) {
            const cur = current.get(k);
            const actual = cur ? cur.value : null;
            const allowed = [st.value, ...st.maybe];
            if (!allowed.includes(actual)) {
              problems.push(`key ${k}: is ${JSON.stringify(actual)}, expected one of ${JSON.stringify(allowed)}`);
            } else if (st.maybe.length === 0 && cur && st.rev !== undefined && cur.rev !== st.rev) {
              problems.push(`key ${k}: mod_revision ${cur.rev}, acknowledged ${st.rev}`);
            }
            // What is read after a restart came from disk: it is the key's state from now on.
            keys.set(k, { value: actual, rev: cur?.rev, maybe: [] });
          }

          // Replay all history and compare with what the watchers saw.
          const replay: Event[] = [];
          const w = watchAll(client, 1, replay);
          try {
            await withTimeout(w.created, 5_000, 'replay watch creation');
            const deadline = Date.now() + 10_000;
            while (rev > 1 && (replay.length === 0 || replay[replay.length - 1].rev < rev)) {
              if (w.canceled()) assert.fail(`replay watch canceled: ${w.canceled()}`);
              if (Date.now() > deadline)
                assert.fail(
                  `replay stalled at ${fmtEvent(replay[replay.length - 1])}, revision is ${rev} ` +
                    `(${replay.length} events)`,
                );
              await sleep(10);
            }
            await sleep(50); // any further events of the last revision
          } finally {
            w.close();
          }
          let prevRev = 1;
          for (let i = 0; i < replay.length; i++) {
            const e = replay[i];
            if (e.rev < prevRev || e.rev > prevRev + 1) {
              problems.push(`replay: event ${i} ${fmtEvent(e)} follows revision ${prevRev}`);
              break;
            }
            prevRev = e.rev;
          }
          if (replay.length && replay[replay.length - 1].rev !== rev)
            problems.push(`replay ends at ${replay[replay.length - 1].rev}, revision is ${rev}`);
          for (let i = 0; i < observed.length; i++) {
            const a = observed[i];
            const b = replay[i];
            if (!b || a.key !== b.key || a.type !== b.type || a.rev !== b.rev || a.value !== b.value) {
              problems.push(
                `watched event ${i} ${fmtEvent(a)} is not in the replay, which has ${fmtEvent(b)} there ` +
                  `(lost, reordered or rewritten after the crash)`,
              );
              break;
            }
          }
          const byKeyRev = new Map(replay.map((e) => [`${e.key}@${e.rev}`, e]));
          for (const op of acked) {
            const e = byKeyRev.get(`${op.key}@${op.rev}`);
            const type = op.kind === 'delete' ? 'DELETE' : 'PUT';
            if (!e || e.type !== type || (op.kind !== 'delete' && e.value !== op.value))
              problems.push(`acked ${op.kind} ${op.key}=${op.value}@${op.rev}: replay has ${fmtEvent(e)}`);
          }
          t.diagnostic(
            `restart ${round}: revision ${rev}, ${acked.length} acked writes, ${observed.length} ` +
              `watched events, ${replay.length} replayed`,
          );
          return rev;
        } finally {
          closeClient(client);
        }
      };

      try {
        for (let round = 1; round <= ROUNDS; round++) {
          // The server verified after the previous crash carries on into this round.
          if (!server) await start();

          // Watch from where the earlier watchers stopped.
          const watchClient = newClient();
          const from = observed.length ? observed[observed.length - 1].rev + 1 : 1;
          const roundEvents: Event[] = [];
          const w = watchAll(watchClient, from, roundEvents);
          await withTimeout(w.created, 5_000, 'watch creation');

          let stopping = false;
          let killing = false;
          const writer = async (id: number) => {
            const client = newClient();
            const live: { key: string; rev: number }[] = [];
            let i = 0;
            try {
              while (!stopping) {
                const n = i++;
                const value = `r${round}-w${id}-${n}-${randomBytes(6).toString('hex')}`;
                const dice = Math.random();
                let kind: OpKind = 'put';
                let key = `crash/r${round}/w${id}/${n}`;
                if (live.length > 3 && dice < 0.15) kind = 'cas';
                else if (live.length > 3 && dice < 0.25) kind = 'delete';
                let slot = -1;
                if (kind !== 'put') {
                  slot = Math.floor(Math.random() * live.length);
                  key = live[slot].key;
                  live.splice(slot, 1); // not reused until acknowledged
                }
                const before = keys.get(key) ?? { value: null, maybe: [] };
                const outcome = kind === 'delete' ? null : value;
                keys.set(key, { ...before, maybe: [outcome] });
                let res: Msg;
                try {
                  const k = Buffer.from(key);
                  const v = Buffer.from(value);
                  if (kind === 'put') res = await client.call(client.kv, 'Put', { key: k, value: v }, 3_000);
                  else if (kind === 'delete') res = await client.call(client.kv, 'DeleteRange', { key: k }, 3_000);
                  else
                    res = await client.call(
                      client.kv,
                      'Txn',
                      {
                        compare: [{ key: k, target: 'MOD', result: 'EQUAL', mod_revision: before.rev }],
                        success: [{ request_put: { key: k, value: v } }],
                        failure: [{ request_range: { key: k } }],
                      },
                      3_000,
                    );
                } catch (err) {
                  // Outcome unknown: the server was killed (or is going away). The key keeps both
                  // possibilities and is not used again this round.
                  if (!killing) problems.push(`${kind} ${key} failed while the server was up: ${err}`);
                  if (stopping) return;
                  await sleep(20);
                  continue;
                }
                const rev = Number(res.header.revision);
                if (kind === 'cas' && !res.succeeded) {
                  problems.push(`CAS on ${key}@${before.rev} failed (only this writer writes it)`);
                  keys.set(key, { ...before, maybe: [] });
                  continue;
                }
                if (kind === 'delete' && String(res.deleted) !== '1')
                  problems.push(`delete of ${key} (live at ${before.rev}) deleted ${res.deleted}`);
                acked.push({ kind, key, value: kind === 'delete' ? '' : value, rev, round });
                if (rev > maxAckedRev) maxAckedRev = rev;
                keys.set(key, {
                  value: outcome,
                  rev: kind === 'delete' ? undefined : rev,
                  maybe: [],
                });
                if (kind !== 'delete') live.push({ key, rev });
              }
            } finally {
              closeClient(client);
            }
          };
          const writers = Array.from({ length: WRITERS }, (_, id) => writer(id));

          await sleep(100 + Math.random() * 700);
          const ackedBefore = acked.length;
          killing = true;
          await server!.stop({ kill: true, keepData: true });
          stopping = true;
          server = undefined;
          await withTimeout(Promise.all(writers), 10_000, 'writers to stop');
          w.close();
          closeClient(watchClient);
          observed.push(...roundEvents);
          t.diagnostic(
            `round ${round}: killed with ${ackedBefore} writes acknowledged so far, watcher saw ` +
              `${roundEvents.length} events (from revision ${from})`,
          );

          await start();
          await verify(round);
          assert.deepEqual(problems, [], `after crash ${round}`);
        }
        await server?.stop();
        server = undefined;
      } finally {
        for (const c of clients) c.close();
        await server?.stop({ kill: true, keepData: true });
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});

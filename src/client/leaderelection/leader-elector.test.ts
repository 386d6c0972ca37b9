import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../workqueue/fake-clock.js';
import { FakeLeaseStore, type FakeLeaseLock } from './fake-lease-lock.js';
import { LeaderElector } from './leader-elector.js';
import { formatMicroTime } from './lease-lock.js';

const T0 = Date.UTC(2026, 11, 2, 18, 6, 54, 123);
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Moves the fake clock forward by `ms`, letting async work settle at every timer on the way. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  const target = clock.now() + ms;
  await flush();
  for (let next = clock.pendingTimers()[0]; next !== undefined && next <= target; next = clock.pendingTimers()[0]) {
    clock.setTime(next);
    await flush();
  }
  clock.setTime(target);
  await flush();
}

/** Advances in small steps until `cond` holds; returns the fake time it first held. */
async function until(clock: FakeClock, cond: () => boolean, limitMs = 120_000): Promise<number> {
  for (let waited = 0; !cond(); waited += 100) {
    if (waited > limitMs) throw new Error('condition not reached');
    await advance(clock, 100);
  }
  return clock.now();
}

interface Contender {
  id: string;
  lock: FakeLeaseLock;
  elector: LeaderElector;
  controller: AbortController;
  log: string[];
  leading?: AbortSignal;
  done?: Promise<void>;
  start(): void;
}

function contender(
  id: string,
  store: FakeLeaseStore,
  clock: FakeClock,
  opts: { releaseOnCancel?: boolean } = {},
): Contender {
  const lock = store.lock();
  const c: Contender = {
    id,
    lock,
    controller: new AbortController(),
    log: [],
    elector: undefined as unknown as LeaderElector,
    start() {
      c.controller = new AbortController();
      c.done = c.elector.run(c.controller.signal);
    },
  };
  c.elector = new LeaderElector({
    lock,
    identity: id,
    clock,
    random: () => 0.5,
    releaseOnCancel: opts.releaseOnCancel,
    callbacks: {
      onStartedLeading: (signal) => {
        c.leading = signal;
        c.log.push(`started@${clock.now() - T0}`);
      },
      onStoppedLeading: () => void c.log.push(`stopped@${clock.now() - T0}`),
      onNewLeader: (leader) => void c.log.push(`leader:${leader}`),
    },
  });
  return c;
}

function setup(opts: { releaseOnCancel?: boolean } = {}) {
  const clock = new FakeClock(T0);
  const store = new FakeLeaseStore('kube-system', 'controller-manager', () => clock.now());
  return { clock, store, a: contender('a', store, clock, opts), b: contender('b', store, clock, opts) };
}

test('one contender leads, the other follows and reports the leader', async () => {
  const { clock, store, a, b } = setup();
  a.start();
  b.start();
  await advance(clock, 0);
  assert.equal(a.elector.isLeader(), true);
  assert.equal(b.elector.isLeader(), false);
  assert.deepEqual(store.lease?.spec, {
    holderIdentity: 'a',
    leaseDurationSeconds: 15,
    acquireTime: '2026-12-02T18:06:54.123000Z',
    renewTime: '2026-12-02T18:06:54.123000Z',
    leaseTransitions: 0,
  });
  assert.equal(store.lease?.metadata?.name, 'controller-manager');
  // Both found no lease and raced to create it; b lost (AlreadyExists) and has observed nothing yet.
  assert.equal(b.elector.getLeader(), '');
  await advance(clock, 3200); // b's next, jittered attempt: 2000 × (1 + 0.5 × 1.2)
  assert.equal(b.elector.getLeader(), 'a');
  assert.deepEqual(a.log, ['leader:a', 'started@0']);
  assert.deepEqual(b.log, ['leader:a']);

  // The leader renews every retryPeriod; the follower keeps polling and never takes over.
  await advance(clock, 56_800);
  assert.equal(store.lease?.spec?.holderIdentity, 'a');
  assert.equal(store.lease?.spec?.acquireTime, '2026-12-02T18:06:54.123000Z');
  assert.equal(store.lease?.spec?.renewTime, formatMicroTime(T0 + 60_000));
  const renewals = store.writes.filter((w) => w.lease.spec?.holderIdentity === 'a').map((w) => w.at - T0);
  // As upstream, the renew loop's first round runs right after the acquiring write.
  assert.deepEqual(renewals.slice(0, 4), [0, 0, 2000, 4000]);
  assert.equal(b.lock.calls.update + b.lock.calls.create, 1); // b's one losing create
  assert.deepEqual(b.log, ['leader:a']);

  a.controller.abort();
  b.controller.abort();
  await advance(clock, 0);
  await Promise.all([a.done, b.done]);
  assert.equal(a.leading?.aborted, true);
  assert.deepEqual(a.log.slice(-1), ['stopped@60000']);
  assert.deepEqual(b.log, ['leader:a', 'stopped@60000']); // upstream calls it even if never led
});

test('a leader that cannot renew steps down after renewDeadline; the follower takes over after leaseDuration', async () => {
  const { clock, store, a, b } = setup();
  a.start();
  await advance(clock, 0);
  b.start();
  await advance(clock, 5000);
  a.lock.failing = true;
  const lastRenewal = store.writes.at(-1)!.at;
  assert.equal(lastRenewal - T0, 4000);

  const stoppedAt = await until(clock, () => a.log.some((l) => l.startsWith('stopped')));
  // The next round began at 6000 and retried at 6000, 8000, …, 14000, giving up at 16000.
  assert.equal(stoppedAt - lastRenewal, 12_000);
  assert.equal(a.leading?.aborted, true);
  await a.done;
  assert.equal(a.lock.calls.update + a.lock.calls.get >= 5, true);

  const takeoverAt = await until(clock, () => b.elector.isLeader());
  // b last saw the record change at its first poll after 4000 (4000 + n×4400 jittered polls).
  assert.ok(takeoverAt - lastRenewal >= 15_000, `took over ${takeoverAt - lastRenewal} ms after last renewal`);
  assert.ok(takeoverAt - lastRenewal < 15_000 + 2 * 3200);
  assert.equal(store.lease?.spec?.holderIdentity, 'b');
  assert.equal(store.lease?.spec?.leaseTransitions, 1);
  assert.equal(store.lease?.spec?.acquireTime, formatMicroTime(takeoverAt));
  assert.deepEqual(b.log, ['leader:a', 'leader:b', `started@${takeoverAt - T0}`]);
  b.controller.abort();
  await advance(clock, 0);
});

test('expiry is judged by the observed time, not the renewTime written in the lease', async () => {
  const { clock, store, b } = setup();
  const ancient = '2000-01-01T00:00:00.000000Z';
  await store.create({
    metadata: { name: 'controller-manager', namespace: 'kube-system' },
    spec: {
      holderIdentity: 'gone',
      leaseDurationSeconds: 15,
      acquireTime: ancient,
      renewTime: ancient,
      leaseTransitions: 4,
    },
  });
  b.start();
  const takeoverAt = await until(clock, () => b.elector.isLeader());
  // Polls at 0, 3200, …, 16000: the first at least 15 s after the first observation.
  assert.equal(takeoverAt - T0, 16_000);
  assert.equal(store.lease?.spec?.leaseTransitions, 5);
  assert.deepEqual(b.log.slice(0, 2), ['leader:gone', 'leader:b']);
  b.controller.abort();
  await advance(clock, 0);
});

test('release on cancel lets the other acquire at once; transitions count every change', async () => {
  const { clock, store, a, b } = setup({ releaseOnCancel: true });
  a.start();
  await advance(clock, 0);
  b.start();
  await advance(clock, 10_000);

  a.controller.abort();
  await advance(clock, 0);
  await a.done;
  const released = store.writes.at(-1)!;
  assert.deepEqual(released.lease.spec, {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: formatMicroTime(released.at),
    renewTime: formatMicroTime(released.at),
    leaseTransitions: 0,
  });
  assert.equal(a.elector.isLeader(), false);
  assert.deepEqual(a.log.slice(-1), [`stopped@10000`]);

  const takeoverAt = await until(clock, () => b.elector.isLeader());
  assert.ok(takeoverAt - released.at <= 4400, 'no waiting for the lease duration');
  assert.equal(store.lease?.spec?.leaseTransitions, 1);

  a.start();
  await advance(clock, 5000);
  b.controller.abort();
  const backAt = await until(clock, () => a.elector.isLeader());
  assert.ok(backAt - clock.now() <= 4400);
  assert.equal(store.lease?.spec?.holderIdentity, 'a');
  assert.equal(store.lease?.spec?.leaseTransitions, 2);
  a.controller.abort();
  await advance(clock, 0);
  await Promise.all([a.done, b.done]);
});

test('a leader whose update conflicts re-reads and renews through the slow path', async () => {
  const { clock, store, a } = setup();
  a.start();
  await advance(clock, 0);
  // Someone else touches the lease (a label, say): a's cached resourceVersion is stale.
  const current = await store.get();
  await store.update({ ...current!, metadata: { ...current!.metadata, labels: { x: 'y' } } });
  await advance(clock, 2000);
  assert.equal(a.elector.isLeader(), true);
  assert.equal(store.lease?.spec?.renewTime, formatMicroTime(T0 + 2000));
  assert.deepEqual(store.lease?.metadata?.labels, { x: 'y' });
  a.controller.abort();
  await advance(clock, 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../workqueue/fake-clock.js';
import { FakeLeaseStore } from './fake-lease-lock.js';
import { HealthzAdaptor } from './healthz.js';
import { LeaderElector } from './leader-elector.js';

const T0 = Date.UTC(2026, 11, 2, 18, 6, 54, 123);
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

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

test('the healthz check fails once a leader has not renewed for leaseDuration + timeout', async () => {
  const clock = new FakeClock(T0);
  const store = new FakeLeaseStore('kube-system', 'scheduler', () => clock.now());
  const lock = store.lock();
  const healthz = new HealthzAdaptor(5000);
  assert.equal(healthz.name, 'leaderElection');
  healthz.check(); // no elector attached yet

  const elector = new LeaderElector({
    lock,
    identity: 'a',
    clock,
    random: () => 0,
    callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
  });
  healthz.setLeaderElection(elector);
  const controller = new AbortController();
  const done = elector.run(controller.signal);
  await advance(clock, 3000);
  healthz.check();

  // Renewals stop (the last succeeded at 2000); the elector steps down but, like upstream, still
  // believes the last record it saw, which names it — a process that keeps running is unhealthy.
  lock.failing = true;
  await advance(clock, 20_000 - 3000);
  await done;
  healthz.check();
  await advance(clock, 2000); // 22000: exactly leaseDuration + timeout after the last renewal
  healthz.check();
  await advance(clock, 1);
  assert.throws(() => healthz.check(), /^Error: failed election to renew leadership on lease kube-system\/scheduler$/);
});

test('followers are always healthy', async () => {
  const clock = new FakeClock(T0);
  const store = new FakeLeaseStore('kube-system', 'scheduler', () => clock.now());
  await store.create({ metadata: { name: 'scheduler' }, spec: { holderIdentity: 'other', leaseDurationSeconds: 15 } });
  const elector = new LeaderElector({
    lock: store.lock(),
    identity: 'a',
    clock,
    random: () => 0,
    callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
  });
  const controller = new AbortController();
  void elector.run(controller.signal);
  await advance(clock, 5000);
  elector.check(0);
  assert.equal(elector.getLeader(), 'other');
  controller.abort();
  await advance(clock, 0);
});

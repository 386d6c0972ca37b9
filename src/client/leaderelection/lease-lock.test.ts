import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAlreadyExists, isConflict } from '../../machinery/errors.js';
import { resolveConfig } from './config.js';
import { FakeLeaseStore } from './fake-lease-lock.js';
import {
  formatMicroTime,
  leaseSpecToRecord,
  parseMicroTime,
  recordFingerprint,
  recordToLeaseSpec,
} from './lease-lock.js';

const T0 = Date.UTC(2026, 11, 2, 18, 6, 54, 123);

test('MicroTime: six fractional digits, truncated, and parsed back', () => {
  assert.equal(formatMicroTime(T0 + 0.456), '2026-12-02T18:06:54.123456Z');
  assert.equal(formatMicroTime(T0 - 123), '2026-12-02T18:06:54.000000Z');
  assert.equal(parseMicroTime('2026-12-02T18:06:54.123456Z'), T0 + 0.456);
  assert.equal(parseMicroTime('2026-12-02T18:06:54Z'), T0 - 123);
  assert.equal(parseMicroTime('2026-12-02T20:06:54.123+02:00'), T0);
  assert.equal(parseMicroTime('yesterday'), undefined);
});

test('record <-> spec conversions follow upstream', () => {
  const spec = recordToLeaseSpec({
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: T0,
    renewTime: T0,
    leaderTransitions: 3,
  });
  assert.deepEqual(spec, {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: '2026-12-02T18:06:54.123000Z',
    renewTime: '2026-12-02T18:06:54.123000Z',
    leaseTransitions: 3,
  });
  assert.deepEqual(leaseSpecToRecord(undefined), { holderIdentity: '', leaseDurationSeconds: 0, leaderTransitions: 0 });
  assert.deepEqual(leaseSpecToRecord({ ...spec, strategy: 'OldestEmulationVersion' }), {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: T0,
    renewTime: T0,
    leaderTransitions: 3,
    strategy: 'OldestEmulationVersion',
  });
});

test('the record fingerprint sees whole seconds only, as upstream’s raw record does', () => {
  const r = { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: T0, renewTime: T0, leaderTransitions: 0 };
  assert.equal(recordFingerprint(r), recordFingerprint({ ...r, renewTime: T0 + 500 }));
  assert.notEqual(recordFingerprint(r), recordFingerprint({ ...r, renewTime: T0 + 1000 }));
  assert.notEqual(recordFingerprint(r), recordFingerprint({ ...r, holderIdentity: 'b' }));
});

test('the fake store enforces AlreadyExists and resourceVersion conflicts', async () => {
  const store = new FakeLeaseStore('ns', 'l', () => T0);
  const lock = store.lock();
  assert.equal(await lock.get(), undefined);
  const created = await lock.create({ metadata: { name: 'l', namespace: 'ns' }, spec: { holderIdentity: 'a' } });
  assert.equal(created.metadata?.resourceVersion, '1');
  await assert.rejects(lock.create({ metadata: { name: 'l' } }), isAlreadyExists);
  const updated = await lock.update({ ...created, spec: { holderIdentity: 'b' } });
  assert.equal(updated.metadata?.resourceVersion, '2');
  await assert.rejects(lock.update({ ...created, spec: { holderIdentity: 'c' } }), isConflict);
  lock.failing = true;
  await assert.rejects(lock.get(), /unable to handle/);
  assert.deepEqual(lock.calls, { get: 2, create: 2, update: 2 });
  assert.equal(store.writes.length, 2);
});

test('configuration is validated as upstream does', () => {
  const store = new FakeLeaseStore();
  const base = {
    lock: store.lock(),
    identity: 'a',
    callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
  };
  const resolved = resolveConfig(base);
  assert.equal(resolved.leaseDurationMs, 15_000);
  assert.equal(resolved.renewDeadlineMs, 10_000);
  assert.equal(resolved.retryPeriodMs, 2_000);
  assert.equal(resolved.name, 'kube-system/test-lock');
  assert.throws(
    () => resolveConfig({ ...base, leaseDurationMs: 10_000 }),
    /leaseDuration must be greater than renewDeadline/,
  );
  assert.throws(
    () => resolveConfig({ ...base, retryPeriodMs: 9000 }),
    /renewDeadline must be greater than retryPeriod\*JitterFactor/,
  );
  assert.throws(() => resolveConfig({ ...base, identity: '' }), /Lock identity is empty/);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { evictionDecision, minTolerationMs, toleratesTaint } from './tolerations.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const taint = (key: string, timeAdded?: number, value?: string): Taint => ({
  key,
  value,
  effect: 'NoExecute',
  timeAdded: timeAdded === undefined ? undefined : new Date(timeAdded).toISOString(),
});

describe('toleratesTaint', () => {
  const t: Taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  const cases: { name: string; tol: Toleration; want: boolean }[] = [
    { name: 'equal key and value', tol: { key: 'k', operator: 'Equal', value: 'v' }, want: true },
    { name: 'default operator is Equal', tol: { key: 'k', value: 'v' }, want: true },
    { name: 'other value', tol: { key: 'k', value: 'w' }, want: false },
    { name: 'exists', tol: { key: 'k', operator: 'Exists' }, want: true },
    { name: 'empty key exists tolerates all', tol: { operator: 'Exists' }, want: true },
    { name: 'other effect', tol: { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, want: false },
    { name: 'same effect', tol: { key: 'k', operator: 'Exists', effect: 'NoExecute' }, want: true },
    { name: 'other key', tol: { key: 'x', operator: 'Exists' }, want: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(toleratesTaint(c.tol, t), c.want));
});

describe('minTolerationMs', () => {
  // Upstream's TestGetMinTolerationTime.
  const s = (n?: number): Toleration => ({ tolerationSeconds: n });
  const cases: { tols: Toleration[]; want: number }[] = [
    { tols: [], want: 0 },
    { tols: [s(1), s(2)], want: 1000 },
    { tols: [s(10), s()], want: 10_000 },
    { tols: [s(), s()], want: -1 },
    { tols: [s(-5), s(10)], want: 0 },
    { tols: [s(0)], want: 0 },
  ];
  for (const c of cases) it(JSON.stringify(c.tols), () => assert.equal(minTolerationMs(c.tols), c.want));
});

describe('evictionDecision', () => {
  const unreachable = taint('node.kubernetes.io/unreachable', T0);
  const tol = (key: string, seconds?: number): Toleration => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: seconds,
  });
  it('keeps pods on nodes without NoExecute taints', () => {
    assert.deepEqual(evictionDecision([], undefined, T0), { kind: 'keep' });
  });
  it('evicts at once when a taint is not tolerated', () => {
    assert.deepEqual(evictionDecision([unreachable], undefined, T0 + 5), {
      kind: 'evict',
      atMs: T0 + 5,
      notTolerated: true,
    });
    const both = [unreachable, taint('other', T0)];
    assert.equal(evictionDecision(both, [tol('node.kubernetes.io/unreachable', 30)], T0).kind, 'evict');
  });
  it('never evicts when tolerated without seconds', () => {
    assert.deepEqual(evictionDecision([unreachable], [tol('node.kubernetes.io/unreachable')], T0), { kind: 'keep' });
  });
  it('evicts tolerationSeconds after the taint was added', () => {
    const d = evictionDecision([unreachable], [tol('node.kubernetes.io/unreachable', 300)], T0 + 10_000);
    assert.deepEqual(d, { kind: 'evict', atMs: T0 + 300_000, notTolerated: false });
  });
  it('takes the smallest matching tolerationSeconds', () => {
    const taints = [unreachable, taint('other', T0 + 1000)];
    const d = evictionDecision(taints, [tol('node.kubernetes.io/unreachable', 300), tol('other', 10)], T0 + 2000);
    assert.deepEqual(d, { kind: 'evict', atMs: T0 + 11_000, notTolerated: false });
  });
  it('uses the first toleration matching each taint', () => {
    const d = evictionDecision([unreachable], [{ operator: 'Exists' }, tol('node.kubernetes.io/unreachable', 5)], T0);
    assert.deepEqual(d, { kind: 'keep' });
  });
  it('counts from first sight for taints without timeAdded', () => {
    const d = evictionDecision([taint('x')], [tol('x', 2)], T0, () => T0 - 500);
    assert.deepEqual(d, { kind: 'evict', atMs: T0 + 1500, notTolerated: false });
  });
});

describe('taintStart', () => {
  it('counts a whole-second timeAdded from the end of its second unless seen sooner', async () => {
    const { taintStart } = await import('./tolerations.js');
    const t: Taint = { key: 'k', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:00Z' };
    assert.equal(taintStart(t, T0 + 300), T0 + 300);
    assert.equal(taintStart(t, T0 + 60_000), T0 + 999, 'seen long after: timeAdded wins');
    assert.equal(taintStart({ ...t, timeAdded: '2024-05-01T10:00:00.250Z' }, T0 + 60_000), T0 + 250);
    assert.equal(taintStart({ key: 'k', effect: 'NoExecute' }, T0 + 5), T0 + 5);
  });
});

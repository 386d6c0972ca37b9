import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NamespaceStatus } from 'kubernetes-types/core/v1.js';
import { NamespaceConditionUpdater, type ContentTotals } from './conditions.js';
import { remainingRequeueMs } from './index.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const T1 = Date.parse('2025-01-01T00:01:00Z');

const summary = (s: NamespaceStatus) =>
  (s.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

const totals = (resources: [string, number][], finalizers: [string, number][] = []): ContentTotals => ({
  remainingByResource: new Map(resources),
  remainingByFinalizer: new Map(finalizers),
});

test('with nothing wrong every condition is False with its all-is-well reason', () => {
  const status: NamespaceStatus = { phase: 'Terminating' };
  const u = new NamespaceConditionUpdater(() => T0);
  u.processContentTotals(totals([]));
  assert.equal(u.update(status), true);
  assert.deepEqual(summary(status), [
    'NamespaceDeletionDiscoveryFailure=False ResourcesDiscovered: All resources successfully discovered',
    'NamespaceDeletionGroupVersionParsingFailure=False ParsedGroupVersions: All legacy kube types successfully parsed',
    'NamespaceDeletionContentFailure=False ContentDeleted: All content successfully deleted, may be waiting on finalization',
    'NamespaceContentRemaining=False ContentRemoved: All content successfully removed',
    'NamespaceFinalizersRemaining=False ContentHasNoFinalizers: All content-preserving finalizers finished',
  ]);
  assert.ok(status.conditions!.every((c) => c.lastTransitionTime === '2025-01-01T00:00:00Z'));
  // The same again changes nothing.
  assert.equal(new NamespaceConditionUpdater(() => T1).update(status), false);
});

test('failures and remaining content, in upstream words, sorted', () => {
  const status: NamespaceStatus = {};
  const u = new NamespaceConditionUpdater(() => T0);
  u.processDiscoverResourcesErr(
    'unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request',
    1,
  );
  u.processGroupVersionErr('unexpected GroupVersion string: a/b/c');
  u.processDeleteContentErr('unexpected items still remain in namespace: ns for gvr: /v1, Resource=pods');
  u.processDeleteContentErr('boom');
  u.processContentTotals(
    totals(
      [
        ['pods.', 2],
        ['crontabs.stable.example.com', 1],
      ],
      [
        ['example.com/x', 1],
        ['a.io/first', 3],
      ],
    ),
  );
  u.update(status);
  assert.deepEqual(summary(status), [
    'NamespaceDeletionDiscoveryFailure=True DiscoveryFailed: Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request',
    'NamespaceDeletionGroupVersionParsingFailure=True GroupVersionParsingFailed: unexpected GroupVersion string: a/b/c',
    'NamespaceDeletionContentFailure=True ContentDeletionFailed: Failed to delete all resource types, 2 remaining: boom, unexpected items still remain in namespace: ns for gvr: /v1, Resource=pods',
    'NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: crontabs.stable.example.com has 1 resource instances, pods. has 2 resource instances',
    'NamespaceFinalizersRemaining=True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: a.io/first in 3 resource instances, example.com/x in 1 resource instances',
  ]);
});

test('lastTransitionTime moves with the status only; other conditions are kept', () => {
  const status: NamespaceStatus = {
    conditions: [{ type: 'SomethingElse', status: 'True', reason: 'Mine', message: 'kept' }],
  };
  const first = new NamespaceConditionUpdater(() => T0);
  first.processContentTotals(totals([['pods.', 2]]));
  first.update(status);
  const remaining = () => status.conditions!.find((c) => c.type === 'NamespaceContentRemaining')!;
  assert.equal(remaining().lastTransitionTime, '2025-01-01T00:00:00Z');

  const fewer = new NamespaceConditionUpdater(() => T1);
  fewer.processContentTotals(totals([['pods.', 1]]));
  assert.equal(fewer.update(status), true);
  assert.equal(remaining().message, 'Some resources are remaining: pods. has 1 resource instances');
  assert.equal(remaining().lastTransitionTime, '2025-01-01T00:00:00Z', 'same status, same time');

  const none = new NamespaceConditionUpdater(() => T1);
  none.processContentTotals(totals([]));
  assert.equal(none.update(status), true);
  assert.equal(remaining().status, 'False');
  assert.equal(remaining().reason, 'ContentRemoved');
  assert.equal(remaining().lastTransitionTime, '2025-01-01T00:01:00Z');
  assert.equal(status.conditions![0]!.type, 'SomethingElse');
  assert.equal(status.conditions!.length, 6);
});

test('the wait while content remains: half the estimate plus a second', () => {
  assert.equal(remainingRequeueMs(15), 8_000);
  assert.equal(remainingRequeueMs(30), 16_000);
  assert.equal(remainingRequeueMs(1), 1_000);
});

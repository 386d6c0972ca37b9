import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goSprintf } from './go-sprintf.js';
import { getReference, makeEvent, SourceEventRecorder } from './recorder.js';
import { formatTime, hexNanos } from './time.js';
import type { Event } from './types.js';

const T0 = Date.UTC(2026, 11, 2, 18, 6, 54, 123);
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod', uid: 'uid-1', resourceVersion: '17', labels: { a: 'b' } },
};

function recorder(now = T0) {
  const emitted: Event[] = [];
  const errors: string[] = [];
  const r = new SourceEventRecorder(
    { component: 'deployment-controller', host: 'cp-1' },
    { now: () => now },
    (e) => (emitted.push(e), true),
    { error: (m) => errors.push(m) },
  );
  return { r, emitted, errors };
}

test('time helpers: metav1.Time in whole seconds, names in hex nanoseconds', () => {
  assert.equal(formatTime(T0), '2026-12-02T18:06:54Z');
  assert.equal(hexNanos(T0), (BigInt(T0) * 1_000_000n).toString(16));
  assert.equal(hexNanos(1.5), (1_500_000).toString(16));
  assert.equal(hexNanos(0), '0');
});

test('event builds a core/v1 Event as upstream does', () => {
  const { r, emitted } = recorder();
  r.event(deployment, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-5d to 3');
  assert.equal(emitted.length, 1);
  assert.deepEqual(emitted[0], {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `web.${hexNanos(T0)}`, namespace: 'prod' },
    involvedObject: {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      name: 'web',
      namespace: 'prod',
      uid: 'uid-1',
      resourceVersion: '17',
    },
    reason: 'ScalingReplicaSet',
    message: 'Scaled up replica set web-5d to 3',
    firstTimestamp: '2026-12-02T18:06:54Z',
    lastTimestamp: '2026-12-02T18:06:54Z',
    count: 1,
    type: 'Normal',
    source: { component: 'deployment-controller', host: 'cp-1' },
    reportingComponent: 'deployment-controller',
    reportingInstance: 'cp-1',
  });
});

test('cluster-scoped objects record into the default namespace; references pass through', () => {
  const { r, emitted } = recorder();
  r.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u' } }, 'Warning', 'NotReady', 'x');
  assert.equal(emitted[0].metadata.namespace, 'default');
  assert.equal(emitted[0].involvedObject.namespace, undefined);

  const ref = { kind: 'Pod', apiVersion: 'v1', namespace: 'a', name: 'p', fieldPath: 'spec.containers{c}' };
  assert.deepEqual(getReference(ref), ref);
  r.event(ref, 'Normal', 'Pulled', 'ok');
  assert.equal(emitted[1].involvedObject.fieldPath, 'spec.containers{c}');
  assert.equal(emitted[1].metadata.namespace, 'a');
});

test('eventf formats like Sprintf; annotatedEventf sets annotations', () => {
  const { r, emitted } = recorder();
  r.eventf(deployment, 'Warning', 'FailedCreate', 'Error creating: %v (%d tries, %q)', new Error('quota'), 3, 'x');
  assert.equal(emitted[0].message, 'Error creating: quota (3 tries, "x")');
  r.annotatedEventf(deployment, { 'k8ts.io/a': 'b' }, 'Normal', 'R', 'n=%s', 'v');
  assert.deepEqual(emitted[1].metadata.annotations, { 'k8ts.io/a': 'b' });
  assert.equal(emitted[1].message, 'n=v');
});

test('invalid types and objects without kind are logged and dropped', () => {
  const { r, emitted, errors } = recorder();
  r.event(deployment, 'Info', 'R', 'm');
  r.event({ metadata: { name: 'x' } }, 'Normal', 'R', 'm');
  assert.equal(emitted.length, 0);
  assert.deepEqual(errors, ['Unsupported event type', 'Could not construct reference, will not report event']);
});

test('makeEvent keeps fractional-millisecond time in the name', () => {
  const e = makeEvent({ kind: 'Pod', name: 'p' }, {}, undefined, 'Normal', 'R', 'm', T0 + 0.25);
  assert.equal(e.metadata.name, `p.${(BigInt(T0) * 1_000_000n + 250_000n).toString(16)}`);
  assert.equal(e.reportingComponent, '');
});

test('events recorded in the same millisecond get distinct names', () => {
  const { r, emitted } = recorder(T0 + 5000);
  r.event(deployment, 'Normal', 'A', 'a');
  r.event(deployment, 'Normal', 'B', 'b');
  const base = BigInt(T0 + 5000) * 1_000_000n;
  assert.deepEqual(
    emitted.map((e) => e.metadata.name),
    [`web.${base.toString(16)}`, `web.${(base + 1n).toString(16)}`],
  );
});

test('goSprintf verbs, missing and extra arguments', () => {
  assert.equal(
    goSprintf('%s/%v %d%% %x %X %.2f %t', 'a', 1, 7.9, 255, 'hi', 3.14159, true),
    'a/1 7% ff 6869 3.14 true',
  );
  assert.equal(goSprintf('%s and %s', 'one'), 'one and %!s(MISSING)');
  assert.equal(goSprintf('x', 1), 'x%!(EXTRA number=1)');
  assert.equal(goSprintf('%v %v', null, [1, 'a']), '<nil> [1 a]');
});

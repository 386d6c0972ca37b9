import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCorrelator } from './correlator.js';
import { LruCache } from './lru.js';
import { makeEvent } from './recorder.js';
import { TokenBucket } from './spam-filter.js';
import { formatTime } from './time.js';
import type { Event, ObjectReference } from './types.js';

const T0 = Date.UTC(2026, 11, 2, 18, 6, 54, 123);

class ManualClock {
  constructor(public t = T0) {}
  now = () => this.t;
  step(ms: number) {
    this.t += ms;
  }
}

const pod: ObjectReference = { kind: 'Pod', apiVersion: 'v1', namespace: 'ns', name: 'web-0', uid: 'u1' };
const source = { component: 'kubelet', host: 'node-1' };

function ev(clock: ManualClock, message: string, reason = 'BackOff', ref: ObjectReference = pod): Event {
  return makeEvent(ref, source, undefined, 'Warning', reason, message, clock.now());
}

function written(result: ReturnType<EventCorrelator['correlate']>) {
  assert.equal(result.skip, false);
  if (result.skip) throw new Error('unreachable');
  return result;
}

test('identical events are de-duplicated into a patch of count and lastTimestamp', () => {
  const clock = new ManualClock();
  const c = new EventCorrelator({ clock });
  const first = written(c.correlate(ev(clock, 'Back-off restarting')));
  assert.equal(first.patch, undefined);
  assert.equal(first.event.count, 1);
  const firstName = first.event.metadata.name;

  clock.step(3000);
  const second = written(c.correlate(ev(clock, 'Back-off restarting')));
  assert.equal(second.event.metadata.name, firstName);
  assert.equal(second.event.count, 2);
  assert.equal(second.event.firstTimestamp, formatTime(T0));
  assert.deepEqual(second.patch, {
    count: 2,
    lastTimestamp: formatTime(T0 + 3000),
    message: 'Back-off restarting',
  });

  clock.step(1000);
  const third = written(c.correlate(ev(clock, 'Back-off restarting')));
  assert.equal(third.event.count, 3);
  assert.equal(third.patch?.count, 3);
});

test('updateState makes later patches carry the server name and resourceVersion', () => {
  const clock = new ManualClock();
  const c = new EventCorrelator({ clock });
  const first = written(c.correlate(ev(clock, 'm')));
  c.updateState({ ...first.event, metadata: { ...first.event.metadata, name: 'server-name', resourceVersion: '42' } });
  const second = written(c.correlate(ev(clock, 'm')));
  assert.equal(second.event.metadata.name, 'server-name');
  assert.equal(second.event.metadata.resourceVersion, '42');
  assert.equal(second.event.count, 2);
});

test('the 10th similar event within 10 minutes becomes an aggregate event', () => {
  const clock = new ManualClock();
  const c = new EventCorrelator({ clock });
  for (let i = 1; i <= 9; i++) {
    const r = written(c.correlate(ev(clock, `failed to pull image ${i}`)));
    assert.equal(r.event.message, `failed to pull image ${i}`);
    assert.equal(r.patch, undefined);
    clock.step(1000);
  }
  const tenth = written(c.correlate(ev(clock, 'failed to pull image 10')));
  assert.equal(tenth.event.message, '(combined from similar events): failed to pull image 10');
  assert.equal(tenth.event.count, 1);
  assert.equal(tenth.patch, undefined);
  assert.equal(tenth.event.reason, 'BackOff');
  assert.equal(tenth.event.type, 'Warning');
  assert.deepEqual(tenth.event.involvedObject, pod);
  assert.match(tenth.event.metadata.name ?? '', /^web-0\.[0-9a-f]+$/);
  assert.equal(tenth.event.firstTimestamp, formatTime(clock.now()));

  clock.step(1000);
  const eleventh = written(c.correlate(ev(clock, 'failed to pull image 11')));
  assert.equal(eleventh.event.message, '(combined from similar events): failed to pull image 11');
  assert.equal(eleventh.event.metadata.name, tenth.event.metadata.name);
  assert.equal(eleventh.event.count, 2);
  assert.deepEqual(eleventh.patch, {
    count: 2,
    lastTimestamp: formatTime(clock.now()),
    message: '(combined from similar events): failed to pull image 11',
  });
});

test('aggregation starts over after a gap longer than 10 minutes, and other reasons are separate', () => {
  const clock = new ManualClock();
  const c = new EventCorrelator({ clock });
  for (let i = 1; i <= 9; i++) written(c.correlate(ev(clock, `m${i}`)));
  // A different reason is not similar.
  assert.equal(written(c.correlate(ev(clock, 'other', 'Failed'))).event.message, 'other');
  clock.step(600_001);
  for (let i = 10; i <= 18; i++) {
    assert.equal(written(c.correlate(ev(clock, `m${i}`))).event.message, `m${i}`);
  }
  assert.match(written(c.correlate(ev(clock, 'm19'))).event.message ?? '', /^\(combined from similar events\): m19$/);
});

test('spam filter: a source may send 25 events about an object, then one per 5 minutes', () => {
  const clock = new ManualClock();
  const c = new EventCorrelator({ clock });
  for (let i = 0; i < 25; i++) written(c.correlate(ev(clock, 'same')));
  assert.deepEqual(c.correlate(ev(clock, 'same')), { skip: true });
  assert.deepEqual(c.correlate(ev(clock, 'same')), { skip: true });
  // Another object from the same source has its own bucket.
  written(c.correlate(ev(clock, 'same', 'BackOff', { ...pod, name: 'web-1', uid: 'u2' })));

  clock.step(150_000);
  assert.deepEqual(c.correlate(ev(clock, 'same')), { skip: true });
  clock.step(150_000);
  const refilled = written(c.correlate(ev(clock, 'same')));
  // Dropped occurrences were still counted: 25 written + 3 dropped + this one.
  assert.equal(refilled.event.count, 29);
  assert.deepEqual(c.correlate(ev(clock, 'same')), { skip: true });
});

test('TokenBucket starts full, refills continuously and caps at burst', () => {
  const clock = new ManualClock();
  const b = new TokenBucket(1, 2, clock);
  assert.equal(b.tryAccept(), true);
  assert.equal(b.tryAccept(), true);
  assert.equal(b.tryAccept(), false);
  clock.step(500);
  assert.equal(b.tryAccept(), false);
  clock.step(500);
  assert.equal(b.tryAccept(), true);
  clock.step(60_000);
  assert.equal(b.tryAccept(), true);
  assert.equal(b.tryAccept(), true);
  assert.equal(b.tryAccept(), false);
});

test('LruCache evicts the least recently used entry', () => {
  const lru = new LruCache<string, number>(2);
  lru.add('a', 1);
  lru.add('b', 2);
  assert.equal(lru.get('a'), 1);
  lru.add('c', 3);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 1);
  assert.equal(lru.get('c'), 3);
  assert.equal(lru.size, 2);
});

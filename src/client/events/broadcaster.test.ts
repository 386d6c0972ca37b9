import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors } from '../../machinery/errors.js';
import { FakeClock } from '../workqueue/fake-clock.js';
import { EventBroadcaster } from './broadcaster.js';
import { FakeEventSink } from './fake-sink.js';
import type { Event, EventPatch } from './types.js';

const T0 = Date.UTC(2026, 11, 2, 18, 6, 54, 123);
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'ns', uid: 'u1' } };
const source = { component: 'kubelet', host: 'node-1' };

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

/** A sink that notes the fake time of every call. */
class TimedSink extends FakeEventSink {
  readonly times: number[] = [];
  constructor(private readonly clock: FakeClock) {
    super();
  }
  override create(namespace: string, event: Event) {
    this.times.push(this.clock.now());
    return super.create(namespace, event);
  }
  override patch(namespace: string, name: string, patch: EventPatch) {
    this.times.push(this.clock.now());
    return super.patch(namespace, name, patch);
  }
}

function setup(random = () => 0.5) {
  const clock = new FakeClock(T0);
  const sink = new TimedSink(clock);
  const logged: string[] = [];
  const b = new EventBroadcaster({ clock, random, logger: { error: (m) => logged.push(m) } });
  b.startRecordingToSink(sink);
  return { clock, sink, b, r: b.newRecorder(source), logged };
}

test('a recurring event is created once, then patched with growing counts', async () => {
  const { clock, sink, r } = setup();
  r.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  await advance(clock, 1000);
  r.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  await advance(clock, 1000);
  r.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  await advance(clock, 0);

  assert.deepEqual(
    sink.calls.map((c) => c.verb),
    ['create', 'patch', 'patch'],
  );
  const created = sink.calls[0];
  assert.equal(created.verb, 'create');
  const name = created.verb === 'create' ? created.event.metadata.name : '';
  assert.deepEqual(sink.calls[2], {
    verb: 'patch',
    namespace: 'ns',
    name,
    patch: { count: 3, lastTimestamp: '2026-12-02T18:06:56Z', message: 'Back-off restarting failed container' },
  });
  const stored = sink.events.get(`ns/${name}`);
  assert.equal(stored?.count, 3);
  assert.equal(stored?.firstTimestamp, '2026-12-02T18:06:54Z');
  assert.equal(sink.events.size, 1);
});

test('ten similar events yield an aggregate event, which later ones patch', async () => {
  const { clock, sink, r } = setup();
  for (let i = 1; i <= 11; i++) r.eventf(pod, 'Warning', 'FailedMount', 'volume %d not ready', i);
  await advance(clock, 0);
  assert.deepEqual(
    sink.calls.map((c) => c.verb),
    [...Array(10).fill('create'), 'patch'],
  );
  const last = sink.calls[10];
  assert.equal(last.verb === 'patch' && last.patch.message, '(combined from similar events): volume 11 not ready');
  assert.equal(last.verb === 'patch' && last.patch.count, 2);
});

test('the spam filter drops events past the burst of 25', async () => {
  const { clock, sink, r } = setup();
  for (let i = 0; i < 30; i++) r.event(pod, 'Normal', 'Pulled', 'image pulled');
  await advance(clock, 0);
  assert.equal(sink.calls.length, 25);
  await advance(clock, 300_000);
  r.event(pod, 'Normal', 'Pulled', 'image pulled');
  await advance(clock, 0);
  assert.equal(sink.calls.length, 26);
  const last = sink.calls[25];
  assert.equal(last.verb === 'patch' && last.patch.count, 31);
});

test('transport errors are retried: first wait jittered, then every 10 s', async () => {
  const { clock, sink, r } = setup(() => 0.25);
  sink.failNext(3);
  r.event(pod, 'Normal', 'Started', 'started');
  await advance(clock, 60_000);
  assert.deepEqual(
    sink.times.map((t) => t - T0),
    [0, 2500, 12_500, 22_500],
  );
  assert.equal(sink.events.size, 1);
});

test('writing gives up after 12 tries and moves on', async () => {
  const { clock, sink, r, logged } = setup(() => 0);
  sink.failNext(12);
  r.event(pod, 'Normal', 'A', 'first');
  r.event(pod, 'Normal', 'B', 'second');
  await advance(clock, 200_000);
  assert.equal(sink.calls.length, 13);
  assert.deepEqual(
    sink.times.slice(0, 12).map((t) => t - T0),
    [0, 0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000],
  );
  assert.ok(logged.includes('Unable to write event (retry limit exceeded!)'));
  assert.deepEqual(
    [...sink.events.values()].map((e) => e.reason),
    ['B'],
  );
});

test('status errors are not retried; a patch of a vanished event falls back to create', async () => {
  const { clock, sink, r } = setup();
  sink.failNext(1, errors.forbidden({ group: '', name: 'events' }, '', 'no'));
  r.event(pod, 'Normal', 'A', 'a');
  await advance(clock, 60_000);
  assert.equal(sink.calls.length, 1);

  r.event(pod, 'Normal', 'B', 'b');
  await advance(clock, 0);
  sink.events.clear();
  r.event(pod, 'Normal', 'B', 'b');
  await advance(clock, 0);
  assert.deepEqual(
    sink.calls.slice(1).map((c) => c.verb),
    ['create', 'patch', 'create'],
  );
  const recreated = [...sink.events.values()][0];
  assert.equal(recreated.count, 2);
  assert.equal(recreated.metadata.resourceVersion, '2');
});

test('shutdown flushes queued events, trying each once', async () => {
  const { clock, sink, b, r } = setup();
  r.event(pod, 'Normal', 'A', 'a');
  r.event(pod, 'Normal', 'B', 'b');
  r.event(pod, 'Normal', 'C', 'c');
  sink.failNext(1);
  await b.shutdown();
  assert.deepEqual(
    sink.calls.map((c) => (c.verb === 'create' ? c.event.reason : c.verb)),
    ['A', 'B', 'C'],
  );
  assert.deepEqual(
    [...sink.events.values()].map((e) => e.reason),
    ['B', 'C'],
  );
  r.event(pod, 'Normal', 'D', 'd');
  await advance(clock, 60_000);
  assert.equal(sink.calls.length, 3);
});

test('shutdown abandons an event waiting for a retry', async () => {
  const { clock, sink, b, r, logged } = setup();
  sink.failNext(5);
  r.event(pod, 'Normal', 'A', 'a');
  await advance(clock, 1000);
  assert.equal(sink.calls.length, 1);
  await b.shutdown();
  assert.equal(sink.calls.length, 1);
  assert.ok(logged.includes('Unable to write event (broadcaster is shut down)'));
  assert.equal(clock.hasWaiters(), false);
});

test('watchers get every event in order; a full queue drops events', async () => {
  const clock = new FakeClock(T0);
  const b = new EventBroadcaster({ clock, maxQueuedEvents: 2 });
  const seen: string[] = [];
  const lines: string[] = [];
  b.startEventWatcher((e) => void seen.push(e.reason ?? ''));
  const logging = b.startLogging((l) => lines.push(l));
  const r = b.newRecorder(source);
  r.event(pod, 'Normal', 'A', 'a');
  r.event(pod, 'Normal', 'B', 'b');
  r.event(pod, 'Normal', 'C', 'c');
  await advance(clock, 0);
  assert.deepEqual(seen, ['A', 'B']);
  logging.stop();
  r.event(pod, 'Normal', 'D', 'd');
  await b.shutdown();
  assert.deepEqual(seen, ['A', 'B', 'D']);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /type: 'Normal' reason: 'A' a$/);
});

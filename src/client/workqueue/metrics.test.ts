import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { DelayingQueue } from './delaying-queue.js';
import { FakeClock } from './fake-clock.js';
import { noopMetricsProvider } from './metrics.js';
import type { MetricsProvider } from './metrics.js';
import { PrometheusMetricsProvider, WORKQUEUE_METRIC_NAMES } from './prometheus-metrics.js';
import { Queue } from './queue.js';

/** A provider that records every value, for one queue. */
function recordingProvider() {
  const m = {
    names: [] as string[],
    depth: 0,
    adds: 0,
    latency: [] as number[],
    work: [] as number[],
    unfinished: -1,
    longest: -1,
    retries: 0,
  };
  const provider: MetricsProvider = {
    newDepthMetric: (name) => (m.names.push(name), { inc: () => m.depth++, dec: () => m.depth-- }),
    newAddsMetric: () => ({ inc: () => m.adds++ }),
    newLatencyMetric: () => ({ observe: (v) => m.latency.push(v) }),
    newWorkDurationMetric: () => ({ observe: (v) => m.work.push(v) }),
    newUnfinishedWorkSecondsMetric: () => ({ set: (v) => (m.unfinished = v) }),
    newLongestRunningProcessorSecondsMetric: () => ({ set: (v) => (m.longest = v) }),
    newRetriesMetric: () => ({ inc: () => m.retries++ }),
  };
  return { m, provider };
}

test('metrics: depth, adds, queue latency, work duration follow upstream', async () => {
  const clock = new FakeClock();
  const { m, provider } = recordingProvider();
  const q = new Queue<string>({ name: 'test', metricsProvider: provider, clock });
  assert.deepEqual(m.names, ['test']);
  q.add('foo');
  q.add('bar');
  q.add('foo');
  assert.equal(m.adds, 2, 'a collapsed add is not counted');
  assert.equal(m.depth, 2);
  clock.step(25);
  await q.get(); // foo
  assert.equal(m.depth, 1);
  assert.deepEqual(m.latency, [0.025]);
  clock.step(10);
  q.done('foo');
  assert.deepEqual(m.work, [0.01]);
  await q.get(); // bar, 35ms after it was added
  assert.deepEqual(m.latency, [0.025, 0.035]);
  q.add('bar'); // dirty while processing: counted, and in depth, though not in len()
  assert.equal(m.adds, 3);
  assert.equal(m.depth, 1);
  assert.equal(q.len(), 0);
  clock.step(5);
  q.done('bar');
  assert.deepEqual(m.work, [0.01, 0.005]);
  clock.step(1);
  await q.get();
  assert.equal(m.depth, 0);
  assert.deepEqual(m.latency, [0.025, 0.035, 0.006], 'latency runs from the add made while processing');
  q.shutDown();
});

test('metrics: unfinished work and longest running processor refresh every 500ms until shutdown', async () => {
  const clock = new FakeClock();
  const { m, provider } = recordingProvider();
  const q = new Queue<string>({ name: 'test', metricsProvider: provider, clock });
  q.add('a');
  q.add('b');
  clock.step(100);
  await q.get(); // a, started at 100
  clock.step(200);
  await q.get(); // b, started at 300
  clock.step(200); // tick at 500
  assert.equal(m.unfinished, 0.4 + 0.2);
  assert.equal(m.longest, 0.4);
  q.done('a');
  clock.step(500); // tick at 1000
  assert.equal(m.unfinished, 0.7);
  assert.equal(m.longest, 0.7);
  q.shutDown();
  assert.equal(clock.hasWaiters(), false, 'the ticker stops at shutdown');
});

test('metrics: retries counts every addAfter, immediate or delayed', () => {
  const clock = new FakeClock();
  const { m, provider } = recordingProvider();
  const q = new DelayingQueue<string>({ name: 'retry', metricsProvider: provider, clock });
  q.addAfter('a', 0);
  q.addAfter('b', 10);
  q.addAfter('b', 5);
  assert.equal(m.retries, 3);
  q.shutDown();
  q.addAfter('c', 1);
  assert.equal(m.retries, 3, 'not after shutdown');
});

test('metrics: unnamed queues and the no-op provider record nothing and start no ticker', () => {
  const clock = new FakeClock();
  const { m, provider } = recordingProvider();
  const unnamed = new DelayingQueue<string>({ metricsProvider: provider, clock });
  unnamed.add('a');
  unnamed.addAfter('b', 0);
  assert.deepEqual(m.names, []);
  assert.equal(m.retries, 0);
  new Queue<string>({ name: 'x', metricsProvider: noopMetricsProvider, clock }).add('a');
  assert.equal(clock.hasWaiters(), false);
});

async function value(registry: Registry, name: string, queue: string, suffix = '') {
  const metrics = await registry.getMetricsAsJSON();
  const metric = metrics.find((x) => x.name === name);
  assert.ok(metric, `${name} is registered`);
  const values = (
    metric as unknown as { values: { value: number; labels: Record<string, string>; metricName?: string }[] }
  ).values;
  const v = values.find((x) => x.labels.name === queue && (suffix === '' || x.metricName === name + suffix));
  return v?.value;
}

test('PrometheusMetricsProvider: registers upstream names on the given registry, labelled by queue name', async () => {
  const registry = new Registry();
  const clock = new FakeClock();
  const provider = new PrometheusMetricsProvider(registry);
  const q = new DelayingQueue<string>({ name: 'pods', metricsProvider: provider, clock });
  q.add('a');
  q.add('b');
  q.addAfter('c', 0);
  clock.step(2000);
  await q.get();
  clock.step(500);
  assert.deepEqual(
    (await registry.getMetricsAsJSON()).map((x) => x.name).sort(),
    Object.values(WORKQUEUE_METRIC_NAMES).sort(),
  );
  assert.equal(await value(registry, 'workqueue_depth', 'pods'), 2);
  assert.equal(await value(registry, 'workqueue_adds_total', 'pods'), 3);
  assert.equal(await value(registry, 'workqueue_retries_total', 'pods'), 1);
  assert.equal(await value(registry, 'workqueue_queue_duration_seconds', 'pods', '_count'), 1);
  assert.equal(await value(registry, 'workqueue_queue_duration_seconds', 'pods', '_sum'), 2);
  assert.equal(await value(registry, 'workqueue_unfinished_work_seconds', 'pods'), 0.5);
  assert.equal(await value(registry, 'workqueue_longest_running_processor_seconds', 'pods'), 0.5);
  q.done('a');
  assert.equal(await value(registry, 'workqueue_work_duration_seconds', 'pods', '_sum'), 0.5);
  const text = await registry.metrics();
  assert.match(text, /workqueue_depth\{name="pods"\} 2/);
  assert.match(text, /workqueue_queue_duration_seconds_bucket\{le="1",name="pods"\} 0\n.*\{le="10",name="pods"\} 1/);
  q.shutDown();
});

test('PrometheusMetricsProvider: providers on one registry share the metrics; type clashes throw', async () => {
  const registry = new Registry();
  const a = new PrometheusMetricsProvider(registry);
  const b = new PrometheusMetricsProvider(registry);
  const clock = new FakeClock();
  new Queue<string>({ name: 'one', metricsProvider: a, clock }).add('x');
  new Queue<string>({ name: 'two', metricsProvider: b, clock }).add('x');
  assert.equal(await value(registry, 'workqueue_adds_total', 'one'), 1);
  assert.equal(await value(registry, 'workqueue_adds_total', 'two'), 1);

  const clash = new Registry();
  const { Counter } = await import('prom-client');
  new Counter({ name: 'workqueue_depth', help: 'not a gauge', registers: [clash] });
  assert.throws(() => new PrometheusMetricsProvider(clash), /another type/);
});

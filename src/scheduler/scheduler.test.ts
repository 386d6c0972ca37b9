import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../client/workqueue/fake-clock.js';
import { makeNode, makePod, RecordingClient, staticLister } from './framework/testing.js';
import { IN_TREE_REGISTRY } from './plugins/registry.js';
import { loadSchedulerConfig } from './run.js';
import { Scheduler } from './scheduler.js';

/** A scheduler with the profiles of `config` (default: upstream's) over two nodes (1 and 4 cpus). */
function setup(pods: Pod[], client = new RecordingClient(), config?: string) {
  const { profiles } = loadSchedulerConfig(config);
  const events: string[][] = [];
  const sched = new Scheduler({
    profiles,
    registry: IN_TREE_REGISTRY,
    clock: new FakeClock(),
    random: () => 0.5,
    handle: {
      listers: {
        pods: staticLister(pods),
        namespaces: staticLister([]),
        persistentVolumeClaims: staticLister([]),
        persistentVolumes: staticLister([]),
        storageClasses: staticLister([]),
        csiNodes: staticLister([]),
        podDisruptionBudgets: staticLister([]),
        services: staticLister([]),
        replicationControllers: staticLister([]),
        replicaSets: staticLister([]),
        statefulSets: staticLister([]),
      },
      client,
      recordEvent: (pod, type, reason, action, message) =>
        events.push([pod.metadata!.name!, type, reason, action, message]),
    },
  });
  sched.cache.addOrUpdateNode(makeNode('small', { allocatable: { cpu: '1', memory: '4Gi', pods: '10' } }));
  sched.cache.addOrUpdateNode(makeNode('big', { allocatable: { cpu: '4', memory: '4Gi', pods: '10' } }));
  return { sched, events, client };
}

async function scheduleNext(sched: Scheduler): Promise<void> {
  const qpi = await sched.queue.pop();
  await sched.scheduleOne(qpi!);
  await sched.waitForBindings();
}

test('binds a pod to the least allocated node, assumes it there and records Scheduled', async () => {
  const pod = makePod('web', { requests: { cpu: '500m' } });
  const { sched, events, client } = setup([pod]);
  sched.queue.add(pod);
  await scheduleNext(sched);
  assert.deepEqual(client.calls, [{ verb: 'bind', args: ['web', 'big'] }]);
  assert.deepEqual(events, [['web', 'Normal', 'Scheduled', 'Binding', 'Successfully assigned default/web to big']]);
  assert.ok(sched.cache.isAssumedPod({ ...pod, spec: { ...pod.spec!, nodeName: 'big' } }));
  // The next pod sees the assumed one: big has 3.5 cpu left, still the best.
  const second = makePod('web-2', { requests: { cpu: '3' } });
  sched.queue.add(second);
  await scheduleNext(sched);
  assert.deepEqual(client.calls[1], { verb: 'bind', args: ['web-2', 'big'] });
});

test('a pod that fits nowhere gets FailedScheduling, PodScheduled=False and waits in the queue', async () => {
  const pod = makePod('huge', { requests: { cpu: '8' } });
  const { sched, events, client } = setup([pod]);
  sched.queue.add(pod);
  await scheduleNext(sched);
  const msg =
    '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
  assert.deepEqual(events, [['huge', 'Warning', 'FailedScheduling', 'Scheduling', msg]]);
  const patch = client.calls.find((c) => c.verb === 'patchStatus');
  const condition = (patch?.args[1] as { condition: Record<string, unknown> }).condition;
  assert.equal(condition.type, 'PodScheduled');
  assert.equal(condition.status, 'False');
  assert.equal(condition.reason, 'Unschedulable');
  assert.equal(condition.message, msg);
  assert.deepEqual(sched.queue.counts(), { active: 0, backoff: 0, unschedulable: 1, gated: 0 });
  // A node event that NodeResourcesFit registered brings it back.
  sched.queue.moveAllToActiveOrBackoffQueue(
    { resource: 'Node', actionType: 1, label: 'NodeAdd' },
    undefined,
    makeNode('huge-node', { allocatable: { cpu: '16', memory: '4Gi', pods: '10' } }),
  );
  assert.equal(sched.queue.counts().unschedulable, 0);
});

test('a failed binding forgets the assumed pod and puts it back', async () => {
  const client = new RecordingClient();
  client.bindPod = async () => {
    throw new Error('connection refused');
  };
  const pod = makePod('web', { requests: { cpu: '500m' } });
  const { sched, events } = setup([pod], client);
  sched.queue.add(pod);
  await scheduleNext(sched);
  assert.equal(sched.cache.assumedCount(), 0);
  assert.equal(sched.queue.counts().backoff, 1, 'an error waits out its backoff');
  assert.deepEqual(events.at(-1)?.slice(0, 3), ['web', 'Warning', 'FailedScheduling']);
  assert.match(events.at(-1)![4], /running Bind plugin "DefaultBinder": connection refused/);
});

test('pods of another scheduler have no framework; a gated pod waits', () => {
  const { sched } = setup([]);
  assert.equal(sched.frameworkFor(makePod('x', { spec: { schedulerName: 'other' } })), undefined);
  assert.ok(sched.frameworkFor(makePod('y')));
  sched.queue.add(makePod('gated', { spec: { schedulingGates: [{ name: 'wait' }] } }));
  assert.equal(sched.queue.counts().gated, 1);
});

test('each profile schedules its own pods: a MostAllocated profile packs, the default spreads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sched-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: kubescheduler.config.k8s.io/v1',
      'kind: KubeSchedulerConfiguration',
      'profiles:',
      '- schedulerName: default-scheduler',
      '- schedulerName: bin-packer',
      '  plugins:',
      '    score:',
      '      disabled: [{ name: NodeResourcesBalancedAllocation }, { name: ImageLocality }]',
      '  pluginConfig:',
      '  - name: NodeResourcesFit',
      '    args: { scoringStrategy: { type: MostAllocated } }',
    ].join('\n'),
  );
  const packed = makePod('packed', { requests: { cpu: '500m' }, spec: { schedulerName: 'bin-packer' } });
  const spread = makePod('spread', { requests: { cpu: '500m' } });
  const { sched, client } = setup([packed, spread], new RecordingClient(), file);
  rmSync(dir, { recursive: true });
  assert.deepEqual([...sched.frameworks.keys()], ['default-scheduler', 'bin-packer']);
  sched.queue.add(packed);
  await scheduleNext(sched);
  sched.queue.add(spread);
  await scheduleNext(sched);
  assert.deepEqual(client.calls, [
    { verb: 'bind', args: ['packed', 'small'] },
    { verb: 'bind', args: ['spread', 'big'] },
  ]);
});

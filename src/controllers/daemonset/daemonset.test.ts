import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Event, Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { daemonSetController } from './index.js';

const NS = 'default';

// The whole controller against a real API server. There is no scheduler: pods stay unbound,
// pinned to their node by the required node affinity the controller writes.
describe('daemonset-controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([daemonSetController]);
    for (const name of ['node-a', 'node-b']) await addNode(name);
  });

  // The API server's NodeTaint admission marks a new node not-ready (NoSchedule), which daemon pods
  // do not tolerate; with no node lifecycle controller here, the test clears it as that would.
  async function addNode(name: string, taints: Taint[] = []): Promise<void> {
    await h.resource<Node>(RESOURCES.nodes).create({ metadata: { name } });
    await h.resource<Node>(RESOURCES.nodes).patch(name, 'merge', { spec: { taints } });
  }
  after(() => h.stop());

  const pods = () => h.resource<Pod>(RESOURCES.pods);
  const list = async () => (await pods().list({ namespace: NS, labelSelector: 'app=agent' })).items;
  const targetNode = (p: Pod) =>
    p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]
      ?.matchFields?.[0]?.values?.[0];
  const nodesOf = async () =>
    (await list())
      .filter((p) => !p.metadata?.deletionTimestamp)
      .map(targetNode)
      .sort()
      .join();

  it('makes one pod per node, pinned by node affinity, with the daemon tolerations', async () => {
    await h.resource<DaemonSet>(RESOURCES.daemonsets).create(
      {
        metadata: { name: 'agent', namespace: NS },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: {
            metadata: { labels: { app: 'agent' } },
            spec: { containers: [{ name: 'agent', image: 'agent:1' }] },
          },
        },
      },
      { namespace: NS },
    );
    await eventually(async () => (await nodesOf()) === 'node-a,node-b', 10_000, 'pods on both nodes');
    const [pod] = await list();
    assert.equal(pod.spec?.nodeName, undefined);
    assert.deepEqual(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [targetNode(pod)] }] }],
    });
    assert.deepEqual(
      pod.spec?.tolerations?.map((t) => `${t.key}:${t.effect}`),
      [
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ],
    );
    const hash = pod.metadata?.labels?.['controller-revision-hash'];
    assert.ok(hash);
    const rev = await h.resource<ControllerRevision>(RESOURCES.controllerrevisions).get(`agent-${hash}`, {
      namespace: NS,
    });
    assert.equal(rev.revision, 1);
    const ds = await eventually(
      async () => {
        const d = await h.resource<DaemonSet>(RESOURCES.daemonsets).get('agent', { namespace: NS });
        return d.status?.currentNumberScheduled === 2 ? d : undefined;
      },
      10_000,
      'status',
    );
    assert.equal(ds.status?.desiredNumberScheduled, 2);
    assert.equal(ds.status?.numberUnavailable, 2);
    assert.equal(ds.status?.updatedNumberScheduled, 2);
    assert.equal(ds.status?.observedGeneration, ds.metadata?.generation);
    const events = await h.resource<Event>(RESOURCES.events).list({ namespace: NS });
    assert.ok(
      events.items.some((e) => e.reason === 'SuccessfulCreate' && e.message?.startsWith('Created pod: agent-')),
    );
  });

  it('gives a node added later its pod, and none to a node tainted NoSchedule', async () => {
    await addNode('node-c');
    await addNode('node-d', [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    await eventually(async () => (await nodesOf()) === 'node-a,node-b,node-c', 10_000, 'pod on node-c');
    const ds = await eventually(
      async () => {
        const d = await h.resource<DaemonSet>(RESOURCES.daemonsets).get('agent', { namespace: NS });
        return d.status?.desiredNumberScheduled === 3 ? d : undefined;
      },
      10_000,
      'desired 3',
    );
    assert.equal(ds.status?.currentNumberScheduled, 3);
    assert.equal(await nodesOf(), 'node-a,node-b,node-c');
  });

  it('removes the pod from a node that stops qualifying', async () => {
    await h
      .resource<Node>(RESOURCES.nodes)
      .patch('node-c', 'merge', { spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] } });
    await eventually(async () => (await nodesOf()) === 'node-a,node-b', 10_000, 'pod gone from node-c');
  });

  it('rolls a template change out, replacing each pod with one of the new revision', async () => {
    const before = (await list())[0].metadata?.labels?.['controller-revision-hash'];
    await h
      .resource<DaemonSet>(RESOURCES.daemonsets)
      .patch(
        'agent',
        'merge',
        { spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } } },
        { namespace: NS },
      );
    await eventually(
      async () => {
        const ps = (await list()).filter((p) => !p.metadata?.deletionTimestamp);
        return (
          ps.length === 2 &&
          ps.every(
            (p) =>
              p.metadata?.labels?.['controller-revision-hash'] !== before && p.spec?.containers[0].image === 'agent:2',
          )
        );
      },
      10_000,
      'pods at the new revision',
    );
    const revs = await h.resource<ControllerRevision>(RESOURCES.controllerrevisions).list({ namespace: NS });
    assert.deepEqual(revs.items.map((r) => r.revision).sort(), [1, 2]);
  });
});

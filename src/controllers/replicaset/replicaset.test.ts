import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event, Namespace, Pod, ResourceQuota } from 'kubernetes-types/core/v1.js';
import { resourcePath } from '../../client/rest/resource-client.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { replicaSetController } from './index.js';
import { rfc3339 } from './status.js';

const NS = 'rs-test';

/** An RS of `replicas` pods labelled app=`app`. */
function newRS(name: string, app: string, replicas: number, minReadySeconds?: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      minReadySeconds,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}

describe('replicaset-controller', () => {
  let h: ControllerHarness;
  const rss = () => h.resource<ReplicaSet>(RESOURCES.replicasets);
  const pods = () => h.resource<Pod>(RESOURCES.pods);

  /** The pods controlled by `uid`, terminating ones left out unless asked for. */
  async function podsOf(uid: string | undefined, withTerminating = false): Promise<Pod[]> {
    const list = await pods().list({ namespace: NS });
    return list.items.filter(
      (p) =>
        p.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller) &&
        (withTerminating || !p.metadata?.deletionTimestamp),
    );
  }

  async function waitForPods(uid: string | undefined, n: number, what: string): Promise<Pod[]> {
    return eventually(
      async () => {
        const got = await podsOf(uid);
        return got.length === n ? got : false;
      },
      10_000,
      what,
    );
  }

  async function scale(name: string, replicas: number): Promise<void> {
    await rss().patch(name, 'merge', { spec: { replicas } }, { namespace: NS });
  }

  async function bind(pod: Pod, node: string): Promise<void> {
    const name = pod.metadata!.name!;
    await h.client.request({
      method: 'POST',
      path: resourcePath(RESOURCES.pods, NS, name, 'binding'),
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: node } },
    });
  }

  async function setReady(pod: Pod, ready: boolean): Promise<void> {
    const status = {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: rfc3339(Date.now()) }],
    };
    await pods().patch(pod.metadata!.name!, 'merge', { status }, { namespace: NS, subresource: 'status' });
  }

  before(async () => {
    h = await startControllers([replicaSetController]);
    await h.resource<Namespace>(RESOURCES.namespaces).create({ metadata: { name: NS } });
  });
  after(() => h.stop());

  it('creates exactly spec.replicas pods, and never more', async () => {
    const rs = await rss().create(newRS('web', 'web', 3));
    const made = await waitForPods(rs.metadata?.uid, 3, '3 pods');
    for (const p of made) {
      assert.equal(p.metadata?.generateName, 'web-');
      assert.deepEqual(p.metadata?.labels, { app: 'web' });
      const ref = p.metadata?.ownerReferences?.[0];
      assert.deepEqual(
        { apiVersion: ref?.apiVersion, kind: ref?.kind, name: ref?.name, blockOwnerDeletion: ref?.blockOwnerDeletion },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', blockOwnerDeletion: true },
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await podsOf(rs.metadata?.uid, true)).length, 3);
    const status = await eventually(
      async () => {
        const cur = await rss().get('web', { namespace: NS });
        return cur.status?.replicas === 3 && cur.status.observedGeneration === cur.metadata?.generation && cur.status;
      },
      10_000,
      'status.replicas 3',
    );
    assert.equal(status.fullyLabeledReplicas, 3);
    assert.equal(status.readyReplicas, undefined);
    const events = h.resource<Event>(RESOURCES.events);
    await eventually(
      async () => {
        const list = await events.list({ namespace: NS, fieldSelector: 'involvedObject.name=web' });
        const created = list.items.filter((e) => e.reason === 'SuccessfulCreate');
        return (
          created.length > 0 &&
          created.every(
            (e) => e.message?.startsWith('Created pod: web-') && e.source?.component === 'replicaset-controller',
          )
        );
      },
      10_000,
      'SuccessfulCreate events',
    );
  });

  it('scales up, then down deleting unscheduled and not-ready pods first', async () => {
    const rs = await rss().create(newRS('scale', 'scale', 3));
    const first = await waitForPods(rs.metadata?.uid, 3, '3 pods');
    const [keep1, keep2, notReady] = first;
    await bind(keep1, 'node-1');
    await bind(keep2, 'node-2');
    await bind(notReady, 'node-3');
    await setReady(keep1, true);
    await setReady(keep2, true);
    await setReady(notReady, false);
    await scale('scale', 5);
    await waitForPods(rs.metadata?.uid, 5, '5 pods');
    await scale('scale', 2);
    const left = await waitForPods(rs.metadata?.uid, 2, '2 pods');
    assert.deepEqual(left.map((p) => p.metadata?.name).sort(), [keep1, keep2].map((p) => p.metadata?.name).sort());
    // The bound not-ready pod is terminating (no kubelet finishes it); the unscheduled ones are gone.
    const all = await podsOf(rs.metadata?.uid, true);
    assert.deepEqual(
      all.filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata?.name),
      [notReady.metadata?.name],
    );
    await eventually(
      async () => {
        const s = (await rss().get('scale', { namespace: NS })).status;
        return s?.replicas === 2 && s.readyReplicas === 2 && s.availableReplicas === 2;
      },
      10_000,
      'status of 2 ready',
    );
  });

  it('replaces a pod deleted by hand', async () => {
    const rs = await rss().create(newRS('heal', 'heal', 2));
    const before = await waitForPods(rs.metadata?.uid, 2, '2 pods');
    await pods().delete(before[0].metadata!.name!, { namespace: NS });
    const after = await eventually(
      async () => {
        const got = await podsOf(rs.metadata?.uid);
        return got.length === 2 && !got.some((p) => p.metadata?.name === before[0].metadata?.name) && got;
      },
      10_000,
      'a replacement',
    );
    assert.ok(after.some((p) => p.metadata?.name === before[1].metadata?.name));
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
    const orphan = await pods().create({
      metadata: { name: 'orphan', namespace: NS, labels: { app: 'adopt' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    const rs = await rss().create(newRS('adopt', 'adopt', 2));
    const owned = await waitForPods(rs.metadata?.uid, 2, '2 pods');
    assert.ok(
      owned.some((p) => p.metadata?.uid === orphan.metadata?.uid),
      'the orphan was adopted',
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await podsOf(rs.metadata?.uid, true)).length, 2, 'only one pod was created');

    await pods().patch('orphan', 'merge', { metadata: { labels: { app: 'elsewhere' } } }, { namespace: NS });
    await eventually(
      async () => {
        const p = await pods().get('orphan', { namespace: NS });
        return !p.metadata?.ownerReferences?.some((r) => r.uid === rs.metadata?.uid);
      },
      10_000,
      'the pod released',
    );
    const now = await waitForPods(rs.metadata?.uid, 2, 'a replacement for the released pod');
    assert.ok(!now.some((p) => p.metadata?.name === 'orphan'));
  });

  it('reports readyReplicas and availableReplicas from the pods’ Ready conditions', async () => {
    const rs = await rss().create(newRS('ready', 'ready', 2));
    const [a, b] = await waitForPods(rs.metadata?.uid, 2, '2 pods');
    const statusOf = async () => (await rss().get('ready', { namespace: NS })).status;
    await setReady(a, true);
    await eventually(
      async () => {
        const s = await statusOf();
        return s?.readyReplicas === 1 && s.availableReplicas === 1;
      },
      10_000,
      '1 ready',
    );
    await setReady(b, true);
    await eventually(async () => (await statusOf())?.readyReplicas === 2, 10_000, '2 ready');
    await setReady(a, false);
    await eventually(
      async () => {
        const s = await statusOf();
        return s?.readyReplicas === 1 && s.availableReplicas === 1;
      },
      10_000,
      'back to 1 ready',
    );
  });

  it('counts a ready pod available only after minReadySeconds', async () => {
    const rs = await rss().create(newRS('slow', 'slow', 1, 3));
    const [p] = await waitForPods(rs.metadata?.uid, 1, '1 pod');
    const statusOf = async () => (await rss().get('slow', { namespace: NS })).status;
    await setReady(p, true);
    const s = await eventually(
      async () => {
        const st = await statusOf();
        return st?.readyReplicas === 1 && st;
      },
      10_000,
      'ready',
    );
    assert.equal(s.availableReplicas, undefined, 'not available yet');
    await eventually(async () => (await statusOf())?.availableReplicas === 1, 10_000, 'available after 3s');
  });

  it('sets ReplicaFailure while pods cannot be created, and clears it after', async () => {
    const quotas = h.resource<ResourceQuota>(RESOURCES.resourcequotas);
    const quota = await quotas.create({ metadata: { name: 'no-pods', namespace: NS }, spec: { hard: { pods: '0' } } });
    // No resourcequota controller runs here: give the quota the status that makes it enforced.
    await quotas.updateStatus({ ...quota, status: { hard: { pods: '0' }, used: { pods: '0' } } });
    await rss().create(newRS('blocked', 'blocked', 1));
    const cond = await eventually(
      async () => {
        const cur = await rss().get('blocked', { namespace: NS });
        return cur.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
      },
      10_000,
      'ReplicaFailure',
    );
    assert.equal(cond.status, 'True');
    assert.equal(cond.reason, 'FailedCreate');
    assert.match(cond.message ?? '', /forbidden/);
    const events = await h.resource<Event>(RESOURCES.events).list({
      namespace: NS,
      fieldSelector: 'involvedObject.name=blocked',
    });
    assert.ok(events.items.some((e) => e.reason === 'FailedCreate' && e.message?.startsWith('Error creating: ')));
    await quotas.delete('no-pods', { namespace: NS });
    await eventually(
      async () => {
        const cur = await rss().get('blocked', { namespace: NS });
        return cur.status?.replicas === 1 && !cur.status.conditions?.length;
      },
      15_000,
      'ReplicaFailure cleared',
    );
  });
});

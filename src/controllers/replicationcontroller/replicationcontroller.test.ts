import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Event, Namespace, Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { rcWithStatus, replicaSetFromRC } from './conversion.js';
import { replicationControllerController } from './index.js';

const NS = 'rc-test';

describe('RC conversion', () => {
  it('sees an RC as a ReplicaSet and maps the status back', () => {
    const rc: ReplicationController = {
      metadata: { name: 'a', namespace: NS, uid: 'u1', generation: 3 },
      spec: {
        replicas: 2,
        minReadySeconds: 5,
        selector: { app: 'a' },
        template: { metadata: { labels: { app: 'a' } } },
      },
      status: { replicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }] },
    };
    const rs = replicaSetFromRC(rc);
    assert.deepEqual(rs.spec?.selector, { matchLabels: { app: 'a' } });
    assert.equal(rs.spec?.replicas, 2);
    assert.equal(rs.spec?.minReadySeconds, 5);
    assert.equal(rs.metadata?.uid, 'u1');
    assert.equal(rs.status?.conditions?.[0]?.reason, 'FailedCreate');
    assert.equal(replicaSetFromRC({ spec: {} }).spec?.selector, undefined, 'no selector selects nothing');
    const back = rcWithStatus(rc, { replicas: 2, readyReplicas: 1, observedGeneration: 3 });
    assert.deepEqual(back.status, { replicas: 2, readyReplicas: 1, observedGeneration: 3 });
    assert.equal(back.kind, 'ReplicationController');
    assert.equal(back.apiVersion, 'v1');
  });
});

describe('replicationcontroller-controller', () => {
  let h: ControllerHarness;
  const rcs = () => h.resource<ReplicationController>(RESOURCES.replicationcontrollers);
  const pods = () => h.resource<Pod>(RESOURCES.pods);

  async function podsOf(uid: string | undefined): Promise<Pod[]> {
    const list = await pods().list({ namespace: NS });
    return list.items.filter(
      (p) => !p.metadata?.deletionTimestamp && p.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller),
    );
  }

  const waitForPods = (uid: string | undefined, n: number, what: string) =>
    eventually(
      async () => {
        const got = await podsOf(uid);
        return got.length === n ? got : false;
      },
      10_000,
      what,
    );

  before(async () => {
    h = await startControllers([replicationControllerController]);
    await h.resource<Namespace>(RESOURCES.namespaces).create({ metadata: { name: NS } });
  });
  after(() => h.stop());

  it('keeps spec.replicas pods, scales, heals and reports status', async () => {
    const rc = await rcs().create({
      metadata: { name: 'legacy', namespace: NS },
      spec: {
        replicas: 3,
        // No selector: the apiserver defaults it to the template's labels.
        template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    const made = await waitForPods(rc.metadata?.uid, 3, '3 pods');
    const ref = made[0].metadata?.ownerReferences?.[0];
    assert.equal(ref?.apiVersion, 'v1');
    assert.equal(ref?.kind, 'ReplicationController');
    assert.equal(ref?.name, 'legacy');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await podsOf(rc.metadata?.uid)).length, 3, 'never more than 3');
    await eventually(
      async () => {
        const cur = await rcs().get('legacy', { namespace: NS });
        return (
          cur.status?.replicas === 3 && cur.status.fullyLabeledReplicas === 3 && cur.status.observedGeneration === 1
        );
      },
      10_000,
      'status.replicas 3',
    );

    await eventually(
      async () => {
        const list = await h.resource<Event>(RESOURCES.events).list({
          namespace: NS,
          fieldSelector: 'involvedObject.name=legacy',
        });
        return list.items.some(
          (e) =>
            e.reason === 'SuccessfulCreate' &&
            e.involvedObject.kind === 'ReplicationController' &&
            e.source?.component === 'replication-controller',
        );
      },
      10_000,
      'SuccessfulCreate events on the RC',
    );

    await rcs().patch('legacy', 'merge', { spec: { replicas: 1 } }, { namespace: NS });
    const [survivor] = await waitForPods(rc.metadata?.uid, 1, '1 pod');
    await pods().delete(survivor.metadata!.name!, { namespace: NS });
    await eventually(
      async () => {
        const got = await podsOf(rc.metadata?.uid);
        return got.length === 1 && got[0].metadata?.name !== survivor.metadata?.name;
      },
      10_000,
      'a replacement',
    );

    const [p] = await podsOf(rc.metadata?.uid);
    await pods().patch(
      p.metadata!.name!,
      'merge',
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      { namespace: NS, subresource: 'status' },
    );
    await eventually(
      async () => {
        const s = (await rcs().get('legacy', { namespace: NS })).status;
        return s?.replicas === 1 && s.readyReplicas === 1 && s.availableReplicas === 1 && s.observedGeneration === 2;
      },
      10_000,
      'status of 1 ready',
    );
  });

  it('adopts a matching orphan pod', async () => {
    const orphan = await pods().create({
      metadata: { name: 'stray', namespace: NS, labels: { app: 'rc-adopt' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    const rc = await rcs().create({
      metadata: { name: 'adopter', namespace: NS },
      spec: {
        replicas: 1,
        selector: { app: 'rc-adopt' },
        template: { metadata: { labels: { app: 'rc-adopt' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    const [owned] = await waitForPods(rc.metadata?.uid, 1, 'the orphan adopted');
    assert.equal(owned.metadata?.uid, orphan.metadata?.uid);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Event, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { statefulSetController } from './index.js';

const NS = 'default';

// The whole controller against a real API server; with no kubelet, the test plays it by writing
// pod status through the status subresource.
describe('statefulset-controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([statefulSetController]);
  });
  after(() => h.stop());

  const pods = () => h.resource<Pod>(RESOURCES.pods);
  const sets = () => h.resource<StatefulSet>(RESOURCES.statefulsets);
  const podNames = async (app: string) =>
    (await pods().list({ namespace: NS, labelSelector: `app=${app}` })).items.map((p) => p.metadata!.name!).sort();

  async function markReady(name: string): Promise<void> {
    const now = new Date().toISOString();
    await pods().patch(
      name,
      'merge',
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } },
      { namespace: NS, subresource: 'status' },
    );
  }

  function webSet(replicas: number): StatefulSet {
    return {
      metadata: { name: 'web', namespace: NS },
      spec: {
        replicas,
        serviceName: 'nginx',
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'www' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    };
  }

  it('creates OrderedReady pods one at a time, each with its identity and claim', async () => {
    await sets().create(webSet(3), { namespace: NS });
    await eventually(async () => (await podNames('web')).join() === 'web-0', 10_000, 'web-0');
    // web-1 must wait for web-0 to be Running and Ready.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await podNames('web'), ['web-0']);

    const web0 = await pods().get('web-0', { namespace: NS });
    assert.equal(web0.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], 'web-0');
    assert.equal(web0.metadata?.labels?.['apps.kubernetes.io/pod-index'], '0');
    assert.match(web0.metadata?.labels?.['controller-revision-hash'] ?? '', /^web-[a-z0-9]+$/);
    assert.equal(web0.spec?.hostname, 'web-0');
    assert.equal(web0.spec?.subdomain, 'nginx');
    assert.deepEqual(web0.spec?.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim, {
      claimName: 'www-web-0',
      readOnly: false,
    });
    const claim = await h.resource<PersistentVolumeClaim>(RESOURCES.persistentvolumeclaims).get('www-web-0', {
      namespace: NS,
    });
    assert.equal(claim.metadata?.labels?.app, 'web');

    await markReady('web-0');
    await eventually(async () => (await podNames('web')).join() === 'web-0,web-1', 10_000, 'web-1');
    await markReady('web-1');
    await eventually(async () => (await podNames('web')).join() === 'web-0,web-1,web-2', 10_000, 'web-2');
    await markReady('web-2');

    const set = await eventually(
      async () => {
        const s = await sets().get('web', { namespace: NS });
        return s.status?.readyReplicas === 3 && s.status.availableReplicas === 3 ? s : undefined;
      },
      10_000,
      'status ready 3',
    );
    assert.equal(set.status?.replicas, 3);
    assert.equal(set.status?.currentReplicas, 3);
    assert.equal(set.status?.updatedReplicas, 3);
    assert.equal(set.status?.currentRevision, set.status?.updateRevision);
    assert.equal(set.status?.observedGeneration, set.metadata?.generation);
    const claims = await h.resource<PersistentVolumeClaim>(RESOURCES.persistentvolumeclaims).list({ namespace: NS });
    assert.deepEqual(claims.items.map((c) => c.metadata?.name).sort(), ['www-web-0', 'www-web-1', 'www-web-2']);

    const events = await h.resource<Event>(RESOURCES.events).list({ namespace: NS });
    const messages = events.items.filter((e) => e.involvedObject.name === 'web').map((e) => e.message);
    assert.ok(messages.includes('create Pod web-0 in StatefulSet web successful'), messages.join('\n'));
    assert.ok(messages.includes('create Claim www-web-0 Pod web-0 in StatefulSet web success'), messages.join('\n'));
  });

  it('scales down from the highest ordinal', async () => {
    await sets().patch('web', 'merge', { spec: { replicas: 2 } }, { namespace: NS });
    await eventually(async () => (await podNames('web')).join() === 'web-0,web-1', 10_000, 'web-2 removed');
    // Retain by default: the claim of web-2 stays.
    await h.resource<PersistentVolumeClaim>(RESOURCES.persistentvolumeclaims).get('www-web-2', { namespace: NS });
    await sets().patch('web', 'merge', { spec: { replicas: 3 } }, { namespace: NS });
    await eventually(async () => (await podNames('web')).length === 3, 10_000, 'web-2 back');
    await markReady('web-2');
    await eventually(
      async () => (await sets().get('web', { namespace: NS })).status?.readyReplicas === 3,
      10_000,
      'ready again',
    );
  });

  it('rolls a template change out only at and above the partition', async () => {
    const before = await sets().get('web', { namespace: NS });
    const oldRevision = before.status!.currentRevision!;
    await sets().patch(
      'web',
      'merge',
      {
        spec: {
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
          template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } },
        },
      },
      { namespace: NS },
    );
    const web2 = await eventually(
      async () => {
        const p = await pods().get('web-2', { namespace: NS });
        return p.metadata?.labels?.['controller-revision-hash'] !== oldRevision ? p : undefined;
      },
      10_000,
      'web-2 updated',
    );
    assert.equal(web2.spec?.containers[0].image, 'nginx:1.26');
    await markReady('web-2');
    const set = await eventually(
      async () => {
        const s = await sets().get('web', { namespace: NS });
        return s.status?.updatedReplicas === 1 && s.status.readyReplicas === 3 ? s : undefined;
      },
      10_000,
      'status after partitioned update',
    );
    assert.equal(set.status?.currentRevision, oldRevision);
    assert.notEqual(set.status?.updateRevision, oldRevision);
    assert.equal(set.status?.currentReplicas, 2);
    for (const name of ['web-0', 'web-1']) {
      const p = await pods().get(name, { namespace: NS });
      assert.equal(p.metadata?.labels?.['controller-revision-hash'], oldRevision);
      assert.equal(p.spec?.containers[0].image, 'nginx:1.25');
    }
    const revisions = await h.resource<ControllerRevision>(RESOURCES.controllerrevisions).list({ namespace: NS });
    const byName = new Map(revisions.items.map((r) => [r.metadata!.name!, r]));
    assert.equal(byName.get(oldRevision)?.revision, 1);
    assert.equal(byName.get(set.status!.updateRevision!)?.revision, 2);
  });

  it('creates Parallel pods without waiting and deletes whenScaled=Delete claims via their pod', async () => {
    const s = webSet(2);
    s.metadata!.name = 'db';
    s.spec!.selector = { matchLabels: { app: 'db' } };
    s.spec!.template.metadata = { labels: { app: 'db' } };
    s.spec!.podManagementPolicy = 'Parallel';
    s.spec!.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Delete' };
    await sets().create(s, { namespace: NS });
    await eventually(async () => (await podNames('db')).join() === 'db-0,db-1', 10_000, 'both db pods');
    await sets().patch('db', 'merge', { spec: { replicas: 1 } }, { namespace: NS });
    await eventually(async () => (await podNames('db')).join() === 'db-0', 10_000, 'db-1 removed');
    // There is no garbage collector here: the claim carries the pod's reference for it to act on.
    const claim = await h.resource<PersistentVolumeClaim>(RESOURCES.persistentvolumeclaims).get('www-db-1', {
      namespace: NS,
    });
    assert.deepEqual(
      claim.metadata?.ownerReferences?.map((r) => [r.kind, r.name]),
      [['Pod', 'db-1']],
    );
  });
});

/**
 * The deployment controller end to end on a real apiserver. No ReplicaSet controller runs: the
 * tests play it, writing ReplicaSet status through the status subresource, so each rollout step
 * is driven (and checked) deterministically.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { deploymentController } from './index.js';

const NS = 'default';

function deployment(name: string, replicas: number, extra: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, annotations: { 'kubernetes.io/change-cause': `create ${name}` } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx:1' }] },
      },
      ...extra,
    },
  };
}

describe('deployment controller', { timeout: 30_000 }, () => {
  let h: ControllerHarness;
  const deployments = () => h.resource<Deployment>(RESOURCES.deployments);
  const replicaSets = () => h.resource<ReplicaSet>(RESOURCES.replicasets);

  before(async () => {
    h = await startControllers([deploymentController]);
  });
  after(async () => {
    await h.stop();
  });

  const rsOf = async (app: string) =>
    (await replicaSets().list({ namespace: NS, labelSelector: `app=${app}` })).items.sort((a, b) =>
      a.metadata!.name! < b.metadata!.name! ? -1 : 1,
    );

  /** Plays the ReplicaSet controller: every ReplicaSet of `app` reports its spec.replicas as ready and available. */
  async function settle(app: string, except: string[] = []): Promise<ReplicaSet[]> {
    const rss = await rsOf(app);
    for (const rs of rss) {
      if (except.includes(rs.metadata!.name!)) continue;
      const n = rs.spec?.replicas ?? 0;
      const s = rs.status;
      if (s?.replicas === n && (s?.availableReplicas ?? 0) === n && s?.observedGeneration === rs.metadata?.generation)
        continue;
      const status = {
        replicas: n,
        readyReplicas: n,
        availableReplicas: n,
        observedGeneration: rs.metadata?.generation,
      };
      await replicaSets()
        .updateStatus({ ...rs, status }, { namespace: NS })
        .catch(() => undefined);
    }
    return rss;
  }

  const get = (name: string) => deployments().get(name, { namespace: NS });
  const cond = (d: Deployment, type: string) => d.status?.conditions?.find((c) => c.type === type);

  it('creates one ReplicaSet of 3 with the hash label and revision annotations, then reports it complete', async () => {
    await deployments().create(deployment('web', 3), { namespace: NS });
    const [rs] = await eventually(
      async () => {
        const rss = await rsOf('web');
        return rss.length === 1 && rss[0].spec?.replicas === 3 && rss;
      },
      10_000,
      'the first ReplicaSet',
    );
    const hash = rs.metadata!.labels!['pod-template-hash'];
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rs.metadata!.name, `web-${hash}`);
    assert.equal(rs.spec!.selector.matchLabels!['pod-template-hash'], hash);
    assert.equal(rs.spec!.template!.metadata!.labels!['pod-template-hash'], hash);
    assert.equal(rs.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
    assert.equal(rs.metadata!.annotations!['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rs.metadata!.annotations!['deployment.kubernetes.io/max-replicas'], '4');
    assert.equal(rs.metadata!.annotations!['kubernetes.io/change-cause'], 'create web');
    const ref = rs.metadata!.ownerReferences![0];
    assert.equal(ref.kind, 'Deployment');
    assert.equal(ref.controller, true);

    const d = await eventually(
      async () => {
        await settle('web');
        const d = await get('web');
        return cond(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' && d;
      },
      10_000,
      'the rollout to complete',
    );
    assert.equal(d.metadata!.annotations!['deployment.kubernetes.io/revision'], '1');
    assert.equal(d.status!.observedGeneration, d.metadata!.generation);
    assert.equal(d.status!.replicas, 3);
    assert.equal(d.status!.updatedReplicas, 3);
    assert.equal(d.status!.readyReplicas, 3);
    assert.equal(d.status!.availableReplicas, 3);
    assert.equal(d.status!.unavailableReplicas, undefined);
    assert.equal(cond(d, 'Progressing')!.message, `ReplicaSet "${rs.metadata!.name}" has successfully progressed.`);
    assert.equal(cond(d, 'Available')!.reason, 'MinimumReplicasAvailable');
    assert.equal(cond(d, 'Available')!.message, 'Deployment has minimum availability.');
    const events = await eventually(
      async () => {
        const list = await h.resource<Event>(RESOURCES.events).list({ namespace: NS });
        const ev = list.items.filter((e) => e.involvedObject.name === 'web' && e.reason === 'ScalingReplicaSet');
        return ev.length > 0 && ev;
      },
      10_000,
      'the ScalingReplicaSet event',
    );
    assert.equal(events[0].message, `Scaled up replica set ${rs.metadata!.name} from 0 to 3`);
    assert.equal(events[0].source?.component, 'deployment-controller');
  });

  it('rolls a template change out within maxSurge/maxUnavailable, then rolls back', async () => {
    await deployments().patch(
      'web',
      'merge',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } },
      { namespace: NS },
    );
    let maxTotal = 0;
    let minAvailable = Infinity;
    const d = await eventually(
      async () => {
        const rss = await settle('web');
        const total = rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
        const available = rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
        maxTotal = Math.max(maxTotal, total);
        if (rss.length === 2) minAvailable = Math.min(minAvailable, available);
        const d = await get('web');
        return (
          rss.length === 2 &&
          cond(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' &&
          d.status?.updatedReplicas === 3 &&
          d
        );
      },
      15_000,
      'the second rollout to complete',
    );
    // 25% of 3: surge rounds up to 1, unavailable down to 0.
    assert.ok(maxTotal <= 4, `at most 4 replicas at once, saw ${maxTotal}`);
    assert.ok(minAvailable >= 3, `never fewer than 3 available, saw ${minAvailable}`);
    assert.equal(d.metadata!.annotations!['deployment.kubernetes.io/revision'], '2');
    const rss = await rsOf('web');
    const byRev = Object.fromEntries(
      rss.map((rs) => [rs.metadata!.annotations!['deployment.kubernetes.io/revision'], rs]),
    );
    assert.equal(byRev['2'].spec!.replicas, 3);
    assert.equal(byRev['1'].spec!.replicas, 0);
    assert.equal(d.status!.replicas, 3);

    // kubectl rollout undo (client side): the template of revision 1 patched back.
    const template = structuredClone(byRev['1'].spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    await deployments().patch('web', 'json', [{ op: 'replace', path: '/spec/template', value: template }], {
      namespace: NS,
    });
    const back = await eventually(
      async () => {
        await settle('web');
        const rs = (await rsOf('web')).find((r) => r.metadata!.name === byRev['1'].metadata!.name)!;
        const d = await get('web');
        return rs.spec?.replicas === 3 && d.metadata!.annotations!['deployment.kubernetes.io/revision'] === '3' && rs;
      },
      15_000,
      'the rollback to revision 1',
    );
    assert.equal(back.metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
    assert.equal(back.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1');
  });

  it('Recreate scales the old ReplicaSet to 0 before creating the new one', async () => {
    await deployments().create(deployment('rec', 2, { strategy: { type: 'Recreate' } }), { namespace: NS });
    await eventually(
      async () => {
        await settle('rec');
        return cond(await get('rec'), 'Progressing')?.reason === 'NewReplicaSetAvailable';
      },
      10_000,
      'the first Recreate rollout',
    );
    const [first] = await rsOf('rec');
    await deployments().patch(
      'rec',
      'merge',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } },
      { namespace: NS },
    );
    // The old ReplicaSet goes to 0 but still reports 2 pods: no new ReplicaSet yet.
    await eventually(
      async () => (await rsOf('rec')).find((r) => r.metadata!.name === first.metadata!.name)?.spec?.replicas === 0,
      10_000,
      'old scaled to 0',
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await rsOf('rec')).length, 1, 'no new ReplicaSet while old pods remain');
    const d = await eventually(
      async () => {
        await settle('rec');
        const d = await get('rec');
        const done = d.status?.updatedReplicas === 2 && d.status?.availableReplicas === 2;
        return (await rsOf('rec')).length === 2 && d.status?.observedGeneration === d.metadata?.generation && done && d;
      },
      10_000,
      'the Recreate rollout',
    );
    assert.equal(d.status!.replicas, 2);
    assert.equal(cond(d, 'Progressing')!.reason, 'NewReplicaSetAvailable');
  });

  it('pause stops a rollout and resume continues it', async () => {
    await deployments().create(deployment('paused', 1), { namespace: NS });
    await eventually(
      async () => {
        await settle('paused');
        return cond(await get('paused'), 'Progressing')?.reason === 'NewReplicaSetAvailable';
      },
      10_000,
      'the first rollout',
    );
    await deployments().patch('paused', 'merge', { spec: { paused: true } }, { namespace: NS });
    await eventually(
      async () => cond(await get('paused'), 'Progressing')?.reason === 'DeploymentPaused',
      10_000,
      'paused',
    );
    const d = await get('paused');
    assert.equal(cond(d, 'Progressing')!.status, 'Unknown');
    assert.equal(cond(d, 'Progressing')!.message, 'Deployment is paused');
    await deployments().patch(
      'paused',
      'merge',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } },
      { namespace: NS },
    );
    await eventually(
      async () => {
        const d = await get('paused');
        return d.status?.observedGeneration === d.metadata?.generation;
      },
      10_000,
      'the paused spec observed',
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await rsOf('paused')).length, 1, 'no rollout while paused');
    await deployments().patch('paused', 'merge', { spec: { paused: false } }, { namespace: NS });
    await eventually(async () => (await rsOf('paused')).length === 2, 10_000, 'the rollout after resume');
  });

  it('progressDeadlineSeconds 1 yields ProgressDeadlineExceeded', async () => {
    await deployments().create(deployment('stuck', 1, { progressDeadlineSeconds: 1 }), { namespace: NS });
    const d = await eventually(
      async () => {
        const d = await get('stuck');
        return cond(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded' && d;
      },
      10_000,
      'the deadline',
    );
    const [rs] = await rsOf('stuck');
    assert.equal(cond(d, 'Progressing')!.status, 'False');
    assert.equal(cond(d, 'Progressing')!.message, `ReplicaSet "${rs.metadata!.name}" has timed out progressing.`);
    assert.equal(cond(d, 'Available')!.reason, 'MinimumReplicasUnavailable');
    assert.equal(cond(d, 'Available')!.message, 'Deployment does not have minimum availability.');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { hashRevisionData } from '../history/hash.js';
import { isClaimOwnerUpToDate, updateClaimOwnerRefForSetAndPod } from './claims.js';
import {
  getPersistentVolumeClaims,
  identityMatches,
  newStatefulSetPod,
  newVersionedStatefulSetPod,
  parentNameAndOrdinal,
  podInOrdinalRange,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './identity.js';
import {
  applyRevision,
  completeRollingUpdate,
  getPatch,
  getStatefulSetMaxUnavailable,
  inconsistentStatus,
  newRevision,
} from './revisions.js';

function newSet(name: string, replicas: number, extra: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', uid: `${name}-uid` },
    spec: {
      replicas,
      serviceName: 'governingsvc',
      selector: { matchLabels: { foo: 'bar' } },
      template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      volumeClaimTemplates: [
        { metadata: { name: 'datadir' }, spec: { resources: { requests: { storage: '1Gi' } } } },
        { metadata: { name: 'home', labels: { tier: 'home' } }, spec: { resources: { requests: { storage: '1Gi' } } } },
      ],
      ...extra,
    },
  };
}

describe('ordinals and identity', () => {
  it('parses parent and ordinal from pod names', () => {
    const table: [string, string, number][] = [
      ['web-0', 'web', 0],
      ['web-12', 'web', 12],
      ['my-web-3', 'my-web', 3],
      ['web', '', -1],
      ['web-', '', -1],
      ['web-x1', '', -1],
      ['web-2147483647', 'web', 2147483647],
      ['web-2147483648', 'web', -1],
    ];
    for (const [name, parent, ordinal] of table) assert.deepEqual(parentNameAndOrdinal(name), [parent, ordinal], name);
  });

  it('keeps ordinals in [start, start + replicas)', () => {
    const set = newSet('foo', 3, { ordinals: { start: 2 } });
    const pod = (n: string): Pod => ({ metadata: { name: n } });
    assert.deepEqual(
      ['foo-1', 'foo-2', 'foo-4', 'foo-5'].map((n) => podInOrdinalRange(pod(n), set)),
      [false, true, true, false],
    );
  });

  it('makes pods with identity, hostname, subdomain and claim volumes', () => {
    const set = newSet('foo', 3);
    const pod = newStatefulSetPod(set, 1);
    assert.equal(pod.metadata?.name, 'foo-1');
    assert.equal(pod.metadata?.generateName, 'foo-');
    assert.deepEqual(pod.metadata?.labels, {
      foo: 'bar',
      'statefulset.kubernetes.io/pod-name': 'foo-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    assert.equal(pod.spec?.hostname, 'foo-1');
    assert.equal(pod.spec?.subdomain, 'governingsvc');
    assert.deepEqual(pod.spec?.volumes, [
      { name: 'datadir', persistentVolumeClaim: { claimName: 'datadir-foo-1', readOnly: false } },
      { name: 'home', persistentVolumeClaim: { claimName: 'home-foo-1', readOnly: false } },
    ]);
    assert.equal(pod.metadata?.ownerReferences?.[0].kind, 'StatefulSet');
    assert.ok(identityMatches(set, pod));
    assert.ok(storageMatches(set, pod));
  });

  it('detects and repairs broken identity and storage', () => {
    const set = newSet('foo', 3);
    const pod = newStatefulSetPod(set, 1);
    const noLabel: Pod = structuredClone(pod);
    delete noLabel.metadata!.labels!['statefulset.kubernetes.io/pod-name'];
    assert.equal(identityMatches(set, noLabel), false);
    updateIdentity(set, noLabel);
    assert.ok(identityMatches(set, noLabel));
    const otherNs: Pod = structuredClone(pod);
    otherNs.metadata!.namespace = 'other';
    assert.equal(identityMatches(set, otherNs), false);
    const wrongClaim: Pod = structuredClone(pod);
    wrongClaim.spec!.volumes = [
      { name: 'datadir', persistentVolumeClaim: { claimName: 'elsewhere' } },
      { name: 'scratch', emptyDir: {} },
    ];
    assert.equal(storageMatches(set, wrongClaim), false);
    updateStorage(set, wrongClaim);
    assert.ok(storageMatches(set, wrongClaim));
    assert.deepEqual(
      wrongClaim.spec?.volumes?.map((v) => v.name),
      ['datadir', 'home', 'scratch'],
    );
  });

  it('names claims <template>-<set>-<ordinal> with the template and selector labels', () => {
    const set = newSet('foo', 3);
    const claims = getPersistentVolumeClaims(set, { metadata: { name: 'foo-2' } });
    assert.deepEqual([...claims.keys()], ['datadir', 'home']);
    assert.equal(claims.get('home')?.metadata?.name, 'home-foo-2');
    assert.deepEqual(claims.get('home')?.metadata?.labels, { tier: 'home', foo: 'bar' });
    assert.deepEqual(claims.get('datadir')?.metadata?.labels, { foo: 'bar' });
  });

  it('makes pods below the partition at the current revision, the rest at the update revision', () => {
    const current = newSet('foo', 5, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 3 } } });
    const update: StatefulSet = structuredClone(current);
    update.spec!.template.spec!.containers[0].image = 'nginx:2';
    const at = (o: number) => newVersionedStatefulSetPod(current, update, 'foo-cur', 'foo-upd', o);
    assert.equal(at(2).metadata?.labels?.['controller-revision-hash'], 'foo-cur');
    assert.equal(at(2).spec?.containers[0].image, 'nginx');
    assert.equal(at(3).metadata?.labels?.['controller-revision-hash'], 'foo-upd');
    assert.equal(at(3).spec?.containers[0].image, 'nginx:2');
  });
});

describe('revisions and status', () => {
  it('stores the template as a replacing patch, named by its hash, and applies it back', () => {
    const set = newSet('foo', 3);
    set.metadata!.annotations = { note: 'x' };
    const patch = getPatch(set);
    assert.deepEqual(patch, { spec: { template: { ...set.spec!.template, $patch: 'replace' } } });
    const cr = newRevision(set, 1, 0);
    assert.equal(cr.metadata?.name, `foo-${hashRevisionData(patch, 0)}`);
    assert.deepEqual(cr.metadata?.annotations, { note: 'x' });
    assert.equal(cr.metadata?.labels?.foo, 'bar');
    const changed: StatefulSet = structuredClone(set);
    changed.spec!.template.spec!.containers[0].image = 'nginx:2';
    assert.notEqual(newRevision(changed, 2, 0).metadata?.name, cr.metadata?.name);
    const restored = applyRevision(changed, cr as ControllerRevision);
    assert.deepEqual(restored.spec?.template, set.spec?.template);
  });

  it('completes a rolling update once every replica is updated and ready', () => {
    const set = newSet('foo', 3);
    const status = {
      replicas: 3,
      readyReplicas: 3,
      updatedReplicas: 3,
      currentReplicas: 1,
      currentRevision: 'a',
      updateRevision: 'b',
    };
    completeRollingUpdate(set, status);
    assert.equal(status.currentRevision, 'b');
    assert.equal(status.currentReplicas, 3);
    const partial = { ...status, readyReplicas: 2, currentRevision: 'a', currentReplicas: 1 };
    completeRollingUpdate(set, partial);
    assert.equal(partial.currentRevision, 'a');
    assert.equal(inconsistentStatus({ ...set, status: { replicas: 3 } }, { replicas: 3 }), false);
    assert.equal(inconsistentStatus({ ...set, status: { replicas: 3 } }, { replicas: 3, readyReplicas: 1 }), true);
  });

  it('scales maxUnavailable down, never below 1 (upstream TestGetStatefulSetMaxUnavailable)', () => {
    const table: [number | string | undefined, number, number][] = [
      [undefined, 10, 1],
      [3, 10, 3],
      [3, 0, 3],
      ['10%', 25, 2],
      ['100%', 5, 5],
      ['50%', 5, 2],
      ['10%', 5, 1],
      ['0%', 10, 1],
    ];
    for (const [mu, replicas, want] of table)
      assert.equal(getStatefulSetMaxUnavailable(mu, replicas), want, `${mu}/${replicas}`);
  });
});

describe('claim retention', () => {
  const claimFor = (
    refs: NonNullable<PersistentVolumeClaim['metadata']>['ownerReferences'] = [],
  ): PersistentVolumeClaim => ({
    metadata: { name: 'datadir-foo-1', ownerReferences: refs },
  });
  const pod: Pod = { metadata: { name: 'foo-1', uid: 'pod-uid' } };
  const scaledPod: Pod = { metadata: { name: 'foo-5', uid: 'pod5-uid' } };

  it('sets the owners each policy asks for', () => {
    const cases: [string, string, Pod, string[]][] = [
      ['Retain', 'Retain', pod, []],
      ['Delete', 'Retain', pod, ['StatefulSet']],
      ['Retain', 'Delete', pod, []],
      ['Retain', 'Delete', scaledPod, ['Pod']],
      ['Delete', 'Delete', pod, ['StatefulSet']],
      ['Delete', 'Delete', scaledPod, ['Pod']],
    ];
    for (const [whenDeleted, whenScaled, p, kinds] of cases) {
      const set = newSet('foo', 3, { persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } });
      const claim = claimFor();
      assert.equal(isClaimOwnerUpToDate(claim, set, p), kinds.length === 0, `${whenDeleted}/${whenScaled} before`);
      updateClaimOwnerRefForSetAndPod(claim, set, p);
      assert.deepEqual(
        claim.metadata?.ownerReferences?.map((r) => r.kind),
        kinds,
        `${whenDeleted}/${whenScaled}`,
      );
      assert.ok(isClaimOwnerUpToDate(claim, set, p), `${whenDeleted}/${whenScaled} after`);
    }
  });

  it('leaves claims alone when a reference is stale or another controller owns them', () => {
    const set = newSet('foo', 3, {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
    });
    const stale = claimFor([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'foo', uid: 'old-uid', controller: true },
    ]);
    assert.ok(isClaimOwnerUpToDate(stale, set, pod));
    const foreign = claimFor([{ apiVersion: 'v1', kind: 'Other', name: 'x', uid: 'x', controller: true }]);
    assert.ok(isClaimOwnerUpToDate(foreign, set, pod));
  });
});

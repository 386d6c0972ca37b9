import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastRevision, maxRevision, setDeploymentAnnotationsTo, setNewReplicaSetAnnotations } from './annotations.js';
import { newDeployment, rs } from './fake-env.js';

const withRev = (name: string, rev?: string) => {
  const r = rs(name, 1);
  if (rev !== undefined) r.metadata!.annotations = { 'deployment.kubernetes.io/revision': rev };
  return r;
};

describe('revisions', () => {
  it('maxRevision and lastRevision skip unparsable revisions', () => {
    const rss = [withRev('a', '1'), withRev('b', '3'), withRev('c', 'x'), withRev('d', '2'), withRev('e')];
    assert.equal(maxRevision(rss), 3);
    assert.equal(lastRevision(rss), 2);
    assert.equal(lastRevision([withRev('a', '1')]), 0);
  });
});

describe('setNewReplicaSetAnnotations', () => {
  it('copies the deployment annotations but not the skipped ones, and sets the replicas annotations on create', () => {
    const d = newDeployment('foo', 4, { maxSurge: 1 });
    d.metadata!.annotations = {
      'kubernetes.io/change-cause': 'kubectl set image',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'deployment.kubernetes.io/revision': '7',
    };
    const r = rs('foo-abc', 0);
    assert.equal(setNewReplicaSetAnnotations(d, r, '1', false, 2000, 1), true);
    assert.deepEqual(r.metadata!.annotations, {
      'kubernetes.io/change-cause': 'kubectl set image',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
    assert.equal(setNewReplicaSetAnnotations(d, r, '1', true, 2000, 1), false);
  });

  it('keeps the old revision in the history when rolled back to, within the length limit', () => {
    const d = newDeployment('foo', 1);
    const r = withRev('foo-abc', '1');
    setNewReplicaSetAnnotations(d, r, '3', true, 2000, 0);
    assert.equal(r.metadata!.annotations!['deployment.kubernetes.io/revision'], '3');
    assert.equal(r.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1');
    setNewReplicaSetAnnotations(d, r, '5', true, 2000, 0);
    assert.equal(r.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '1,3');
    setNewReplicaSetAnnotations(d, r, '7', true, 4, 0);
    assert.equal(r.metadata!.annotations!['deployment.kubernetes.io/revision-history'], '3,5');
    // a lower revision never overwrites
    assert.equal(setNewReplicaSetAnnotations(d, r, '2', true, 2000, 0), false);
  });

  it('setDeploymentAnnotationsTo takes the ReplicaSet annotations on rollback', () => {
    const d = newDeployment('foo', 1);
    d.metadata!.annotations = { 'kubernetes.io/change-cause': 'edit', 'deployment.kubernetes.io/revision': '2' };
    const r = withRev('foo-1', '1');
    r.metadata!.annotations!['kubernetes.io/change-cause'] = 'create';
    setDeploymentAnnotationsTo(d, r);
    assert.deepEqual(d.metadata!.annotations, {
      'deployment.kubernetes.io/revision': '2',
      'kubernetes.io/change-cause': 'create',
    });
  });
});

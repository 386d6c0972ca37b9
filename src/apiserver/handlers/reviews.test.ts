import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from '../testing/cluster.js';

const api = useControlPlane();
const AUTHZ = '/apis/authorization.k8s.io/v1';

test('access reviews are allowed under AlwaysAllow and not stored', async () => {
  const self = await api.request('POST', `${AUTHZ}/selfsubjectaccessreviews`, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb: 'delete', resource: 'nodes' } },
  });
  assert.equal(self.status, 201, self.text);
  assert.deepEqual(self.body.status, { allowed: true });
  assert.equal(self.body.spec.resourceAttributes.verb, 'delete');

  const other = await api.request('POST', `${AUTHZ}/subjectaccessreviews`, {
    spec: { user: 'jane', nonResourceAttributes: { path: '/healthz', verb: 'get' } },
  });
  assert.equal(other.status, 201, other.text);
  assert.equal(other.body.kind, 'SubjectAccessReview');
  assert.equal(other.body.status.allowed, true);

  const local = await api.request('POST', `${AUTHZ}/namespaces/default/localsubjectaccessreviews`, {
    spec: { user: 'jane', resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
  });
  assert.equal(local.status, 201, local.text);

  assert.equal((await api.request('GET', `${AUTHZ}/selfsubjectaccessreviews`)).status, 405);
});

test('a review without attributes or subject is Invalid in upstream words', async () => {
  const res = await api.request('POST', `${AUTHZ}/subjectaccessreviews`, { spec: {} });
  assert.equal(res.status, 422);
  assert.equal(
    res.body.message,
    'SubjectAccessReview.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: "": at least one of user or group must be specified]',
  );
});

test('a rules review lists everything', async () => {
  const res = await api.request('POST', `${AUTHZ}/selfsubjectrulesreviews`, {
    spec: { namespace: 'default' },
  });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.status.resourceRules, [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
  assert.equal(res.body.status.incomplete, false);
});

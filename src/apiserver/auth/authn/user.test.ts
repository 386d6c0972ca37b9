import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceAccountUser, splitServiceAccountUsername, withAuthenticatedGroup } from './user.js';

test('splitServiceAccountUsername accepts only system:serviceaccount:<ns>:<name>', () => {
  assert.deepEqual(splitServiceAccountUsername('system:serviceaccount:kube-system:default'), {
    namespace: 'kube-system',
    name: 'default',
  });
  for (const bad of [
    'alice',
    'system:serviceaccount:ns',
    'system:serviceaccount:ns:a:b',
    'system:serviceaccount:NS:x',
  ]) {
    const r = splitServiceAccountUsername(bad);
    assert.ok(r instanceof Error, bad);
    assert.equal(r.message, 'Username must be in the form system:serviceaccount:namespace:name');
  }
});

test('withAuthenticatedGroup adds system:authenticated once, never to anonymous', () => {
  assert.deepEqual(withAuthenticatedGroup({ name: 'alice', groups: ['devs'] }).groups, [
    'devs',
    'system:authenticated',
  ]);
  assert.deepEqual(withAuthenticatedGroup({ name: 'a', groups: ['system:authenticated'] }).groups, [
    'system:authenticated',
  ]);
  assert.deepEqual(withAuthenticatedGroup({ name: 'a', groups: ['system:unauthenticated'] }).groups, [
    'system:unauthenticated',
  ]);
  assert.deepEqual(withAuthenticatedGroup({ name: 'system:anonymous', groups: [] }).groups, []);
});

test('serviceAccountUser sets pod extras only with both name and uid', () => {
  const u = serviceAccountUser({ namespace: 'ns', name: 'sa', uid: 'u1', podName: 'p', podUID: '' });
  assert.equal(u.extra, undefined);
  assert.deepEqual(u.groups, ['system:serviceaccounts', 'system:serviceaccounts:ns']);
});

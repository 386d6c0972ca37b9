import { test } from 'node:test';
import assert from 'node:assert/strict';
import { impersonate, type ImpersonationAttributes } from './impersonate.js';

const alice = { name: 'alice', groups: ['devs', 'system:authenticated'] };
const allowAll = () => true;

test('no impersonation headers: the requester is unchanged', async () => {
  assert.deepEqual(await impersonate(alice, { accept: 'application/json' }, allowAll), {
    user: alice,
    impersonated: false,
  });
});

test('impersonating a user with groups, extras and uid, each authorized', async () => {
  const seen: ImpersonationAttributes[] = [];
  const r = await impersonate(
    alice,
    {
      'impersonate-user': ['bob'],
      'impersonate-group': ['ops', 'qa'],
      'impersonate-extra-example.com%2Fscopes': ['view', 'edit'],
      'impersonate-uid': ['1234'],
    },
    (a) => {
      seen.push(a);
      return true;
    },
  );
  assert.deepEqual(r, {
    user: {
      name: 'bob',
      uid: '1234',
      groups: ['ops', 'qa', 'system:authenticated'],
      extra: { 'example.com/scopes': ['view', 'edit'] },
    },
    impersonated: true,
  });
  assert.deepEqual(
    seen.map((a) => [a.resource, a.subresource, a.apiGroup, a.name]),
    [
      ['users', '', '', 'bob'],
      ['groups', '', '', 'ops'],
      ['groups', '', '', 'qa'],
      ['userextras', 'example.com/scopes', 'authentication.k8s.io', 'view'],
      ['userextras', 'example.com/scopes', 'authentication.k8s.io', 'edit'],
      ['uids', '', 'authentication.k8s.io', '1234'],
    ],
  );
  assert.ok(seen.every((a) => a.verb === 'impersonate' && a.user === alice));
});

test('a service account gets its groups unless groups are given', async () => {
  const r = await impersonate(alice, { 'impersonate-user': 'system:serviceaccount:ci:builder' }, (a) => {
    assert.equal(a.resource, 'serviceaccounts');
    assert.equal(a.namespace, 'ci');
    return a.name === 'builder';
  });
  assert.ok('user' in r);
  assert.deepEqual(r.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated']);
  const anon = await impersonate(alice, { 'impersonate-user': 'system:anonymous' }, allowAll);
  assert.ok('user' in anon);
  assert.deepEqual(anon.user.groups, ['system:unauthenticated']);
});

test('refused impersonation yields upstream 403 messages', async () => {
  const r = await impersonate(alice, { 'impersonate-user': 'bob' }, () => false);
  assert.ok('status' in r);
  assert.equal(r.status.code, 403);
  assert.equal(r.status.reason, 'Forbidden');
  assert.equal(
    r.status.message,
    'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
  );
  assert.deepEqual(r.status.details, { name: 'bob', kind: 'users' });

  const sa = await impersonate(alice, { 'impersonate-user': 'system:serviceaccount:ci:builder' }, () => ({
    allowed: false,
    reason: 'no RBAC policy matched',
  }));
  assert.ok('status' in sa);
  assert.equal(
    sa.status.message,
    'serviceaccounts "builder" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "ci": no RBAC policy matched',
  );

  const extra = await impersonate(
    alice,
    { 'impersonate-user': 'bob', 'impersonate-extra-scopes': 'view' },
    (a) => a.resource !== 'userextras',
  );
  assert.ok('status' in extra);
  assert.equal(
    extra.status.message,
    'userextras.authentication.k8s.io "view" is forbidden: User "alice" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
  );
});

test('groups without a user is a bad request (upstream: an internal error) in upstream words', async () => {
  const r = await impersonate(alice, { 'impersonate-group': 'system:masters' }, allowAll);
  assert.ok('status' in r);
  assert.equal(r.status.code, 400);
  assert.equal(r.status.message, 'requested [{Group  system:masters    }] without impersonating a user');
});

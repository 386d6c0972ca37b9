import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RBACAuthorizer } from './authorizer.js';
import { serviceAccountUser } from './resolver.js';
import { cr, crb, rb, req, role, u, urlReq } from './test-helpers.js';
import { staticDataSource } from './types.js';

const podReader = cr('pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]);
const data = staticDataSource({
  clusterRoles: [podReader, cr('health', [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }])],
  clusterRoleBindings: [
    crb('readers', 'pod-reader', [{ kind: 'Group', name: 'readers' }]),
    crb('health', 'health', [{ kind: 'User', name: 'bob' }]),
    crb('dangling', 'missing', [{ kind: 'User', name: 'carol' }]),
  ],
  roles: [role('dev', 'cm-writer', [{ verbs: ['create'], apiGroups: [''], resources: ['configmaps'] }])],
  roleBindings: [
    rb('dev', 'alice-pods', 'ClusterRole', 'pod-reader', [{ kind: 'User', name: 'alice' }]),
    rb('dev', 'sa-cm', 'Role', 'cm-writer', [{ kind: 'ServiceAccount', name: 'builder' }]),
    rb('dev', 'all-sa', 'ClusterRole', 'health', [{ kind: 'Group', name: 'system:serviceaccounts:dev' }]),
  ],
});
const authz = new RBACAuthorizer(data);

describe('RBACAuthorizer.authorize', () => {
  it('allows through a ClusterRoleBinding to a group, with upstream reason', () => {
    const result = authz.authorize(req(u('zed', 'readers'), 'list', 'pods', { namespace: 'prod' }));
    assert.deepEqual(result, {
      decision: 'Allow',
      reason: 'RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "pod-reader" to Group "readers"',
    });
    assert.equal(authz.authorize(req(u('zed'), 'list', 'pods', { namespace: 'prod' })).decision, 'NoOpinion');
  });

  it('binds a ClusterRole through a RoleBinding in that namespace only', () => {
    const alice = u('alice');
    assert.deepEqual(authz.authorize(req(alice, 'get', 'pods', { namespace: 'dev', name: 'web' })), {
      decision: 'Allow',
      reason: 'RBAC: allowed by RoleBinding "alice-pods/dev" of ClusterRole "pod-reader" to User "alice"',
    });
    assert.equal(authz.authorize(req(alice, 'get', 'pods', { namespace: 'prod', name: 'web' })).decision, 'NoOpinion');
    assert.equal(authz.authorize(req(alice, 'list', 'pods')).decision, 'NoOpinion', 'not at the cluster scope');
  });

  it('matches ServiceAccount subjects by user name, defaulting to the binding namespace', () => {
    const sa = serviceAccountUser('dev', 'builder');
    assert.equal(sa.name, 'system:serviceaccount:dev:builder');
    assert.deepEqual(sa.groups, ['system:serviceaccounts', 'system:serviceaccounts:dev']);
    assert.deepEqual(authz.authorize(req(sa, 'create', 'configmaps', { namespace: 'dev' })), {
      decision: 'Allow',
      reason: 'RBAC: allowed by RoleBinding "sa-cm/dev" of Role "cm-writer" to ServiceAccount "builder/dev"',
    });
    const other = serviceAccountUser('prod', 'builder');
    assert.equal(authz.authorize(req(other, 'create', 'configmaps', { namespace: 'dev' })).decision, 'NoOpinion');
  });

  it('matches the per-namespace service account group', () => {
    const sa = serviceAccountUser('dev', 'anyone');
    assert.equal(authz.authorize(req(sa, 'create', 'configmaps', { namespace: 'dev' })).decision, 'NoOpinion');
    assert.deepEqual(authz.authorize({ ...urlReq(sa, 'get', '/healthz'), namespace: 'dev' }), {
      decision: 'Allow',
      reason: 'RBAC: allowed by RoleBinding "all-sa/dev" of ClusterRole "health" to Group "system:serviceaccounts:dev"',
    });
  });

  it('allows non-resource URLs through ClusterRoleBindings', () => {
    assert.equal(authz.authorize(urlReq(u('bob'), 'get', '/healthz')).decision, 'Allow');
    assert.equal(authz.authorize(urlReq(u('bob'), 'get', '/metrics')).decision, 'NoOpinion');
  });

  it('reports unresolvable roles in the no-opinion reason', () => {
    assert.deepEqual(authz.authorize(req(u('carol'), 'get', 'pods')), {
      decision: 'NoOpinion',
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found',
    });
  });
});

describe('RBACAuthorizer.rulesFor', () => {
  it('splits rules into resource and non-resource rules, cluster and namespace ones together', () => {
    const sa = serviceAccountUser('dev', 'builder');
    const inDev = authz.rulesFor(sa, 'dev');
    assert.deepEqual(inDev.resourceRules, [
      { verbs: ['create'], apiGroups: [''], resources: ['configmaps'], resourceNames: [] },
    ]);
    assert.deepEqual(inDev.nonResourceRules, [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }]);
    assert.equal(inDev.incomplete, false);
    assert.deepEqual(authz.rulesFor(sa, 'prod').resourceRules, []);
  });

  it('returns resolution errors beside the rules it found', () => {
    const result = authz.rulesFor(u('carol', 'readers'), '');
    assert.equal(result.resourceRules.length, 1);
    assert.deepEqual(result.errors, ['clusterrole.rbac.authorization.k8s.io "missing" not found']);
  });
});

describe('RBACAuthorizer with a revision', () => {
  it('keeps what a user resolves to until the revision moves', () => {
    const bindings = [crb('readers', 'pod-reader', [{ kind: 'Group', name: 'readers' }])];
    let revision = 1;
    const source = {
      ...staticDataSource({ clusterRoles: [podReader], clusterRoleBindings: bindings }),
      revision: () => revision,
    };
    const memo = new RBACAuthorizer(source);
    const list = req(u('zed', 'readers'), 'list', 'pods', { namespace: 'prod' });
    assert.equal(memo.authorize(list).decision, 'Allow');
    bindings.pop();
    // Same revision: the resolved rules are kept (the data source promised to move it on change).
    assert.equal(memo.authorize(list).decision, 'Allow');
    revision = 2;
    assert.equal(memo.authorize(list).decision, 'NoOpinion');
    // Another user or group set is resolved on its own.
    bindings.push(crb('readers', 'pod-reader', [{ kind: 'Group', name: 'readers' }]));
    revision = 3;
    assert.equal(memo.authorize(req(u('zed'), 'list', 'pods', { namespace: 'prod' })).decision, 'NoOpinion');
    assert.equal(memo.authorize(list).decision, 'Allow');
  });
});

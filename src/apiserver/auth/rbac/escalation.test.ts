import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RBACAuthorizer } from './authorizer.js';
import {
  bindingAuthorized,
  compactString,
  confirmNoEscalation,
  covers,
  escalationAllowed,
  roleEscalationAuthorized,
} from './escalation.js';
import { cr, crb, rb, role, u } from './test-helpers.js';
import { staticDataSource } from './types.js';

const data = staticDataSource({
  clusterRoles: [
    cr('pod-getter', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]),
    cr('scaler', [{ verbs: ['get', 'update'], apiGroups: ['*'], resources: ['*/scale'] }]),
    cr('health', [{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }]),
    cr('binder', [
      {
        verbs: ['bind'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles'],
        resourceNames: ['admin'],
      },
    ]),
    cr('escalator', [{ verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }]),
  ],
  clusterRoleBindings: [
    crb('a', 'pod-getter', [{ kind: 'User', name: 'alice' }]),
    crb('h', 'health', [{ kind: 'User', name: 'alice' }]),
  ],
  roles: [role('dev', 'scale', [{ verbs: ['*'], apiGroups: ['apps'], resources: ['deployments'] }])],
  roleBindings: [
    rb('dev', 's', 'ClusterRole', 'scaler', [{ kind: 'User', name: 'alice' }]),
    rb('dev', 'b', 'ClusterRole', 'binder', [{ kind: 'User', name: 'alice' }]),
    rb('dev', 'e', 'ClusterRole', 'escalator', [{ kind: 'User', name: 'alice' }]),
    rb('dev', 'r', 'Role', 'scale', [{ kind: 'User', name: 'alice' }]),
  ],
});
const alice = u('alice', 'system:authenticated');

describe('confirmNoEscalation', () => {
  it('allows granting what the user holds (incl. */subresource and URL prefixes)', () => {
    assert.equal(
      confirmNoEscalation(
        alice,
        [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] }],
        '',
        data,
      ),
      null,
    );
    assert.equal(
      confirmNoEscalation(
        alice,
        [{ verbs: ['update'], apiGroups: ['apps'], resources: ['deployments/scale'] }],
        'dev',
        data,
      ),
      null,
    );
    assert.equal(confirmNoEscalation(alice, [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] }], '', data), null);
  });

  it('refuses with upstream text, compacting and sorting the missing rules', () => {
    const err = confirmNoEscalation(
      alice,
      [
        { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'secrets'] },
        { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] },
      ],
      '',
      data,
    );
    assert.equal(
      err,
      'user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["list" "watch"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list" "watch"]}\n' +
        '{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}',
    );
  });

  it('takes namespace-scoped permissions into account only in that namespace', () => {
    const rules = [{ verbs: ['delete'], apiGroups: ['apps'], resources: ['deployments'] }];
    assert.equal(confirmNoEscalation(alice, rules, 'dev', data), null);
    assert.match(
      confirmNoEscalation(alice, rules, 'prod', data) ?? '',
      /\n\{APIGroups:\["apps"\], Resources:\["deployments"\], Verbs:\["delete"\]\}$/,
    );
    assert.notEqual(confirmNoEscalation(alice, rules, '', data), null);
  });

  it('does not let a resourceNames-limited rule cover an unlimited one', () => {
    const owner = [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }];
    assert.equal(covers(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]).covered, false);
    assert.equal(
      covers(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }]).covered,
      true,
    );
  });

  it('prints URL and resourceName rules compactly', () => {
    assert.equal(compactString({ verbs: ['get'], nonResourceURLs: ['/x'] }), '{NonResourceURLs:["/x"], Verbs:["get"]}');
    assert.equal(
      compactString({ verbs: ['get'], apiGroups: [''], resources: ['a'], resourceNames: ['n'] }),
      '{APIGroups:[""], Resources:["a"], ResourceNames:["n"], Verbs:["get"]}',
    );
  });
});

describe('bind and escalate checks', () => {
  const authz = new RBACAuthorizer(data);
  it('lets system:masters escalate', () => {
    assert.equal(escalationAllowed(u('root', 'system:masters')), true);
    assert.equal(escalationAllowed(alice), false);
  });

  it('checks the bind verb on the referenced role, in the binding namespace', () => {
    const admin = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' };
    assert.equal(bindingAuthorized(alice, admin, 'dev', authz), true);
    assert.equal(bindingAuthorized(alice, admin, 'prod', authz), false);
    assert.equal(bindingAuthorized(alice, { ...admin, name: 'edit' }, 'dev', authz), false);
    assert.equal(bindingAuthorized(alice, { ...admin, kind: 'Role' }, 'dev', authz), false);
  });

  it('checks the escalate verb on roles and clusterroles only', () => {
    const target = { apiGroup: 'rbac.authorization.k8s.io', resource: 'roles', name: 'x', namespace: 'dev' };
    assert.equal(roleEscalationAuthorized(alice, target, authz), true);
    assert.equal(roleEscalationAuthorized(alice, { ...target, namespace: 'prod' }, authz), false);
    assert.equal(roleEscalationAuthorized(alice, { ...target, resource: 'clusterroles', namespace: '' }, authz), false);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateClusterRoles } from '../../../api/rbac/aggregation.js';
import { RBACAuthorizer } from './authorizer.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import { rb, req, u, urlReq } from './test-helpers.js';
import { staticDataSource } from './types.js';
import { serviceAccountUser } from './resolver.js';

const roles = aggregateClusterRoles(bootstrapClusterRoles());
const bindings = bootstrapClusterRoleBindings();
const viewer = u('vera', 'system:authenticated');
const editor = u('ed', 'system:authenticated');
const authz = new RBACAuthorizer(
  staticDataSource({
    clusterRoles: roles,
    clusterRoleBindings: bindings,
    roleBindings: [
      rb('team', 'view', 'ClusterRole', 'view', [{ kind: 'User', name: 'vera' }]),
      rb('team', 'edit', 'ClusterRole', 'edit', [{ kind: 'User', name: 'ed' }]),
    ],
  }),
);
const allowed = (a: Parameters<RBACAuthorizer['authorize']>[0]) => authz.authorize(a).decision === 'Allow';

describe('bootstrap policy data', () => {
  it('labels and annotates every object as upstream does', () => {
    for (const obj of [...bootstrapClusterRoles(), ...bindings]) {
      assert.equal(obj.metadata?.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults', obj.metadata?.name);
      assert.equal(
        obj.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate'],
        'true',
        obj.metadata?.name,
      );
    }
  });

  it('has the roles named in upstream policy, and a binding in kube-system for each controller', () => {
    const names = new Set(bootstrapClusterRoles().map((r) => r.metadata?.name));
    for (const n of [
      'cluster-admin',
      'admin',
      'edit',
      'view',
      'system:basic-user',
      'system:discovery',
      'system:public-info-viewer',
      'system:node',
      'system:node-proxier',
      'system:kube-scheduler',
      'system:kube-controller-manager',
      'system:volume-scheduler',
      'system:auth-delegator',
      'system:heapster',
      'system:controller:replicaset-controller',
      'system:controller:namespace-controller',
    ]) {
      assert.ok(names.has(n), n);
    }
    const rs = bindings.find((b) => b.metadata?.name === 'system:controller:replicaset-controller');
    assert.deepEqual(rs?.subjects, [
      { kind: 'ServiceAccount', name: 'replicaset-controller', namespace: 'kube-system' },
    ]);
    const edit = bootstrapClusterRoles().find((r) => r.metadata?.name === 'edit')!;
    assert.deepEqual(edit.aggregationRule, {
      clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }],
    });
    assert.equal(edit.metadata?.labels?.['rbac.authorization.k8s.io/aggregate-to-admin'], 'true');
  });

  it('sorts lists inside rules as upstream builders do', () => {
    const discovery = roles.find((r) => r.metadata?.name === 'system:discovery')!;
    assert.deepEqual(discovery.rules, [
      {
        verbs: ['get'],
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
      },
    ]);
  });
});

describe('authorizing with the bootstrap policy', () => {
  it('lets system:masters do anything', () => {
    const root = u('root', 'system:masters', 'system:authenticated');
    assert.equal(allowed(req(root, 'delete', 'nodes', { name: 'n1' })), true);
    assert.equal(allowed(req(root, 'escalate', 'clusterroles', { apiGroup: 'rbac.authorization.k8s.io' })), true);
    assert.equal(allowed(urlReq(root, 'get', '/metrics')), true);
    assert.match(
      authz.authorize(urlReq(root, 'get', '/metrics')).reason,
      /ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"/,
    );
  });

  it('does not let view read secrets, but lets it read pods', () => {
    assert.equal(allowed(req(viewer, 'get', 'pods', { namespace: 'team', name: 'p' })), true);
    assert.equal(allowed(req(viewer, 'get', 'secrets', { namespace: 'team', name: 's' })), false);
    assert.equal(allowed(req(viewer, 'create', 'pods', { namespace: 'team' })), false);
  });

  it('lets edit create deployments, read secrets, but not touch roles', () => {
    assert.equal(allowed(req(editor, 'create', 'deployments', { namespace: 'team', apiGroup: 'apps' })), true);
    assert.equal(allowed(req(editor, 'get', 'secrets', { namespace: 'team', name: 's' })), true);
    assert.equal(
      allowed(req(editor, 'create', 'roles', { namespace: 'team', apiGroup: 'rbac.authorization.k8s.io' })),
      false,
    );
    assert.equal(allowed(req(editor, 'create', 'deployments', { namespace: 'other', apiGroup: 'apps' })), false);
  });

  it('lets any authenticated user review itself and read discovery and health', () => {
    const anyone = u('nobody', 'system:authenticated');
    assert.equal(
      allowed(req(anyone, 'create', 'selfsubjectaccessreviews', { apiGroup: 'authorization.k8s.io' })),
      true,
    );
    assert.equal(allowed(urlReq(anyone, 'get', '/version')), true);
    assert.equal(allowed(urlReq(anyone, 'get', '/healthz')), true);
    assert.equal(allowed(urlReq(anyone, 'get', '/apis/apps/v1')), true);
    assert.equal(allowed(urlReq(anyone, 'get', '/metrics')), false);
    assert.equal(allowed(req(anyone, 'list', 'pods', { namespace: 'team' })), false);
  });

  it('lets unauthenticated users see only public info', () => {
    const anon = u('system:anonymous', 'system:unauthenticated');
    assert.equal(allowed(urlReq(anon, 'get', '/version')), true);
    assert.equal(allowed(urlReq(anon, 'get', '/apis')), false);
    assert.equal(allowed(req(anon, 'create', 'selfsubjectaccessreviews', { apiGroup: 'authorization.k8s.io' })), false);
  });

  it('grants controllers their own roles through their service accounts', () => {
    const rsc = serviceAccountUser('kube-system', 'replicaset-controller');
    assert.equal(allowed(req(rsc, 'create', 'pods', { namespace: 'any' })), true);
    assert.equal(allowed(req(rsc, 'get', 'secrets', { namespace: 'any', name: 'x' })), false);
    assert.equal(allowed(req(u('system:kube-scheduler'), 'create', 'bindings', { namespace: 'a' })), true);
  });
});

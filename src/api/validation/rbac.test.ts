import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate, validateUpdate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};
const RBAC = 'rbac.authorization.k8s.io';

describe('rbac', () => {
  it('checks rules', () => {
    assert.deepEqual(
      check(RBAC, 'roles', {
        metadata: { name: 'r', namespace: 'd' },
        rules: [{ verbs: ['get'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }],
      }),
      [
        'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
        'rules[0].resources: Required value: resource rules must supply at least one resource',
        'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
      ],
    );
    assert.deepEqual(
      check(RBAC, 'clusterroles', {
        metadata: { name: 'c' },
        rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
      }),
      [],
    );
  });

  it('checks bindings and keeps roleRef on update', () => {
    const b = {
      metadata: { name: 'b' },
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa' }],
    };
    assert.deepEqual(check(RBAC, 'clusterrolebindings', b), [
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
    ]);
    const old = {
      metadata: { name: 'b', namespace: 'd', resourceVersion: '1' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
      subjects: [],
    };
    const upd = structuredClone(old);
    upd.roleRef.name = 'edit';
    assert.deepEqual(validateUpdate(RBAC, 'rolebindings', upd, old).map(String), [
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
  });
});

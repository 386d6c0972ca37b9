import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellsFor, columnsFor, hasPrinter, rowConditionsFor } from './index.js';
import { PRINTERS } from './registry.js';

// The registry: the remaining API groups, one or more kinds each, the default table, and every
// printer's shape.

const now = new Date('2024-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const D = 24 * 3600 * S;
const meta = (name: string, extra: object = {}) => ({ name, creationTimestamp: ago(10 * 365 * D), ...extra });
const headers = (group: string, resource: string) =>
  columnsFor(group, resource).map((c) => (c.priority ? `(${c.name})` : c.name));

describe('rbac, certificates, coordination, scheduling, node', () => {
  it('rolebindings: ROLE, and wide USERS, GROUPS, SERVICEACCOUNTS', () => {
    const rb = {
      metadata: meta('rb'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', namespace: 'kube-system', name: 'default' },
      ],
    };
    assert.deepEqual(cellsFor('rbac.authorization.k8s.io', 'rolebindings', rb, now), [
      'rb',
      'ClusterRole/view',
      '10y',
      'alice, bob',
      'devs',
      'kube-system/default',
    ]);
    assert.deepEqual(headers('rbac.authorization.k8s.io', 'clusterrolebindings'), [
      'Name',
      'Role',
      'Age',
      '(Users)',
      '(Groups)',
      '(ServiceAccounts)',
    ]);
  });
  it('roles and clusterroles: the default table', () => {
    assert.equal(hasPrinter('rbac.authorization.k8s.io', 'roles'), false);
    const role = { metadata: { name: 'admin', creationTimestamp: '2024-05-31T08:00:00Z' } };
    assert.deepEqual(cellsFor('rbac.authorization.k8s.io', 'clusterroles', role, now), [
      'admin',
      '2024-05-31T08:00:00Z',
    ]);
    assert.deepEqual(
      columnsFor('rbac.authorization.k8s.io', 'roles').map((c) => [c.name, c.type, c.format, c.priority]),
      [
        ['Name', 'string', 'name', 0],
        ['Created At', 'date', '', 0],
      ],
    );
  });
  it('certificatesigningrequests: CONDITION like Approved,Issued', () => {
    const csr = (conditions: object[], certificate?: string) => ({
      metadata: meta('csr-1'),
      spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'admin', expirationSeconds: 86400 },
      status: { conditions, certificate },
    });
    assert.deepEqual(
      cellsFor('certificates.k8s.io', 'certificatesigningrequests', csr([{ type: 'Approved' }], 'LS0t'), now),
      ['csr-1', '10y', 'kubernetes.io/kube-apiserver-client', 'admin', '24h', 'Approved,Issued'],
    );
    const condition = (c: object[]) => cellsFor('certificates.k8s.io', 'certificatesigningrequests', csr(c), now)[5];
    assert.equal(condition([]), 'Pending');
    assert.equal(condition([{ type: 'Approved' }, { type: 'Denied' }]), 'Denied');
    assert.equal(condition([{ type: 'Approved' }, { type: 'Failed' }]), 'Approved,Failed');
  });
  it('leases, priorityclasses, runtimeclasses', () => {
    const lease = { metadata: meta('kube-scheduler'), spec: { holderIdentity: 'cp_1234' } };
    assert.deepEqual(cellsFor('coordination.k8s.io', 'leases', lease, now), ['kube-scheduler', 'cp_1234', '10y']);
    const pc = { metadata: meta('system-node-critical'), value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' };
    assert.deepEqual(cellsFor('scheduling.k8s.io', 'priorityclasses', pc, now), [
      'system-node-critical',
      2000001000,
      false,
      '10y',
      'PreemptLowerPriority',
    ]);
    assert.deepEqual(cellsFor('node.k8s.io', 'runtimeclasses', { metadata: meta('gvisor'), handler: 'runsc' }, now), [
      'gvisor',
      'runsc',
      '10y',
    ]);
  });
});

describe('admission, flowcontrol, aggregation, resource', () => {
  it('webhook configurations count their webhooks', () => {
    const c = { metadata: meta('hooks'), webhooks: [{ name: 'a' }, { name: 'b' }] };
    assert.deepEqual(cellsFor('admissionregistration.k8s.io', 'mutatingwebhookconfigurations', c, now), [
      'hooks',
      2,
      '10y',
    ]);
    assert.deepEqual(cellsFor('admissionregistration.k8s.io', 'validatingwebhookconfigurations', c, now), [
      'hooks',
      2,
      '10y',
    ]);
  });
  it('validating admission policies and bindings', () => {
    const p = { metadata: meta('p'), spec: { validations: [{}], paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } };
    assert.deepEqual(cellsFor('admissionregistration.k8s.io', 'validatingadmissionpolicies', p, now), [
      'p',
      1,
      'v1/ConfigMap',
      '10y',
    ]);
    const b = (paramRef?: object) => ({ metadata: meta('b'), spec: { policyName: 'p', paramRef } });
    const ref = (r?: object) =>
      cellsFor('admissionregistration.k8s.io', 'validatingadmissionpolicybindings', b(r), now)[2];
    assert.equal(ref(), '<unset>');
    assert.equal(ref({ name: 'cfg', namespace: 'ns' }), 'ns/cfg');
    assert.equal(ref({ name: 'cfg' }), '*/cfg');
    assert.equal(
      ref({
        selector: {
          matchLabels: { b: '2', a: '1' },
          matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }],
        },
      }),
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}',
    );
  });
  it('flowschemas and prioritylevelconfigurations', () => {
    const fs = {
      metadata: meta('exempt'),
      spec: {
        priorityLevelConfiguration: { name: 'exempt' },
        matchingPrecedence: 1,
        distinguisherMethod: { type: 'ByUser' },
      },
      status: { conditions: [{ type: 'Dangling', status: 'False' }] },
    };
    assert.deepEqual(cellsFor('flowcontrol.apiserver.k8s.io', 'flowschemas', fs, now), [
      'exempt',
      'exempt',
      1,
      'ByUser',
      '10y',
      'False',
    ]);
    const limited = {
      metadata: meta('workload-low'),
      spec: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: 100,
          limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } },
        },
      },
    };
    assert.deepEqual(cellsFor('flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', limited, now), [
      'workload-low',
      'Limited',
      100,
      128,
      6,
      50,
      '10y',
    ]);
    const exempt = { metadata: meta('exempt'), spec: { type: 'Exempt' } };
    assert.deepEqual(cellsFor('flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', exempt, now).slice(1, 6), [
      'Exempt',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
  it('apiservices: SERVICE and AVAILABLE', () => {
    const local = {
      metadata: meta('v1.apps'),
      spec: {},
      status: { conditions: [{ type: 'Available', status: 'True' }] },
    };
    assert.deepEqual(cellsFor('apiregistration.k8s.io', 'apiservices', local, now), [
      'v1.apps',
      'Local',
      'True',
      '10y',
    ]);
    const remote = {
      metadata: meta('v1beta1.metrics.k8s.io'),
      spec: { service: { namespace: 'kube-system', name: 'metrics-server' } },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] },
    };
    assert.deepEqual(cellsFor('apiregistration.k8s.io', 'apiservices', remote, now).slice(1, 3), [
      'kube-system/metrics-server',
      'False (MissingEndpoints)',
    ]);
  });
  it('resourceclaims: STATE', () => {
    const claim = (status: object, extra: object = {}) =>
      cellsFor('resource.k8s.io', 'resourceclaims', { metadata: meta('c', extra), status }, now)[1];
    assert.equal(claim({}), 'pending');
    assert.equal(claim({ allocation: {} }), 'allocated');
    assert.equal(claim({ allocation: {}, reservedFor: [{}] }), 'allocated,reserved');
    assert.equal(claim({}, { deletionTimestamp: ago(S) }), 'deleted');
  });
});

describe('the registry', () => {
  it('resources without a printer get NAME / CREATED AT', () => {
    assert.deepEqual(headers('stable.example.com', 'crontabs'), ['Name', 'Created At']);
    assert.deepEqual(cellsFor('stable.example.com', 'crontabs', { metadata: { name: 'x' } }, now), [
      'x',
      '0001-01-01T00:00:00Z',
    ]);
    assert.deepEqual(headers('apiextensions.k8s.io', 'customresourcedefinitions'), ['Name', 'Created At']);
    assert.equal(rowConditionsFor('apps', 'deployments', {}), undefined);
  });
  it('every printer gives one cell per column for an empty object', () => {
    for (const [key, p] of Object.entries(PRINTERS)) {
      const extra = key === 'networking.k8s.io/ipaddresses' ? 1 : 0;
      assert.equal(p.cells({} as never, now).length, p.columns.length + extra, key);
      assert.equal(p.columns[0].name === 'Name' || key.endsWith('events'), true, key);
      for (const c of p.columns) assert.ok(c.priority === 0 || c.priority === 1, key);
    }
  });
});

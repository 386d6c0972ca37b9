import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../machinery/errors.js';
import { checkQuotas } from './admission.js';

const PODS = { group: '', resource: 'pods' };
const PVC = { group: '', resource: 'persistentvolumeclaims' };
const SVC = { group: '', resource: 'services' };
const quota = (name: string, hard: Record<string, string>, used: Record<string, string>, spec: object = {}) => ({
  metadata: { name, resourceVersion: '7' },
  spec: { hard, ...spec },
  status: { hard, used },
});
const pod = (name: string, requests?: object, limits?: object, extra: object = {}) => ({
  metadata: { name },
  spec: { containers: [{ name, resources: { requests, limits } }], ...extra },
});

function rejects(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.message, message);
    assert.equal(e.code, 403);
    assert.equal(e.reason, 'Forbidden');
    return true;
  });
}

test('a create within quota charges it', () => {
  const q = quota('compute', { 'limits.cpu': '2', pods: '5' }, { 'limits.cpu': '500m', pods: '1' });
  const r = checkQuotas([q], PODS, 'CREATE', pod('nginx', { cpu: '1' }, { cpu: '1' }));
  assert.deepEqual(r, {
    ok: true,
    updatedQuotas: [{ name: 'compute', resourceVersion: '7', used: { 'limits.cpu': '1500m', pods: '2' } }],
  });
});

test('exceeded quota message', () => {
  const q = quota(
    'compute',
    { 'limits.cpu': '2', 'limits.memory': '1Gi', pods: '5' },
    { 'limits.cpu': '1', 'limits.memory': '512Mi', pods: '1' },
  );
  rejects(
    () => checkQuotas([q], PODS, 'CREATE', pod('nginx', { cpu: '2', memory: '1Gi' }, { cpu: '2', memory: '1Gi' })),
    'pods "nginx" is forbidden: exceeded quota: compute, requested: limits.cpu=2,limits.memory=1Gi, used: limits.cpu=1,limits.memory=512Mi, limited: limits.cpu=2,limits.memory=1Gi',
  );
  rejects(
    () =>
      checkQuotas([quota('q', { pods: '1' }, { pods: '1' })], PODS, 'CREATE', {
        metadata: { generateName: 'web-' },
        spec: { containers: [] },
      }),
    'pods "web-" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
  );
});

test('failed quota: must specify', () => {
  const q = quota(
    'compute',
    { 'limits.cpu': '2', 'limits.memory': '2Gi' },
    { 'limits.cpu': '0', 'limits.memory': '0' },
  );
  rejects(
    () => checkQuotas([q], PODS, 'CREATE', pod('nginx')),
    'pods "nginx" is forbidden: failed quota: compute: must specify limits.cpu for: nginx; limits.memory for: nginx',
  );
});

test('status unknown when status.used lacks a limited name; unsynced quotas are ignored', () => {
  const q = quota('compute', { 'requests.cpu': '2', pods: '3' }, { pods: '0' });
  rejects(
    () => checkQuotas([q], PODS, 'CREATE', pod('nginx', { cpu: '1' })),
    'pods "nginx" is forbidden: status unknown for quota: compute, resources: pods,requests.cpu',
  );
  const fresh = { metadata: { name: 'new' }, spec: { hard: { pods: '0' } } };
  assert.deepEqual(checkQuotas([fresh], PODS, 'CREATE', pod('nginx')), { ok: true, updatedQuotas: [] });
});

test('several quotas: each that applies is charged; any one can refuse', () => {
  const all = quota('all', { pods: '10', 'count/pods': '10' }, { pods: '2', 'count/pods': '3' });
  const be = quota('besteffort', { pods: '1' }, { pods: '0' }, { scopes: ['BestEffort'] });
  const other = quota('objects', { configmaps: '3' }, { configmaps: '1' });
  const r = checkQuotas([all, be, other], PODS, 'CREATE', pod('a'));
  assert.deepEqual(r.updatedQuotas, [
    { name: 'all', resourceVersion: '7', used: { 'count/pods': '4', pods: '3' } },
    { name: 'besteffort', resourceVersion: '7', used: { pods: '1' } },
  ]);
  // A burstable pod is outside the BestEffort quota.
  assert.deepEqual(
    checkQuotas([all, be], PODS, 'CREATE', pod('b', { cpu: '1' })).updatedQuotas.map((u) => u.name),
    ['all'],
  );
  const full = quota('besteffort', { pods: '1' }, { pods: '1' }, { scopes: ['BestEffort'] });
  rejects(
    () => checkQuotas([all, full], PODS, 'CREATE', pod('c')),
    'pods "c" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1',
  );
});

test('generic counts; pods updates and ignored resources are not charged', () => {
  const q = quota(
    'objects',
    { 'count/deployments.apps': '1', configmaps: '2', 'count/configmaps': '5' },
    { 'count/deployments.apps': '1', configmaps: '0', 'count/configmaps': '0' },
  );
  rejects(
    () => checkQuotas([q], { group: 'apps', resource: 'deployments' }, 'CREATE', { metadata: { name: 'd' } }),
    'deployments.apps "d" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
  );
  assert.deepEqual(
    checkQuotas([q], { group: '', resource: 'configmaps' }, 'CREATE', { metadata: { name: 'c' } }).updatedQuotas,
    [
      {
        name: 'objects',
        resourceVersion: '7',
        used: { configmaps: '1', 'count/configmaps': '1', 'count/deployments.apps': '1' },
      },
    ],
  );
  assert.deepEqual(checkQuotas([q], { group: '', resource: 'configmaps' }, 'UPDATE', {}, {}).updatedQuotas, []);
  const pods = quota('p', { pods: '0' }, { pods: '0' });
  assert.deepEqual(checkQuotas([pods], PODS, 'UPDATE', pod('a'), pod('a')).updatedQuotas, []);
  const ev = quota('e', { 'count/events': '0' }, { 'count/events': '0' });
  assert.deepEqual(checkQuotas([ev], { group: '', resource: 'events' }, 'CREATE', {}).updatedQuotas, []);
});

test('updates charge only the delta: claim resize, service type change', () => {
  const q = quota(
    'storage',
    { 'requests.storage': '10Gi', persistentvolumeclaims: '5' },
    { 'requests.storage': '4Gi', persistentvolumeclaims: '2' },
  );
  const claim = (storage: string, rv?: string) => ({
    metadata: { name: 'data', resourceVersion: rv },
    spec: { resources: { requests: { storage } } },
  });
  assert.deepEqual(checkQuotas([q], PVC, 'UPDATE', claim('6Gi', '3'), claim('2Gi', '3')).updatedQuotas, [
    { name: 'storage', resourceVersion: '7', used: { persistentvolumeclaims: '2', 'requests.storage': '8Gi' } },
  ]);
  rejects(
    () => checkQuotas([q], PVC, 'UPDATE', claim('9Gi', '3'), claim('2Gi', '3')),
    'persistentvolumeclaims "data" is forbidden: exceeded quota: storage, requested: requests.storage=7Gi, used: requests.storage=4Gi, limited: requests.storage=10Gi',
  );
  // Shrinking charges nothing; an old object without resourceVersion is a create-on-update.
  assert.deepEqual(checkQuotas([q], PVC, 'UPDATE', claim('1Gi', '3'), claim('2Gi', '3')).updatedQuotas, []);
  assert.deepEqual(checkQuotas([q], PVC, 'UPDATE', claim('1Gi'), claim('2Gi')).updatedQuotas, [
    { name: 'storage', resourceVersion: '7', used: { persistentvolumeclaims: '3', 'requests.storage': '5Gi' } },
  ]);
  rejects(
    () => checkQuotas([q], PVC, 'UPDATE', claim('1Gi')),
    'persistentvolumeclaims "data" is forbidden: unable to get previous usage since prior version of object was not found',
  );

  const lbq = quota(
    'lb',
    { 'services.loadbalancers': '1', services: '5' },
    { 'services.loadbalancers': '1', services: '2' },
  );
  const svc = (type: string) => ({
    metadata: { name: 'web', resourceVersion: '1' },
    spec: { type, ports: [{ port: 80 }] },
  });
  rejects(
    () => checkQuotas([lbq], SVC, 'UPDATE', svc('LoadBalancer'), svc('ClusterIP')),
    'services "web" is forbidden: exceeded quota: lb, requested: services.loadbalancers=1, used: services.loadbalancers=1, limited: services.loadbalancers=1',
  );
  assert.deepEqual(checkQuotas([lbq], SVC, 'UPDATE', svc('ClusterIP'), svc('ClusterIP')).updatedQuotas, []);
});

test('an unusable scope selector is a plain 500', () => {
  const q = quota(
    'bad',
    { pods: '1' },
    { pods: '0' },
    { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Foo', values: ['x'] }] } },
  );
  assert.throws(
    () => checkQuotas([q], PODS, 'CREATE', pod('a')),
    (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 500);
      assert.equal(
        e.message,
        'error matching scopes of quota bad, err: error on matching scope {PriorityClass Foo [x]}: failed to parse and convert selector: "Foo" is not a valid scope selector operator',
      );
      return true;
    },
  );
});

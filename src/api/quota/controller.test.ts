import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quotaStatus, totalUsage } from './controller.js';

const PODS = { group: '', resource: 'pods' };
const pod = (cpu?: string, extra: object = {}) => ({
  resource: PODS,
  obj: {
    spec: { containers: [{ name: 'a', resources: cpu ? { requests: { cpu }, limits: { cpu } } : {} }] },
    ...extra,
  },
});
const item = (group: string, resource: string, obj: object = {}) => ({ resource: { group, resource }, obj });

test('recomputes every tracked name of spec.hard from the objects', () => {
  const q = {
    spec: {
      hard: {
        pods: '10',
        'count/pods': '10',
        'requests.cpu': '4',
        'limits.cpu': '4',
        services: '5',
        'services.nodeports': '2',
        configmaps: '9',
        'count/deployments.apps': '3',
        'requests.storage': '10Gi',
        'example.com/unknown': '1',
      },
    },
    status: { used: { 'example.com/unknown': '1', stale: '3', pods: '99' } },
  };
  const used = totalUsage(q, [
    pod('500m'),
    pod('250m'),
    pod('1', { status: { phase: 'Succeeded' } }),
    item('', 'services', { spec: { type: 'NodePort', ports: [{ port: 1 }] } }),
    item('', 'configmaps'),
    item('', 'configmaps'),
    item('apps', 'deployments'),
    item('apps', 'replicasets'),
  ]);
  assert.deepEqual(used, {
    configmaps: '2',
    'count/deployments.apps': '1',
    'count/pods': '3',
    'example.com/unknown': '1',
    'limits.cpu': '750m',
    pods: '2',
    'requests.cpu': '750m',
    'requests.storage': '0',
    services: '1',
    'services.nodeports': '1',
  });
});

test('scoped quotas count only matching pods; other kinds never match a scope', () => {
  const q = { spec: { hard: { pods: '5', 'count/configmaps': '5' }, scopes: ['BestEffort'] } };
  assert.deepEqual(totalUsage(q, [pod(), pod('1'), pod(), item('', 'configmaps')]), {
    'count/configmaps': '0',
    pods: '2',
  });
  const pc = {
    spec: {
      hard: { pods: '5' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
    },
  };
  const high = { resource: PODS, obj: { spec: { priorityClassName: 'high', containers: [] } } };
  assert.deepEqual(totalUsage(pc, [high, pod(), high]), { pods: '2' });
});

test('quotaStatus reports hard from spec and whether anything changed', () => {
  const q = { spec: { hard: { pods: '5' } }, status: { hard: { pods: '5' }, used: { pods: '1' } } };
  assert.deepEqual(quotaStatus(q, [pod()]), { hard: { pods: '5' }, used: { pods: '1' }, changed: false });
  assert.deepEqual(quotaStatus(q, [pod(), pod()]), { hard: { pods: '5' }, used: { pods: '2' }, changed: true });
  assert.equal(quotaStatus({ spec: { hard: { pods: '5' } } }, []).changed, true);
  assert.equal(quotaStatus({ ...q, spec: { hard: { pods: '6' } } }, [pod()]).changed, true);
});

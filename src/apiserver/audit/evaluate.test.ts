import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, pathMatches, ruleMatches } from './evaluate.js';
import type { AuditAttributes, PolicyRule } from './types.js';

const alice = { name: 'alice', groups: ['devs', 'system:authenticated'] };

function res(over: Partial<AuditAttributes> = {}): AuditAttributes {
  return {
    user: alice,
    verb: 'get',
    namespace: 'default',
    apiGroup: '',
    apiVersion: 'v1',
    resource: 'pods',
    subresource: '',
    name: 'web',
    path: '/api/v1/namespaces/default/pods/web',
    isResourceRequest: true,
    ...over,
  };
}

function nonRes(path: string, over: Partial<AuditAttributes> = {}): AuditAttributes {
  return res({
    path,
    verb: 'get',
    isResourceRequest: false,
    namespace: '',
    resource: '',
    name: '',
    apiVersion: '',
    ...over,
  });
}

const M = 'Metadata' as const;

test('ruleMatches: the table of rule fields against requests', () => {
  const cases: [string, PolicyRule, AuditAttributes, boolean][] = [
    ['empty rule matches everything', { level: M }, res(), true],
    ['empty rule matches non-resource', { level: M }, nonRes('/healthz'), true],
    ['user listed', { level: M, users: ['bob', 'alice'] }, res(), true],
    ['user not listed', { level: M, users: ['bob'] }, res(), false],
    ['users without a user', { level: M, users: ['alice'] }, res({ user: undefined }), false],
    ['group listed', { level: M, userGroups: ['devs'] }, res(), true],
    ['group not listed', { level: M, userGroups: ['admins'] }, res(), false],
    ['groups without a user', { level: M, userGroups: ['devs'] }, res({ user: undefined }), false],
    ['verb listed', { level: M, verbs: ['list', 'get'] }, res(), true],
    ['verb not listed', { level: M, verbs: ['create'] }, res(), false],
    ['core group resource', { level: M, resources: [{ group: '', resources: ['pods'] }] }, res(), true],
    ['group absent means core', { level: M, resources: [{ resources: ['pods'] }] }, res(), true],
    ['other group', { level: M, resources: [{ group: 'apps', resources: ['pods'] }] }, res(), false],
    ['group with no resources matches all of it', { level: M, resources: [{ group: '' }] }, res(), true],
    ['resource not listed', { level: M, resources: [{ resources: ['secrets'] }] }, res(), false],
    [
      'plain resource does not match subresource',
      { level: M, resources: [{ resources: ['pods'] }] },
      res({ subresource: 'log' }),
      false,
    ],
    ['resource/subresource', { level: M, resources: [{ resources: ['pods/log'] }] }, res({ subresource: 'log' }), true],
    ['resource/subresource vs resource', { level: M, resources: [{ resources: ['pods/log'] }] }, res(), false],
    ['* matches subresources', { level: M, resources: [{ resources: ['*'] }] }, res({ subresource: 'exec' }), true],
    [
      '*/scale',
      { level: M, resources: [{ group: 'apps', resources: ['*/scale'] }] },
      res({ apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }),
      true,
    ],
    ['*/scale vs status', { level: M, resources: [{ resources: ['*/scale'] }] }, res({ subresource: 'status' }), false],
    ['*/scale vs no subresource', { level: M, resources: [{ resources: ['*/scale'] }] }, res(), false],
    [
      'pods/* with subresource',
      { level: M, resources: [{ resources: ['pods/*'] }] },
      res({ subresource: 'status' }),
      true,
    ],
    ['pods/* without subresource', { level: M, resources: [{ resources: ['pods/*'] }] }, res(), true],
    ['resourceNames hit', { level: M, resources: [{ resources: ['pods'], resourceNames: ['web'] }] }, res(), true],
    ['resourceNames miss', { level: M, resources: [{ resources: ['pods'], resourceNames: ['db'] }] }, res(), false],
    [
      'resourceNames vs list',
      { level: M, resources: [{ resources: ['pods'], resourceNames: ['web'] }] },
      res({ name: '', verb: 'list' }),
      false,
    ],
    ['namespace listed', { level: M, namespaces: ['default'] }, res(), true],
    ['namespace not listed', { level: M, namespaces: ['kube-system'] }, res(), false],
    ['"" is cluster scope', { level: M, namespaces: [''] }, res({ namespace: '', resource: 'nodes' }), true],
    ['"" vs namespaced', { level: M, namespaces: [''] }, res(), false],
    ['namespaces never match non-resource', { level: M, namespaces: [''] }, nonRes('/healthz'), false],
    ['resources never match non-resource', { level: M, resources: [{ resources: ['*'] }] }, nonRes('/healthz'), false],
    [
      'namespace and resource both',
      { level: M, namespaces: ['default'], resources: [{ resources: ['pods'] }] },
      res(),
      true,
    ],
    ['non-resource exact', { level: M, nonResourceURLs: ['/healthz'] }, nonRes('/healthz'), true],
    ['non-resource exact miss', { level: M, nonResourceURLs: ['/healthz'] }, nonRes('/healthz/ping'), false],
    ['non-resource wildcard', { level: M, nonResourceURLs: ['/healthz*'] }, nonRes('/healthz/etcd'), true],
    ['non-resource wildcard prefix', { level: M, nonResourceURLs: ['/health*'] }, nonRes('/healthz'), true],
    ['non-resource *', { level: M, nonResourceURLs: ['*'] }, nonRes('/metrics'), true],
    ['non-resource rule vs resource request', { level: M, nonResourceURLs: ['*'] }, res(), false],
    [
      'everything at once',
      {
        level: M,
        users: ['alice'],
        userGroups: ['devs'],
        verbs: ['get'],
        namespaces: ['default'],
        resources: [{ resources: ['pods'], resourceNames: ['web'] }],
      },
      res(),
      true,
    ],
  ];
  for (const [name, rule, attrs, want] of cases) assert.equal(ruleMatches(rule, attrs), want, name);
});

test('pathMatches', () => {
  assert.ok(pathMatches('/apis/x', '/apis*'));
  assert.ok(pathMatches('/apis', '/apis**'));
  assert.ok(!pathMatches('/api', '/apis*'));
});

test('evaluate: the first matching rule wins; none matching is None', () => {
  const policy = {
    omitStages: ['RequestReceived' as const],
    omitManagedFields: true,
    rules: [
      { level: 'None' as const, users: ['system:kube-proxy'] },
      {
        level: 'RequestResponse' as const,
        resources: [{ resources: ['pods'] }],
        omitStages: ['Panic' as const, 'RequestReceived' as const],
        omitManagedFields: false,
      },
      { level: 'Metadata' as const, verbs: ['get'] },
    ],
  };
  assert.deepEqual(evaluate(policy, res({ user: { name: 'system:kube-proxy', groups: [] } })), {
    level: 'None',
    omitStages: ['RequestReceived'],
    omitManagedFields: true,
  });
  assert.deepEqual(evaluate(policy, res()), {
    level: 'RequestResponse',
    omitStages: ['RequestReceived', 'Panic'],
    omitManagedFields: false,
  });
  assert.deepEqual(evaluate(policy, res({ resource: 'secrets' })), {
    level: 'Metadata',
    omitStages: ['RequestReceived'],
    omitManagedFields: true,
  });
  assert.deepEqual(evaluate(policy, res({ resource: 'secrets', verb: 'create' })), {
    level: 'None',
    omitStages: ['RequestReceived'],
    omitManagedFields: true,
  });
});

test('auditAttributes maps the authorizer’s attributes', async () => {
  const { auditAttributes } = await import('./attributes.js');
  const a = auditAttributes({
    user: { name: 'a', groups: [] },
    verb: 'get',
    namespace: '',
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    resourceRequest: false,
    path: '/healthz',
  });
  assert.equal(a.isResourceRequest, false);
  assert.equal(a.apiVersion, '');
  assert.ok(ruleMatches({ level: 'Metadata', nonResourceURLs: ['/healthz'] }, a));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import {
  isExemptAdmissionConfigurationResource,
  matchRules,
  ruleMatches,
  type RuleTarget,
  type WebhookRule,
} from './rules.js';
import { flattenHooks, type WebhookAttributes } from './types.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const nodes = { group: '', version: 'v1', resource: 'nodes' };

const rule = (r: Partial<WebhookRule>): WebhookRule => ({
  operations: ['*'],
  apiGroups: ['*'],
  apiVersions: ['*'],
  resources: ['*'],
  ...r,
});

test('rules match operation, group, version, resource, subresource and scope as upstream', () => {
  const podCreate: RuleTarget = { operation: 'CREATE', resource: pods, namespace: 'default' };
  const cases: [string, WebhookRule, RuleTarget, boolean][] = [
    ['all wildcards', rule({}), podCreate, true],
    ['operation listed', rule({ operations: ['CREATE', 'UPDATE'] }), podCreate, true],
    ['operation not listed', rule({ operations: ['DELETE'] }), podCreate, false],
    ['no operations', rule({ operations: [] }), podCreate, false],
    ['core group', rule({ apiGroups: [''] }), podCreate, true],
    ['other group', rule({ apiGroups: ['apps'] }), podCreate, false],
    ['version listed', rule({ apiVersions: ['v1'] }), podCreate, true],
    ['version not listed', rule({ apiVersions: ['v1beta1'] }), podCreate, false],
    ['resource listed', rule({ resources: ['pods'] }), podCreate, true],
    ['resource not listed', rule({ resources: ['services'] }), podCreate, false],
    ['* excludes subresources', rule({ resources: ['*'] }), { ...podCreate, subresource: 'status' }, false],
    ['*/* includes subresources', rule({ resources: ['*/*'] }), { ...podCreate, subresource: 'status' }, true],
    ['*/* includes main resource', rule({ resources: ['*/*'] }), podCreate, true],
    ['pods/status', rule({ resources: ['pods/status'] }), { ...podCreate, subresource: 'status' }, true],
    ['pods/status not pods', rule({ resources: ['pods/status'] }), podCreate, false],
    ['*/status', rule({ resources: ['*/status'] }), { ...podCreate, subresource: 'status' }, true],
    ['*/status not exec', rule({ resources: ['*/status'] }), { ...podCreate, subresource: 'exec' }, false],
    ['pods/* any subresource', rule({ resources: ['pods/*'] }), { ...podCreate, subresource: 'exec' }, true],
    ['Namespaced scope, namespaced', rule({ scope: 'Namespaced' }), podCreate, true],
    ['Namespaced scope, cluster', rule({ scope: 'Namespaced' }), { operation: 'CREATE', resource: nodes }, false],
    ['Cluster scope, cluster', rule({ scope: 'Cluster' }), { operation: 'CREATE', resource: nodes }, true],
    ['Cluster scope, namespaced', rule({ scope: 'Cluster' }), podCreate, false],
    [
      'namespace objects are cluster scoped',
      rule({ scope: 'Cluster' }),
      { operation: 'CREATE', resource: namespaces, namespace: 'x' },
      true,
    ],
    [
      'namespace objects are not namespaced',
      rule({ scope: 'Namespaced' }),
      { operation: 'CREATE', resource: namespaces, namespace: 'x' },
      false,
    ],
    ['* scope', rule({ scope: '*' }), { operation: 'CREATE', resource: nodes }, true],
    ['unknown scope', rule({ scope: 'Weird' }), podCreate, false],
    [
      'apps deployments',
      rule({ apiGroups: ['apps'], resources: ['deployments'] }),
      { operation: 'UPDATE', resource: deployments, namespace: 'a' },
      true,
    ],
  ];
  for (const [name, r, t, want] of cases) assert.equal(ruleMatches(r, t), want, name);
});

const attrs = (over: Partial<WebhookAttributes> = {}): WebhookAttributes => ({
  operation: 'CREATE',
  kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
  resource: deployments,
  namespace: 'default',
  name: 'web',
  userInfo: { username: 'alice' },
  ...over,
});

test('matchPolicy Equivalent (the default) also matches another version of the same resource', () => {
  const hook = (matchPolicy?: string): ValidatingWebhook => ({
    name: 'v.example.com',
    clientConfig: {},
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    matchPolicy,
    rules: [rule({ apiGroups: ['apps'], apiVersions: ['v1beta1'], resources: ['deployments'] })],
  });
  assert.equal(matchRules(hook('Exact'), attrs()), undefined);
  const inv = matchRules(hook('Equivalent'), attrs());
  assert.deepEqual(inv, {
    resource: deployments,
    subresource: '',
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
  });
  assert.ok(matchRules(hook(undefined), attrs()));
  // A different group is not equivalent in the approximation.
  assert.equal(matchRules(hook('Equivalent'), attrs({ resource: { ...deployments, group: 'extensions' } })), undefined);
});

test('webhook configuration objects are exempt', () => {
  for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy']) {
    assert.ok(
      isExemptAdmissionConfigurationResource({ kind: { group: 'admissionregistration.k8s.io', version: 'v1', kind } }),
    );
  }
  assert.ok(!isExemptAdmissionConfigurationResource({ kind: { group: '', version: 'v1', kind: 'Pod' } }));
});

test('configurations are dispatched by name, webhooks in order, with upstream-style uids', () => {
  const wh = (name: string) => ({ name, clientConfig: {}, sideEffects: 'None', admissionReviewVersions: ['v1'] });
  const hooks = flattenHooks([
    { metadata: { name: 'zeta' }, webhooks: [wh('z.example.com')] },
    { metadata: { name: 'alpha' }, webhooks: [wh('a.example.com'), wh('b.example.com'), wh('a.example.com')] },
  ]);
  assert.deepEqual(
    hooks.map((h) => [h.uid, h.index]),
    [
      ['alpha/a.example.com/0', 0],
      ['alpha/b.example.com/0', 1],
      ['alpha/a.example.com/1', 2],
      ['zeta/z.example.com/0', 3],
    ],
  );
});

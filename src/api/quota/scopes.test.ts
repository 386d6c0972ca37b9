import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  matchesQuota,
  matchesScope,
  matchesScopes,
  matchingScopes,
  scopeAllowsResource,
  scopeSelectorsOf,
} from './scopes.js';

const PODS = { group: '', resource: 'pods' };
const bestEffort = { spec: { containers: [{ name: 'a' }] } };
const burstable = { spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] } };
const terminating = { spec: { activeDeadlineSeconds: 0, containers: [{ name: 'a' }] } };
const withClass = (pc: string) => ({ spec: { priorityClassName: pc, containers: [{ name: 'a' }] } });
const s = (scopeName: string, operator = 'Exists', values?: string[]) => ({ scopeName, operator, values });

test('Terminating / NotTerminating follow activeDeadlineSeconds', () => {
  assert.equal(matchesScope(PODS, s('Terminating'), terminating), true);
  assert.equal(matchesScope(PODS, s('Terminating'), bestEffort), false);
  assert.equal(matchesScope(PODS, s('NotTerminating'), bestEffort), true);
  assert.equal(matchesScope(PODS, s('NotTerminating'), terminating), false);
});

test('BestEffort / NotBestEffort follow the QoS class, status.qosClass first', () => {
  assert.equal(matchesScope(PODS, s('BestEffort'), bestEffort), true);
  assert.equal(matchesScope(PODS, s('BestEffort'), burstable), false);
  assert.equal(matchesScope(PODS, s('NotBestEffort'), burstable), true);
  assert.equal(matchesScope(PODS, s('BestEffort'), { ...burstable, status: { qosClass: 'BestEffort' } }), true);
});

test('PriorityClass with In / NotIn / Exists / DoesNotExist', () => {
  assert.equal(matchesScope(PODS, s('PriorityClass', 'In', ['high', 'medium']), withClass('high')), true);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'In', ['high']), withClass('low')), false);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'In', ['high']), bestEffort), false);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'NotIn', ['high']), withClass('low')), true);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'NotIn', ['high']), bestEffort), true);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'NotIn', ['high']), withClass('high')), false);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'Exists'), withClass('x')), true);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'Exists'), bestEffort), false);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'DoesNotExist'), bestEffort), true);
  assert.equal(matchesScope(PODS, s('PriorityClass', 'DoesNotExist'), withClass('x')), false);
  assert.throws(
    () => matchesScope(PODS, s('PriorityClass', 'Foo', ['a']), bestEffort),
    /"Foo" is not a valid scope selector operator/,
  );
  assert.throws(() => matchingScopes(PODS, [s('PriorityClass', 'Foo', ['a', 'b'])], bestEffort), {
    message:
      'error on matching scope {PriorityClass Foo [a b]}: failed to parse and convert selector: "Foo" is not a valid scope selector operator',
  });
});

test('CrossNamespacePodAffinity', () => {
  const affinity = (term: object) => ({ spec: { containers: [], affinity: { podAntiAffinity: term } } });
  const req = (t: object) => affinity({ requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'k', ...t }] });
  const pref = (t: object) =>
    affinity({
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'k', ...t } }],
    });
  assert.equal(matchesScope(PODS, s('CrossNamespacePodAffinity'), req({ namespaces: ['other'] })), true);
  assert.equal(matchesScope(PODS, s('CrossNamespacePodAffinity'), pref({ namespaceSelector: {} })), true);
  assert.equal(matchesScope(PODS, s('CrossNamespacePodAffinity'), req({ namespaces: [] })), false);
  assert.equal(matchesScope(PODS, s('CrossNamespacePodAffinity'), bestEffort), false);
});

test('quotas: scopes and selectors combine; non-pods match no scope; unsynced quotas match nothing', () => {
  const q = {
    spec: { scopes: ['NotTerminating'], scopeSelector: { matchExpressions: [s('PriorityClass', 'In', ['high'])] } },
    status: { hard: { pods: '10' } },
  };
  assert.deepEqual(scopeSelectorsOf(q), [
    { scopeName: 'NotTerminating', operator: 'Exists' },
    { scopeName: 'PriorityClass', operator: 'In', values: ['high'] },
  ]);
  assert.equal(matchesScopes(q, PODS, withClass('high')), true);
  assert.equal(
    matchesScopes(q, PODS, { ...withClass('high'), spec: { ...withClass('high').spec, activeDeadlineSeconds: 5 } }),
    false,
  );
  assert.equal(matchesQuota(q, PODS, withClass('high')), true);
  assert.equal(matchesQuota({ ...q, status: {} }, PODS, withClass('high')), false);
  assert.equal(
    matchesQuota(
      { spec: { scopes: ['BestEffort'] }, status: { hard: { 'count/configmaps': '1' } } },
      { group: '', resource: 'configmaps' },
      {},
    ),
    false,
  );
  assert.equal(
    matchesQuota(
      { spec: {}, status: { hard: { 'count/configmaps': '1' } } },
      { group: '', resource: 'configmaps' },
      {},
    ),
    true,
  );
  assert.equal(matchesQuota({ spec: {}, status: { hard: { services: '1' } } }, PODS, bestEffort), false);
});

test('which resources each scope may limit', () => {
  assert.equal(scopeAllowsResource('BestEffort', 'pods'), true);
  assert.equal(scopeAllowsResource('BestEffort', 'requests.cpu'), false);
  for (const scope of [
    'Terminating',
    'NotTerminating',
    'NotBestEffort',
    'PriorityClass',
    'CrossNamespacePodAffinity',
  ]) {
    assert.equal(scopeAllowsResource(scope, 'limits.memory'), true);
    assert.equal(scopeAllowsResource(scope, 'pods'), true);
    assert.equal(scopeAllowsResource(scope, 'requests.ephemeral-storage'), false);
    assert.equal(scopeAllowsResource(scope, 'services'), false);
  }
  assert.equal(scopeAllowsResource('Other', 'services'), true);
});

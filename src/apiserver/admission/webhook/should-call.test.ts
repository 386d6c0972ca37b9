import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import { ApiError } from '../../../machinery/errors.js';
import { shouldCallHook } from './should-call.js';
import type { HookEntry, WebhookAttributes, WebhookDeps } from './types.js';

const hook = (over: Partial<ValidatingWebhook> = {}): HookEntry => ({
  uid: 'cfg/h.example.com/0',
  configurationName: 'cfg',
  index: 0,
  webhook: {
    name: 'h.example.com',
    clientConfig: { url: 'https://127.0.0.1:1/' },
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] } as never],
    ...over,
  },
});

const pod = (labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels } });

const attrs = (over: Partial<WebhookAttributes> = {}): WebhookAttributes => ({
  operation: 'CREATE',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource: 'pods' },
  namespace: 'team-a',
  name: 'p',
  object: pod({ app: 'web' }),
  userInfo: { username: 'alice', groups: ['dev'] },
  ...over,
});

const nsLabels: Record<string, Record<string, string>> = { 'team-a': { env: 'prod' }, 'team-b': { env: 'dev' } };
const deps: WebhookDeps = { namespaceLabels: async (n) => nsLabels[n] };

const called = async (h: HookEntry, a: WebhookAttributes, d = deps) => (await shouldCallHook(h, a, d)) !== undefined;

test('namespaceSelector uses the namespace labels, the object itself for namespaces', async () => {
  const prod = hook({ namespaceSelector: { matchLabels: { env: 'prod' } } });
  assert.equal(await called(prod, attrs()), true);
  assert.equal(await called(prod, attrs({ namespace: 'team-b' })), false);
  const notIn = hook({
    namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
  });
  assert.equal(await called(notIn, attrs({ namespace: 'team-b' })), true);
  // Cluster-scoped objects (other than namespaces) are never excluded by namespaceSelector.
  const node = attrs({
    namespace: '',
    resource: { group: '', version: 'v1', resource: 'nodes' },
    kind: { group: '', version: 'v1', kind: 'Node' },
  });
  assert.equal(await called(prod, node), true);
  // A namespace being created is matched by its own labels, without asking for them.
  const nsCreate = attrs({
    resource: { group: '', version: 'v1', resource: 'namespaces' },
    kind: { group: '', version: 'v1', kind: 'Namespace' },
    namespace: 'new-ns',
    name: 'new-ns',
    object: { metadata: { name: 'new-ns', labels: { env: 'prod' } } },
  });
  assert.equal(await called(prod, nsCreate, {}), true);
  assert.equal(await called(prod, { ...nsCreate, object: { metadata: { name: 'new-ns' } } }, {}), false);
});

test('a missing namespace is a 404 only when the rules match', async () => {
  const prod = hook({ namespaceSelector: { matchLabels: { env: 'prod' } } });
  await assert.rejects(shouldCallHook(prod, attrs({ namespace: 'gone' }), deps), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 404);
    assert.equal(err.message, 'namespaces "gone" not found');
    return true;
  });
  const services = hook({
    namespaceSelector: { matchLabels: { env: 'prod' } },
    rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['services'] } as never],
  });
  assert.equal(await called(services, attrs({ namespace: 'gone' })), false);
});

test('objectSelector matches the object or the old object', async () => {
  const web = hook({ objectSelector: { matchLabels: { app: 'web' } } });
  assert.equal(await called(web, attrs()), true);
  assert.equal(await called(web, attrs({ object: pod({ app: 'db' }) })), false);
  assert.equal(
    await called(web, attrs({ operation: 'UPDATE', object: pod({ app: 'db' }), oldObject: pod({ app: 'web' }) })),
    true,
  );
  assert.equal(await called(web, attrs({ operation: 'DELETE', object: null, oldObject: pod({ app: 'web' }) })), true);
  assert.equal(await called(web, attrs({ object: pod() })), false);
  const noLabel = hook({ objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] } });
  assert.equal(await called(noLabel, attrs({ object: pod() })), true);
  assert.equal(await called(hook({ objectSelector: {} }), attrs({ object: null })), true);
});

test('matchConditions filter requests; errors follow failurePolicy', async () => {
  const cond = (expression: string, failurePolicy?: string) =>
    hook({ matchConditions: [{ name: 'c', expression }], failurePolicy });
  assert.equal(await called(cond("object.metadata.labels['app'] == 'web'"), attrs()), true);
  assert.equal(await called(cond("object.metadata.labels['app'] == 'db'"), attrs()), false);
  assert.equal(
    await called(cond("request.userInfo.username == 'alice' && 'dev' in request.userInfo.groups"), attrs()),
    true,
  );
  assert.equal(await called(cond('oldObject == null'), attrs()), true);
  assert.equal(await called(cond("request.operation == 'CREATE' && !request.dryRun"), attrs()), true);
  assert.equal(await called(cond('object.spec.replicas > 1', 'Ignore'), attrs()), false);
  await assert.rejects(shouldCallHook(cond('object.spec.replicas > 1'), attrs(), deps), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 403);
    assert.equal(
      err.message,
      `pods "p" is forbidden: expression 'object.spec.replicas > 1' resulted in error: no such key: spec`,
    );
    return true;
  });
  // A false condition wins over an error.
  const mixed = hook({
    matchConditions: [
      { name: 'bad', expression: 'object.spec.x' },
      { name: 'no', expression: 'false' },
    ],
  });
  assert.equal(await called(mixed, attrs()), false);
  await assert.rejects(shouldCallHook(cond('authorizer.group("").check("get")'), attrs(), deps), /compilation error/);
});

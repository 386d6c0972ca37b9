import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { MutatingWebhook, WebhookClientConfig } from 'kubernetes-types/admissionregistration/v1.js';
import { WebhookClients } from './client.js';
import { runMutating } from './mutating.js';
import type { WebhookRule } from './rules.js';
import {
  startTestWebhookServer,
  testAttributes,
  testConfiguration,
  testWebhook,
  type TestWebhookServer,
} from './testing.js';
import type { JsonObject } from './types.js';

const clients = new WebhookClients();
after(() => clients.close());
const deps = { clients };

const hook = (name: string, cc: WebhookClientConfig, over: Partial<MutatingWebhook> = {}) =>
  testWebhook<MutatingWebhook>(name, cc, over);

const labelsOf = (o: unknown) => ((o as JsonObject).metadata as { labels?: Record<string, string> }).labels ?? {};

/** An allowed answer whose JSONPatch adds `key=value` to the object's labels. */
function addLabel(object: unknown, key: string, value: string): JsonObject {
  const ops = Object.keys(labelsOf(object)).length
    ? [{ op: 'add', path: `/metadata/labels/${key}`, value }]
    : [{ op: 'add', path: '/metadata/labels', value: { [key]: value } }];
  return { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') };
}

async function withServer(
  handler: Parameters<typeof startTestWebhookServer>[0],
  fn: (srv: TestWebhookServer, cc: (path: string) => WebhookClientConfig) => Promise<void>,
) {
  const srv = await startTestWebhookServer(handler);
  try {
    await fn(srv, (path) => ({ url: `${srv.url}${path}`, caBundle: srv.caBundle }));
  } finally {
    await srv.close();
  }
}

test('a mutating webhook adds a label with a JSONPatch', async () => {
  await withServer(
    (review) => ({
      ...addLabel(review.request.object, 'team', 'a'),
      warnings: ['labelled'],
      auditAnnotations: { added: 'team' },
    }),
    async (_srv, cc) => {
      const input = testAttributes();
      const result = await runMutating([testConfiguration('label', hook('label.example.com', cc('/m')))], input, deps);
      assert.deepEqual(labelsOf(result.object), { team: 'a' });
      assert.deepEqual(labelsOf(input.object), {}, 'the input object is not mutated');
      assert.equal(result.changed, true);
      assert.deepEqual(result.warnings, ['labelled']);
      assert.deepEqual(result.auditAnnotations, {
        'label.example.com/added': 'team',
        'patch.webhook.admission.k8s.io/round_0_index_0':
          '{"configuration":"label","webhook":"label.example.com","patch":[{"op":"add","path":"/metadata/labels","value":{"team":"a"}}],"patchType":"JSONPatch"}',
        'mutation.webhook.admission.k8s.io/round_0_index_0':
          '{"configuration":"label","webhook":"label.example.com","mutated":true}',
      });
    },
  );
});

test('webhooks run in configuration-name order, each seeing earlier patches; IfNeeded ones are reinvoked', async () => {
  const seen: string[] = [];
  await withServer(
    (review, path) => {
      const name = path.slice(1, 2);
      const labels = labelsOf(review.request.object);
      seen.push(`${name}:${Object.keys(labels).sort().join(',')}`);
      if (name === 'c' || labels[name]) return { allowed: true };
      return addLabel(review.request.object, name, '1');
    },
    async (_srv, cc) => {
      const configs = [
        testConfiguration('2-b', hook('b.example.com', cc('/b'))),
        testConfiguration('1-a', hook('a.example.com', cc('/a'), { reinvocationPolicy: 'IfNeeded' })),
        testConfiguration('3-c', hook('c.example.com', cc('/c'), { reinvocationPolicy: 'IfNeeded' })),
      ];
      const result = await runMutating(configs, testAttributes(), deps);
      assert.deepEqual(labelsOf(result.object), { a: '1', b: '1' });
      // a changed, b changed (so a is due again), c changed nothing: only a runs in round 1.
      assert.deepEqual(seen, ['a:', 'b:a', 'c:a,b', 'a:a,b']);
      assert.equal(
        result.auditAnnotations['mutation.webhook.admission.k8s.io/round_1_index_0'],
        '{"configuration":"1-a","webhook":"a.example.com","mutated":false}',
      );
      seen.length = 0;
      await runMutating(configs, testAttributes(), deps, { reinvoke: false });
      assert.deepEqual(seen, ['a:', 'b:a', 'c:a,b']);
      // Nothing changes after a: no second round.
      seen.length = 0;
      await runMutating(configs.slice(1), testAttributes(), deps);
      assert.deepEqual(seen, ['a:', 'c:a']);
    },
  );
});

test('webhook configuration objects never reach webhooks', async () => {
  await withServer(
    () => ({ allowed: false }),
    async (srv, cc) => {
      const all = hook('all.example.com', cc('/'), {
        rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] } as WebhookRule],
      });
      const vwc = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration' };
      const attrs = testAttributes({
        kind: { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration' },
        resource: { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations' },
        namespace: '',
        object: vwc,
      });
      const result = await runMutating([testConfiguration('all', all)], attrs, deps);
      assert.equal(result.object, vwc);
      assert.equal(srv.calls, 0);
    },
  );
});

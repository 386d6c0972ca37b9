import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { MutatingWebhook, WebhookClientConfig } from 'kubernetes-types/admissionregistration/v1.js';
import { ApiError } from '../../../machinery/errors.js';
import { WebhookClients } from './client.js';
import { runMutating } from './mutating.js';
import { startTestWebhookServer, testAttributes, testConfiguration, testPod, testWebhook } from './testing.js';
import type { JsonObject } from './types.js';

const clients = new WebhookClients();
after(() => clients.close());
const deps = { clients };

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const addX = {
  allowed: true,
  patchType: 'JSONPatch',
  patch: b64([{ op: 'add', path: '/metadata/labels', value: { x: 'y' } }]),
};
const labelsOf = (o: unknown) => ((o as JsonObject).metadata as { labels?: Record<string, string> }).labels ?? {};

const rejects = (p: Promise<unknown>, code: number, message: string) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.deepEqual([e.code, e.message], [code, message]);
    return true;
  });

test('denials, bad patches and dry runs refuse the request', async () => {
  const srv = await startTestWebhookServer((_review, path) => {
    if (path.startsWith('/deny')) return { allowed: false, status: { code: 422, message: 'bad pod' } };
    if (path.startsWith('/odd')) return { allowed: true, patchType: 'MergePatch', patch: b64([{}]) };
    return addX;
  });
  const one = (name: string, path: string, over: Partial<MutatingWebhook> = {}) => [
    testConfiguration(
      'd',
      testWebhook<MutatingWebhook>(name, { url: `${srv.url}${path}`, caBundle: srv.caBundle }, over),
    ),
  ];
  try {
    await rejects(
      runMutating(one('deny.example.com', '/deny'), testAttributes(), deps),
      422,
      'admission webhook "deny.example.com" denied the request: bad pod',
    );
    await rejects(
      runMutating(one('odd.example.com', '/odd'), testAttributes(), deps),
      500,
      'Internal error occurred: failed calling webhook "odd.example.com": unsupported patch type "MergePatch"',
    );
    const del = testAttributes({ operation: 'DELETE', object: null, oldObject: testPod() });
    await rejects(
      runMutating(one('del.example.com', '/x'), del, deps),
      500,
      'Internal error occurred: admission webhook "del.example.com" attempted to modify the object, which is not supported for this operation',
    );
    const calls = srv.calls;
    await rejects(
      runMutating(one('se.example.com', '/x', { sideEffects: 'Unknown' }), testAttributes({ dryRun: true }), deps),
      400,
      'admission webhook "se.example.com" does not support dry run',
    );
    assert.equal(srv.calls, calls, 'a dry run never reaches a webhook with side effects');
    const dry = testAttributes({ dryRun: true });
    const ok = await runMutating(one('se.example.com', '/x', { sideEffects: 'NoneOnDryRun' }), dry, deps);
    assert.deepEqual(labelsOf(ok.object), { x: 'y' });
  } finally {
    await srv.close();
  }
});

test('a timed-out mutating webhook fails the request (Fail) or is skipped (Ignore)', async () => {
  let release!: () => void;
  const hang = new Promise<void>((r) => (release = r));
  const srv = await startTestWebhookServer(async (_review, path) => {
    if (path.startsWith('/slow')) await hang;
    return addX;
  });
  const cc = (path: string): WebhookClientConfig => ({ url: `${srv.url}${path}`, caBundle: srv.caBundle });
  const configs = (failurePolicy: string) => [
    testConfiguration(
      's',
      testWebhook<MutatingWebhook>('slow.example.com', cc('/slow'), { timeoutSeconds: 1, failurePolicy }),
      testWebhook<MutatingWebhook>('after.example.com', cc('/x')),
    ),
  ];
  try {
    const ignored = await runMutating(configs('Ignore'), testAttributes(), deps);
    assert.deepEqual(labelsOf(ignored.object), { x: 'y' }, 'later webhooks still run after one fails open');
    assert.equal(
      ignored.auditAnnotations['failed-open.mutation.webhook.admission.k8s.io/round_0_index_0'],
      'slow.example.com',
    );
    await rejects(
      runMutating(configs('Fail'), testAttributes(), deps),
      500,
      `Internal error occurred: failed calling webhook "slow.example.com": failed to call webhook: Post "${srv.url}/slow?timeout=1s": context deadline exceeded`,
    );
  } finally {
    release();
    await srv.close();
  }
});

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../machinery/errors.js';
import { WebhookClients } from './client.js';
import { dispatchNotesOf } from './status.js';
import { startTestWebhookServer, testAttributes, testConfiguration, testWebhook } from './testing.js';
import type { JsonObject } from './types.js';
import { runValidating } from './validating.js';

const clients = new WebhookClients();
after(() => clients.close());
const deps = { clients };

/** Asserts `p` rejects with an ApiError of `code` whose message is `message`. */
async function rejectsWith(p: Promise<unknown>, code: number, message: string) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    return true;
  });
}

test('a validating webhook receives an AdmissionReview v1 and its denial refuses the request', async () => {
  let seen: JsonObject | undefined;
  let path = '';
  const srv = await startTestWebhookServer((review, p) => {
    seen = review;
    path = p;
    return {
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message: 'pods named p are not welcome' },
      warnings: ['think twice'],
      auditAnnotations: { verdict: 'no' },
    };
  });
  try {
    const hook = testWebhook('deny.example.com', { url: `${srv.url}/validate`, caBundle: srv.caBundle });
    const attrs = testAttributes({ options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' } });
    const p = runValidating([testConfiguration('deny', hook)], attrs, deps);
    await rejectsWith(p, 403, 'admission webhook "deny.example.com" denied the request: pods named p are not welcome');
    const err = await p.catch((e: unknown) => e);
    assert.equal((err as ApiError).toStatus().reason, 'Forbidden');
    assert.deepEqual(dispatchNotesOf(err), {
      warnings: ['think twice'],
      auditAnnotations: { 'deny.example.com/verdict': 'no' },
    });
    assert.equal(path, '/validate?timeout=10s');
    assert.equal(seen?.apiVersion, 'admission.k8s.io/v1');
    assert.equal(seen?.kind, 'AdmissionReview');
    const req = seen?.request as JsonObject;
    assert.match(String(req.uid), /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      { ...req, uid: 'x' },
      {
        uid: 'x',
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        requestKind: { group: '', version: 'v1', kind: 'Pod' },
        requestResource: { group: '', version: 'v1', resource: 'pods' },
        name: 'p',
        namespace: 'default',
        operation: 'CREATE',
        userInfo: { username: 'alice', uid: 'u1', groups: ['system:authenticated'] },
        object: attrs.object,
        oldObject: null,
        dryRun: false,
        options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
      },
    );
  } finally {
    await srv.close();
  }
});

test('allowed answers give warnings and audit annotations; denials without a code are 400', async () => {
  const srv = await startTestWebhookServer((_r, p) =>
    p.startsWith('/ok') ? { allowed: true, warnings: ['w1'], auditAnnotations: { seen: 'yes' } } : { allowed: false },
  );
  try {
    const ok = testConfiguration(
      'a-ok',
      testWebhook('ok.example.com', { url: `${srv.url}/ok`, caBundle: srv.caBundle }),
    );
    const result = await runValidating([ok], testAttributes(), deps);
    assert.deepEqual(result, { warnings: ['w1'], auditAnnotations: { 'ok.example.com/seen': 'yes' } });
    const bare = testConfiguration(
      'b-bare',
      testWebhook('bare.example.com', { url: `${srv.url}/no`, caBundle: srv.caBundle }),
    );
    await rejectsWith(
      runValidating([ok, bare], testAttributes(), deps),
      400,
      'admission webhook "bare.example.com" denied the request without explanation',
    );
    // Not selected: UPDATE is not in the rules.
    const update = testAttributes({ operation: 'UPDATE', oldObject: testAttributes().object });
    assert.deepEqual(await runValidating([bare], update, deps), { warnings: [], auditAnnotations: {} });
    assert.equal(srv.calls, 3);
  } finally {
    await srv.close();
  }
});

test('dry runs refuse webhooks with side effects', async () => {
  const srv = await startTestWebhookServer(() => ({ allowed: true }));
  try {
    const cc = { url: `${srv.url}/v`, caBundle: srv.caBundle };
    const some = testConfiguration('c', testWebhook('se.example.com', cc, { sideEffects: 'Some' }));
    await rejectsWith(
      runValidating([some], testAttributes({ dryRun: true }), deps),
      400,
      'admission webhook "se.example.com" does not support dry run',
    );
    assert.equal(srv.calls, 0);
    await runValidating([some], testAttributes(), deps);
    const onDryRun = testConfiguration('c', testWebhook('se.example.com', cc, { sideEffects: 'NoneOnDryRun' }));
    await runValidating([onDryRun], testAttributes({ dryRun: true }), deps);
    assert.equal(srv.calls, 2);
  } finally {
    await srv.close();
  }
});

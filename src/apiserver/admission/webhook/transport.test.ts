import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../machinery/errors.js';
import { newCertificateAuthority } from '../../../pki/x509.js';
import { WebhookClients } from './client.js';
import {
  caBundleOf,
  rawReply,
  RawReply,
  startTestWebhookServer,
  testAttributes,
  testConfiguration,
  testWebhook,
} from './testing.js';
import type { JsonObject } from './types.js';
import { runValidating } from './validating.js';

const clients = new WebhookClients();
after(() => clients.close());
const deps = { clients };

async function rejectsWith(p: Promise<unknown>, code: number, message: string | RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

const failed = (name: string) => `Internal error occurred: failed calling webhook "${name}": `;

test('a webhook past its timeout fails the request (Fail) or is skipped (Ignore)', async () => {
  let release!: () => void;
  const hang = new Promise<void>((r) => (release = r));
  const srv = await startTestWebhookServer(async () => {
    await hang;
    return { allowed: true };
  });
  try {
    const cc = { url: `${srv.url}/slow`, caBundle: srv.caBundle };
    const fail = testConfiguration('slow', testWebhook('slow.example.com', cc, { timeoutSeconds: 1 }));
    const started = Date.now();
    await rejectsWith(
      runValidating([fail], testAttributes(), deps),
      500,
      `${failed('slow.example.com')}failed to call webhook: Post "${cc.url}?timeout=1s": context deadline exceeded`,
    );
    assert.ok(Date.now() - started < 5000);
    const opts = { timeoutSeconds: 1, failurePolicy: 'Ignore' };
    const ignore = testConfiguration('slow', testWebhook('slow.example.com', cc, opts));
    const result = await runValidating([ignore], testAttributes(), deps);
    assert.deepEqual(result.auditAnnotations, {
      'failed-open.validating.webhook.admission.k8s.io/round_0_index_0': 'slow.example.com',
    });
  } finally {
    release();
    await srv.close();
  }
});

test('TLS is verified against caBundle, with Go-worded errors', async () => {
  const srv = await startTestWebhookServer(() => ({ allowed: true }));
  try {
    const other = await newCertificateAuthority({ commonName: 'other-ca' });
    const url = `${srv.url}/v`;
    const run = (cc: object, d: object = deps) =>
      runValidating([testConfiguration('c', testWebhook('tls.example.com', cc))], testAttributes(), d);
    await rejectsWith(
      run({ url, caBundle: caBundleOf(other) }),
      500,
      `${failed('tls.example.com')}failed to call webhook: Post "${url}?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
    await rejectsWith(
      run({ url, caBundle: Buffer.from('not a pem').toString('base64') }),
      500,
      `${failed('tls.example.com')}could not get REST client: unable to load root certificates: unable to parse bytes as PEM block`,
    );
    // By DNS name: the certificate names localhost too.
    await run({ url: `https://localhost:${srv.port}/v`, caBundle: srv.caBundle });
    const service = { namespace: 'ns', name: 'hook', port: 8443, path: '/v' };
    await rejectsWith(
      run({ service, caBundle: srv.caBundle }, { clients, resolveService: async () => srv.url }),
      500,
      `${failed('tls.example.com')}failed to call webhook: Post "https://hook.ns.svc:8443/v?timeout=10s": tls: failed to verify certificate: x509: certificate is valid for localhost, not hook.ns.svc`,
    );
  } finally {
    await srv.close();
  }
});

test('service references are resolved by the caller and verified as <name>.<namespace>.svc', async () => {
  let path = '';
  const srv = await startTestWebhookServer((_r, p) => ((path = p), { allowed: true }), { dnsNames: ['hook.ns.svc'] });
  try {
    const asked: unknown[] = [];
    const resolveService = async (namespace: string, name: string, port: number) => {
      asked.push([namespace, name, port]);
      return srv.url;
    };
    const cc = { service: { namespace: 'ns', name: 'hook', path: '/admit/' }, caBundle: srv.caBundle };
    await runValidating([testConfiguration('c', testWebhook('svc.example.com', cc))], testAttributes(), {
      clients,
      resolveService,
    });
    assert.deepEqual(asked, [['ns', 'hook', 443]]);
    assert.equal(path, '/admit?timeout=10s');
  } finally {
    await srv.close();
  }
});

test('malformed answers are call failures with upstream messages', async () => {
  const replies: Record<string, (uid: string) => JsonObject | RawReply> = {
    '/uid': () => ({ uid: 'not-the-uid', allowed: true }),
    '/gvk': (uid) => rawReply(JSON.stringify({ response: { uid, allowed: true } })),
    '/patch': () => ({ allowed: true, patchType: 'JSONPatch', patch: Buffer.from('[]').toString('base64') }),
    '/500': () => rawReply('boom', 500, 'text/plain'),
    '/empty': () => rawReply('', 200),
  };
  const srv = await startTestWebhookServer((review, p) => replies[p.split('?')[0]](review.request.uid));
  const run = (path: string) =>
    runValidating(
      [testConfiguration('c', testWebhook('x.example.com', { url: `${srv.url}${path}`, caBundle: srv.caBundle }))],
      testAttributes(),
      deps,
    );
  const prefix = failed('x.example.com');
  try {
    await rejectsWith(
      run('/uid'),
      500,
      new RegExp(
        `^${prefix}received invalid webhook response: expected response\\.uid="[0-9a-f-]{36}", got "not-the-uid"$`,
      ),
    );
    await rejectsWith(
      run('/gvk'),
      500,
      `${prefix}received invalid webhook response: expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got /, Kind=`,
    );
    await rejectsWith(
      run('/patch'),
      500,
      `${prefix}received invalid webhook response: validating webhook may not return response.patch`,
    );
    await rejectsWith(
      run('/500'),
      500,
      `${prefix}failed to call webhook: an error on the server ("boom") has prevented the request from succeeding`,
    );
    await rejectsWith(
      run('/empty'),
      500,
      `${prefix}failed to call webhook: 0-length response with status code: 200 and content type: application/json`,
    );
  } finally {
    await srv.close();
  }
  await rejectsWith(
    run('/gone'),
    500,
    `${prefix}failed to call webhook: Post "${srv.url}/gone?timeout=10s": dial tcp 127.0.0.1:${srv.port}: connect: connection refused`,
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyWebhookPatch, patchAnnotationValue } from './patch.js';
import { createAdmissionReview, invalidBase64At, verifyAdmissionResponse } from './review.js';
import { CallingWebhookError, toStatusErr } from './status.js';
import type { WebhookAttributes } from './types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('toStatusErr words denials as upstream', () => {
  const denied = 'admission webhook "w.example.com" denied the request';
  assert.deepEqual(toStatusErr('w.example.com', undefined).toStatus(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 400,
    message: `${denied} without explanation`,
  });
  const byReason = toStatusErr('w.example.com', { reason: 'NotAllowed', code: 200 });
  assert.equal(byReason.message, `${denied}: NotAllowed`);
  assert.equal(byReason.code, 400);
  const full = toStatusErr('w.example.com', {
    code: 409,
    reason: 'Conflict',
    message: 'taken',
    details: { name: 'x' },
  });
  assert.deepEqual(
    [full.code, full.reason, full.message, full.details],
    [409, 'Conflict', `${denied}: taken`, { name: 'x' }],
  );
});

test('verifyAdmissionResponse checks patch and patchType as upstream', () => {
  const review = (response: object) => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid: 'u', ...response },
  });
  const msg = (mutating: boolean, response: object) => {
    try {
      verifyAdmissionResponse('u', mutating, 'v1', review(response));
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    }
  };
  assert.equal(
    msg(true, { allowed: true, patch: b64('[]') }),
    'webhook returned response.patch but not response.patchType',
  );
  assert.equal(
    msg(true, { allowed: true, patchType: 'JSONPatch' }),
    'webhook returned response.patchType but not response.patch',
  );
  assert.equal(
    msg(true, { allowed: true, patchType: '', patch: b64('[]') }),
    'webhook returned invalid response.patchType of ""',
  );
  assert.equal(
    msg(false, { allowed: true, patchType: 'JSONPatch' }),
    'validating webhook may not return response.patchType',
  );
  assert.equal(msg(true, { allowed: true, patchType: 'JSONPatch', patch: b64('[]') }), 'ok');
  assert.throws(
    () => verifyAdmissionResponse('u', false, 'v1', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }),
    /^Error: webhook response was absent$/,
  );
  assert.throws(
    () =>
      verifyAdmissionResponse('u', false, 'v1', {
        apiVersion: 'admission.k8s.io/v1beta1',
        kind: 'AdmissionReview',
        response: { uid: 'u' },
      }),
    /expected webhook response of admission.k8s.io\/v1, Kind=AdmissionReview, got admission.k8s.io\/v1beta1, Kind=AdmissionReview/,
  );
  // v1beta1 answers are not checked for uid or kind; a patch means JSONPatch.
  const beta = verifyAdmissionResponse('u', true, 'v1beta1', { response: { allowed: true, patch: b64('[]') } });
  assert.deepEqual([beta.allowed, beta.patch, beta.patchType], [true, '[]', 'JSONPatch']);
  assert.equal(invalidBase64At('W10='), -1);
  assert.equal(invalidBase64At('W1*='), 2);
  assert.equal(invalidBase64At('W10'), 0);
});

test('createAdmissionReview sends subresources and the version asked for', () => {
  const attrs: WebhookAttributes = {
    operation: 'UPDATE',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    subresource: 'status',
    namespace: 'ns',
    name: 'p',
    object: { a: 1 },
    oldObject: { a: 0 },
    userInfo: { username: 'u', extra: { scopes: ['x'] } },
    dryRun: true,
  };
  const inv = { resource: attrs.resource, subresource: 'status', kind: attrs.kind };
  const { uid, review } = createAdmissionReview(attrs, inv, 'v1beta1');
  const req = review.request as Record<string, unknown>;
  assert.equal(review.apiVersion, 'admission.k8s.io/v1beta1');
  assert.equal(req.uid, uid);
  assert.deepEqual(
    [req.subResource, req.requestSubResource, req.userInfo, req.dryRun, req.options],
    ['status', 'status', { username: 'u', extra: { scopes: ['x'] } }, true, null],
  );
});

test('patches: decoding errors, evanphx messages, audit annotation form', () => {
  const obj = { metadata: { name: 'p' } };
  assert.throws(
    () => applyWebhookPatch('w', obj, '{"op":"add"}', 'JSONPatch'),
    (e: unknown) =>
      e instanceof CallingWebhookError &&
      e.message ===
        'failed calling webhook "w": received undecodable patch in webhook response: json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  );
  assert.equal(applyWebhookPatch('w', obj, '[]', 'JSONPatch'), undefined);
  assert.throws(
    () => applyWebhookPatch('w', obj, '[{"op":"remove","path":"/spec/x"}]', 'JSONPatch'),
    /^ApiError: Internal error occurred: remove operation does not apply: doc is missing path: "\/spec\/x": missing value$/,
  );
  const same = applyWebhookPatch('w', obj, '[{"op":"replace","path":"/metadata/name","value":"p"}]', 'JSONPatch');
  assert.equal(same?.changed, false);
  assert.equal(
    patchAnnotationValue('c', 'w', [{ value: 1, path: '/a', op: 'add' }]),
    '{"configuration":"c","webhook":"w","patch":[{"op":"add","path":"/a","value":1}],"patchType":"JSONPatch"}',
  );
});

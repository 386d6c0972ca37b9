import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, errorRetryDelay, responseRetryDelay } from './retry.js';
import { TransportError } from './transport-error.js';
import { genericServerError, responseError } from './status-error.js';
import { isConflict, isNotFound } from '../../machinery/errors.js';

test('backoff doubles from 200ms and is capped at 10s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a)),
    [200, 400, 800, 1600, 3200, 6400, 10_000, 10_000],
  );
  assert.equal(backoffDelay(3, { baseMs: 10, capMs: 25 }), 25);
});

test('responses: 429 always, 5xx only idempotent, and only with Retry-After', () => {
  assert.equal(responseRetryDelay(429, { 'retry-after': '3' }, false, 1), 3000);
  assert.equal(responseRetryDelay(503, { 'retry-after': '2' }, true, 1), 2000);
  assert.equal(responseRetryDelay(503, { 'retry-after': '2' }, false, 1), undefined);
  assert.equal(responseRetryDelay(500, {}, true, 1), undefined);
  assert.equal(responseRetryDelay(429, {}, true, 1), undefined);
  assert.equal(responseRetryDelay(404, { 'retry-after': '1' }, true, 1), undefined);
  assert.equal(responseRetryDelay(429, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, true, 1), undefined);
  // Retry-After: 0 backs off instead of spinning.
  assert.equal(responseRetryDelay(429, { 'retry-after': '0' }, true, 3), 800);
});

test('connection errors: unsent ones for any method, sent ones only when idempotent, never a TLS failure', () => {
  const err = (code: string, sent: boolean, refused = false) =>
    new TransportError(Object.assign(new Error(code), { code }), sent, '', refused);
  assert.equal(errorRetryDelay(err('ECONNREFUSED', false), false, 1), 200);
  assert.equal(errorRetryDelay(err('ERR_HTTP2_GOAWAY_SESSION', true), false, 2), 400);
  assert.equal(errorRetryDelay(err('ECONNRESET', true), true, 1), 200);
  assert.equal(errorRetryDelay(err('ECONNRESET', true), false, 1), undefined);
  assert.equal(errorRetryDelay(err('ERR_HTTP2_STREAM_ERROR', true, true), false, 1), 200);
  assert.equal(errorRetryDelay(err('DEPTH_ZERO_SELF_SIGNED_CERT', false), true, 1), undefined);
  assert.equal(errorRetryDelay(new Error('x'), true, 1), undefined);
});

test('a Status body is the error as the server wrote it', () => {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'configmaps "x" not found',
    reason: 'NotFound',
    details: { name: 'x', kind: 'configmaps' },
    code: 404,
  };
  const e = responseError(404, {}, Buffer.from(JSON.stringify(status)), status, { method: 'GET' });
  assert.ok(isNotFound(e));
  assert.equal(e.message, 'configmaps "x" not found');
  assert.deepEqual(e.details, { name: 'x', kind: 'configmaps' });
});

test('responses without a Status get upstream generic reasons and words', () => {
  const text = { 'content-type': 'text/plain' };
  const e404 = responseError(404, text, Buffer.from('404 page not found\n'), undefined, { method: 'GET' });
  assert.ok(isNotFound(e404));
  assert.equal(e404.message, 'the server could not find the requested resource');
  const e500 = responseError(500, text, Buffer.from('boom'), undefined, { method: 'GET' });
  assert.equal(e500.reason, 'InternalError');
  assert.equal(e500.message, 'an error on the server ("boom") has prevented the request from succeeding');
  const html = responseError(502, { 'content-type': 'application/octet-stream' }, Buffer.from('x'), undefined, {
    method: 'GET',
  });
  assert.equal(html.message, 'an error on the server ("unknown") has prevented the request from succeeding');
  const conflict = genericServerError(409, { method: 'PUT', resource: 'deployments.apps', name: 'web' }, '');
  assert.ok(isConflict(conflict));
  assert.equal(conflict.message, 'the server reported a conflict (put deployments.apps web)');
  assert.equal(genericServerError(409, { method: 'POST' }, '').reason, 'AlreadyExists');
  const slow = responseError(429, { 'retry-after': '7' }, Buffer.from(''), '', { method: 'GET' });
  assert.equal(slow.reason, 'TooManyRequests');
  assert.equal(slow.details?.retryAfterSeconds, 7);
  assert.equal(
    genericServerError(418, { method: 'GET' }, '').message,
    'the server responded with the status code 418 but did not return more information',
  );
});

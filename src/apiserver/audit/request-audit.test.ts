import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Auditor } from './auditor.js';
import { encodeEvent } from './encode.js';
import { attrs, levelPolicy, pod, setup } from './test-fixtures.js';
import type { AuditEvent } from './types.js';

test('long-running requests write ResponseStarted; others only complete', () => {
  const { auditor, lines } = setup(levelPolicy('Metadata'));
  const watch = auditor.begin({ attrs: attrs({ verb: 'watch' }), uri: '/w', headers: {} })!;
  assert.equal(watch.longRunning, true);
  watch.responseStarted(200);
  watch.complete();
  const exec = auditor.begin({ attrs: attrs({ subresource: 'exec', name: 'web' }), uri: '/e', headers: {} })!;
  exec.complete(); // never wrote a status: upstream fakes one, ResponseStarted first
  const get = auditor.begin({ attrs: attrs({ verb: 'get', name: 'web' }), uri: '/g', headers: {} })!;
  get.complete(200);
  assert.deepEqual(
    lines().map((l) => l.stage),
    [
      'RequestReceived',
      'ResponseStarted',
      'ResponseComplete',
      'RequestReceived',
      'ResponseStarted',
      'ResponseComplete',
      'RequestReceived',
      'ResponseComplete',
    ],
  );
  assert.deepEqual(lines()[4].responseStatus, {
    metadata: {},
    status: 'Success',
    message: 'Connection closed early',
    code: 200,
  });
});

test('failures record the Status; at RequestResponse it is also the response object', () => {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'pods "web" is forbidden: User "alice" cannot get resource "pods"',
    reason: 'Forbidden',
    details: { name: 'web', kind: 'pods' },
    code: 403,
  };
  for (const level of ['Metadata', 'RequestResponse'] as const) {
    const { auditor, lines } = setup(levelPolicy(level));
    const ev = auditor.begin({ attrs: attrs({ verb: 'get', name: 'web' }), uri: '/x', headers: {} })!;
    ev.authorized(false, '');
    ev.complete(403, status);
    const done = lines()[1];
    assert.deepEqual(done.responseStatus, {
      metadata: {},
      status: 'Failure',
      message: status.message,
      reason: 'Forbidden',
      details: { name: 'web', kind: 'pods' },
      code: 403,
    });
    assert.deepEqual(done.annotations, {
      'authorization.k8s.io/decision': 'forbid',
      'authorization.k8s.io/reason': '',
    });
    assert.equal(done.responseObject !== undefined, level === 'RequestResponse');
  }
});

test('panic writes the Panic stage with upstream’s status', () => {
  const { auditor, lines } = setup(levelPolicy('Metadata'));
  const ev = auditor.begin({ attrs: attrs(), uri: '/x', headers: {} })!;
  ev.panic(new Error('boom'));
  ev.complete(200); // ignored
  assert.deepEqual(
    lines().map((l) => [l.stage, l.responseStatus]),
    [
      ['RequestReceived', undefined],
      [
        'Panic',
        { metadata: {}, status: 'Failure', message: "APIServer panic'd: boom", reason: 'InternalError', code: 500 },
      ],
    ],
  );
});

test('impersonation, patches, annotations and user agents', () => {
  const warnings: string[] = [];
  const events: AuditEvent[] = [];
  const auditor = new Auditor({
    policy: levelPolicy('Request'),
    backend: { process: (e) => (events.push(e), true) },
    warn: (m) => warnings.push(m),
  });
  const ev = auditor.begin({
    attrs: attrs({ verb: 'patch', name: 'web' }),
    uri: '/x',
    headers: { 'user-agent': 'x'.repeat(1100) },
    annotations: { 'authentication.k8s.io/credential-id': 'X509SHA256=ab' },
  })!;
  ev.setImpersonatedUser({ name: 'bob', groups: ['ops'] });
  ev.setRequestPatch('{ "metadata": { "labels": { "a": "<b>" } } }');
  assert.equal(ev.annotate('k', 'v1'), true);
  assert.equal(ev.annotate('k', 'v2'), false);
  ev.complete(200, pod);
  const line = encodeEvent(events[1]);
  const done = JSON.parse(line);
  assert.deepEqual(done.impersonatedUser, { username: 'bob', groups: ['ops'] });
  assert.ok(line.includes('"requestObject":{"metadata":{"labels":{"a":"\\u003cb\\u003e"}}}'));
  assert.equal(done.responseObject, undefined);
  assert.deepEqual(done.annotations, { 'authentication.k8s.io/credential-id': 'X509SHA256=ab', k: 'v1' });
  assert.equal(done.userAgent, 'x'.repeat(1024) + '...TRUNCATED');
  assert.equal(JSON.parse(encodeEvent(events[0])).annotations['authentication.k8s.io/credential-id'], 'X509SHA256=ab');
  assert.match(
    warnings[0],
    /^Failed to set annotations\["k"\] to "v2" for audit:".*", it has already been set to "v1"$/,
  );
});

test('failed authentication writes one ResponseStarted event with the attempted methods', () => {
  const { auditor, lines } = setup(levelPolicy('Metadata'));
  auditor.failedAuthentication({
    attrs: attrs({ verb: 'list' }),
    uri: '/api/v1/pods',
    headers: { authorization: 'Bearer x' },
  });
  auditor.failedAuthentication({ attrs: attrs(), uri: '/api', headers: {}, clientCertificate: true });
  auditor.failedAuthentication({ attrs: attrs(), uri: '/api', headers: {} });
  const got = lines();
  assert.deepEqual(
    got.map((l) => [l.stage, l.user, l.responseStatus]),
    [
      ['ResponseStarted', {}, { metadata: {}, message: 'Authentication failed, attempted: bearer', code: 401 }],
      ['ResponseStarted', {}, { metadata: {}, message: 'Authentication failed, attempted: x509', code: 401 }],
      ['ResponseStarted', {}, { metadata: {}, message: 'Authentication failed, no credentials provided', code: 401 }],
    ],
  );
});

test('secrets get no special treatment: a Request rule records their data (as upstream does)', () => {
  const { auditor, lines } = setup(levelPolicy('Request'));
  const ev = auditor.begin({ attrs: attrs({ resource: 'secrets' }), uri: '/x', headers: {} })!;
  ev.setRequestObject({
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name: 's' },
    data: { password: 'aHVudGVyMg==' },
  });
  ev.complete(201);
  assert.deepEqual((lines()[1].requestObject as { data: unknown }).data, { password: 'aHVudGVyMg==' });
});

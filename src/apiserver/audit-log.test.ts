import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type TestControlPlane } from './testing/cluster.js';
import { testClient } from './testing/http.js';

let cp: TestControlPlane;
let dir: string;
let log: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-audit-'));
  log = join(dir, 'audit.log');
  writeFileSync(
    join(dir, 'policy.yaml'),
    `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  resources: [{ group: "", resources: [secrets] }]
- level: RequestResponse
  resources: [{ group: "", resources: [configmaps] }]
- level: None
`,
  );
  cp = await startControlPlane({ auditPolicyFile: join(dir, 'policy.yaml'), auditLogPath: log });
});
after(async () => {
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('audit events: levels by resource, stages, objects at RequestResponse only, no secret data below it', async () => {
  const api = testClient(cp.url, cp.apiserver.caCert);
  const created = await api.request(
    'POST',
    '/api/v1/namespaces/default/configmaps',
    { metadata: { name: 'audited' }, data: { a: 'b' } },
    { 'User-Agent': 'audit-test/1.0' },
  );
  assert.equal(created.status, 201);
  const auditID = created.headers['audit-id'];
  assert.match(String(auditID), /^[0-9a-f-]{36}$/);
  await api.request('POST', '/api/v1/namespaces/default/secrets', {
    metadata: { name: 's' },
    stringData: { p: 'hunter2' },
  });
  await api.request('GET', '/api/v1/namespaces/default/pods');
  await cp.restartApiserver(); // flushes the log
  const events = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(!readFileSync(log, 'utf8').includes('hunter2'));
  const cm = events.find((e) => e.auditID === auditID);
  assert.equal(cm.kind, 'Event');
  assert.equal(cm.apiVersion, 'audit.k8s.io/v1');
  assert.equal(cm.level, 'RequestResponse');
  assert.equal(cm.stage, 'ResponseComplete');
  assert.equal(cm.verb, 'create');
  assert.equal(cm.userAgent, 'audit-test/1.0');
  assert.deepEqual(cm.objectRef, { resource: 'configmaps', namespace: 'default', name: 'audited', apiVersion: 'v1' });
  assert.equal(cm.responseStatus.code, 201);
  assert.equal(cm.requestObject.data.a, 'b');
  assert.equal(cm.responseObject.metadata.name, 'audited');
  assert.equal(cm.annotations['authorization.k8s.io/decision'], 'allow');
  const secret = events.find((e) => e.objectRef?.resource === 'secrets');
  assert.equal(secret.level, 'Metadata');
  assert.equal(secret.requestObject, undefined);
  assert.equal(secret.responseObject, undefined);
  assert.ok(!events.some((e) => e.objectRef?.resource === 'pods'), 'pods are at level None');
  assert.ok(!events.some((e) => e.stage === 'RequestReceived'), 'RequestReceived is omitted');
});

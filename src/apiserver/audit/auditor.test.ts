import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Auditor } from './auditor.js';
import { encodeEvent } from './encode.js';
import { parsePolicy } from './policy.js';
import { attrs, createPod, levelPolicy, pod, setup } from './test-fixtures.js';
import type { Level } from './types.js';

test('a Metadata event is exactly upstream’s JSON, field for field', () => {
  const { auditor, events } = setup(levelPolicy('Metadata'));
  createPod(auditor);
  assert.equal(events.length, 2);
  assert.equal(
    encodeEvent(events[1]),
    '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"11111111-2222-3333-4444-555555555555",' +
      '"stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods?fieldManager=kubectl","verb":"create",' +
      '"user":{"username":"alice","uid":"u-1","groups":["devs","system:authenticated"],"extra":{"scopes":["a"]}},' +
      '"sourceIPs":["10.0.0.9"],"userAgent":"kubectl/v1.32.0",' +
      '"objectRef":{"resource":"pods","namespace":"default","name":"web","uid":"p-1","apiVersion":"v1","resourceVersion":"7"},' +
      '"responseStatus":{"metadata":{},"code":201},' +
      '"requestReceivedTimestamp":"2026-12-02T18:06:54.123456Z","stageTimestamp":"2026-12-02T18:06:54.124456Z",' +
      '"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \\"x\\""}}',
  );
  // RequestReceived: written before authorization and the body, its stage time is the received time.
  const first = JSON.parse(encodeEvent(events[0]));
  assert.equal(first.stage, 'RequestReceived');
  assert.equal(first.stageTimestamp, '2026-12-02T18:06:54.123456Z');
  assert.equal(first.annotations, undefined);
  assert.equal(first.responseStatus, undefined);
  assert.deepEqual(first.objectRef, { resource: 'pods', namespace: 'default', apiVersion: 'v1' });
});

test('levels decide the bodies: Metadata none, Request the request, RequestResponse both', () => {
  const bodies = (level: Level) => {
    const { auditor, lines } = setup(levelPolicy(level));
    createPod(auditor);
    const done = lines()[1];
    return [done.requestObject !== undefined, done.responseObject !== undefined];
  };
  assert.deepEqual(bodies('Metadata'), [false, false]);
  assert.deepEqual(bodies('Request'), [true, false]);
  assert.deepEqual(bodies('RequestResponse'), [true, true]);
  const { auditor } = setup(levelPolicy('None'));
  assert.equal(auditor.begin({ attrs: attrs(), uri: '/', headers: {} }), undefined);
});

test('bodies are recorded as they were when set, managedFields kept unless omitted', () => {
  const { auditor, lines } = setup(levelPolicy('RequestResponse'));
  const obj = structuredClone(pod);
  const ev = auditor.begin({ attrs: attrs(), uri: '/x', headers: {} })!;
  ev.setRequestObject(obj);
  obj.spec.containers[0].image = 'changed';
  ev.complete(201, obj);
  const done = lines()[1] as { requestObject: typeof pod; responseObject: typeof pod };
  assert.equal(done.requestObject.spec.containers[0].image, 'nginx');
  assert.equal(done.responseObject.spec.containers[0].image, 'changed');
  assert.deepEqual(done.requestObject.metadata.managedFields, [{ manager: 'kubectl' }]);
});

test('omitManagedFields strips managedFields from objects and list items, policy-wide or per rule', () => {
  const list = { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod, pod] };
  for (const extra of ['omitManagedFields: true', '']) {
    const policy =
      extra === ''
        ? parsePolicy(
            'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: RequestResponse, omitManagedFields: true}]',
          )
        : levelPolicy('RequestResponse', extra);
    const { auditor, lines } = setup(policy);
    const ev = auditor.begin({ attrs: attrs({ verb: 'list' }), uri: '/x', headers: {} })!;
    ev.setRequestObject(pod);
    ev.complete(200, list);
    const done = lines()[1] as { requestObject: typeof pod; responseObject: typeof list };
    assert.equal(done.requestObject.metadata.managedFields, undefined);
    assert.equal(done.responseObject.items[0].metadata.managedFields, undefined);
    assert.equal(done.responseObject.items[1].metadata.name, 'web');
  }
  assert.ok(pod.metadata.managedFields, 'the original is untouched');
});

test('omitStages (policy and rule, unioned) are not written', () => {
  const { auditor, lines } = setup(
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules: [{level: Metadata, omitStages: [ResponseComplete]}]',
  );
  const ev = auditor.begin({ attrs: attrs({ verb: 'watch' }), uri: '/x?watch=1', headers: {} })!;
  ev.responseStarted(200);
  ev.complete();
  assert.deepEqual(
    lines().map((l) => l.stage),
    ['ResponseStarted'],
  );
});

test('the Audit-ID header is reused; otherwise a new ID is made', () => {
  const { auditor, lines } = setup(levelPolicy('Metadata'));
  createPod(auditor, { 'audit-id': 'from-the-aggregator' });
  assert.equal(lines()[0].auditID, 'from-the-aggregator');
  assert.equal(auditor.auditIDFor({ 'audit-id': 'x' }), 'x');
  assert.equal(auditor.auditIDFor({}), '11111111-2222-3333-4444-555555555555');
  const real = new Auditor({ policy: levelPolicy('Metadata'), backend: { process: () => true } });
  assert.match(real.auditIDFor({}), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('sourceIPs: X-Forwarded-For, then X-Real-Ip, then the remote address', () => {
  const ips = (headers: Record<string, string>, remote: string) => {
    const { auditor, lines } = setup(levelPolicy('Metadata'));
    auditor.begin({ attrs: attrs(), uri: '/', headers, remoteAddress: remote });
    return lines()[0].sourceIPs;
  };
  assert.deepEqual(ips({ 'x-forwarded-for': '1.1.1.1, bogus, 2001:db8:0:0:0:0:0:1' }, '10.0.0.1'), [
    '1.1.1.1',
    '2001:db8::1',
    '10.0.0.1',
  ]);
  assert.deepEqual(ips({ 'x-forwarded-for': '1.1.1.1', 'x-real-ip': '1.1.1.1' }, '::ffff:1.1.1.1'), ['1.1.1.1']);
  assert.deepEqual(ips({ 'x-real-ip': '3.3.3.3' }, '[::1]:6443'), ['3.3.3.3', '::1']);
  assert.deepEqual(ips({}, '127.0.0.1:51234'), ['127.0.0.1']);
});

test('non-resource requests have no objectRef and the lower-case method as verb', () => {
  const { auditor, lines } = setup(levelPolicy('Metadata'));
  const ev = auditor.begin({
    attrs: attrs({
      verb: 'get',
      isResourceRequest: false,
      path: '/healthz',
      resource: '',
      namespace: '',
      apiVersion: '',
    }),
    uri: '/healthz',
    headers: {},
  })!;
  ev.complete(200);
  const done = lines()[1];
  assert.equal(done.objectRef, undefined);
  assert.equal(done.verb, 'get');
  assert.deepEqual(done.responseStatus, { metadata: {}, code: 200 });
});

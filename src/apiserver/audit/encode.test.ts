import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEvent, formatMicroTime, goJSON, toMicros, withoutManagedFields } from './encode.js';
import { eventString, goQuote, rfc3339NanoLocal } from './legacy.js';
import { formatIP, sourceIPs } from './source-ips.js';
import { parseIPSloppy } from '../../machinery/validation/ip.js';
import type { AuditEvent } from './types.js';

test('formatMicroTime writes six fractional digits in UTC', () => {
  assert.equal(formatMicroTime(Date.UTC(2026, 11, 2, 18, 6, 54, 123) * 1000 + 456), '2026-12-02T18:06:54.123456Z');
  assert.equal(formatMicroTime(toMicros(new Date(Date.UTC(2026, 0, 1)))), '2026-01-01T00:00:00.000000Z');
});

test('goJSON escapes as Go does, keeps struct order and sorts maps on request', () => {
  assert.equal(
    goJSON({ b: '<a&b>', a: '\u2028', c: [1, true, null] }),
    '{"b":"\\u003ca\\u0026b\\u003e","a":"\\u2028","c":[1,true,null]}',
  );
  assert.equal(goJSON('\ud800x'), '"\\ufffdx"');
  assert.equal(
    goJSON({ m: { b: 1, a: 2, 10: 3, 9: 4 } }, (p) => p === 'm'),
    '{"m":{"10":3,"9":4,"a":2,"b":1}}',
  );
});

test('withoutManagedFields: objects, lists and tables, never the original', () => {
  const o = { metadata: { name: 'a', managedFields: [{}] }, spec: {} };
  assert.deepEqual(withoutManagedFields(o), { metadata: { name: 'a' }, spec: {} });
  assert.ok(o.metadata.managedFields);
  assert.deepEqual(withoutManagedFields({ kind: 'List', items: [o, { x: 1 }] }), {
    kind: 'List',
    items: [{ metadata: { name: 'a' }, spec: {} }, { x: 1 }],
  });
  assert.deepEqual(withoutManagedFields({ kind: 'Table', rows: [{ cells: [], object: o }] }), {
    kind: 'Table',
    rows: [{ cells: [], object: { metadata: { name: 'a' }, spec: {} } }],
  });
  assert.equal(withoutManagedFields('x'), 'x');
});

test('formatIP writes Go’s net.IP.String()', () => {
  const f = (s: string) => formatIP(parseIPSloppy(s)!);
  assert.equal(f('::ffff:10.1.2.3'), '10.1.2.3');
  assert.equal(f('010.001.002.003'), '10.1.2.3');
  assert.equal(f('2001:0db8:0000:0000:0001:0000:0000:0001'), '2001:db8::1:0:0:1');
  assert.equal(f('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
  assert.equal(f('::'), '::');
  assert.equal(f('fe80::1'), 'fe80::1');
});

test('sourceIPs does not repeat the remote address after the same last hop', () => {
  assert.deepEqual(sourceIPs({ 'x-forwarded-for': '1.2.3.4,5.6.7.8' }, '5.6.7.8'), ['1.2.3.4', '5.6.7.8']);
  assert.deepEqual(sourceIPs({ 'x-forwarded-for': '1.2.3.4' }, undefined), ['1.2.3.4']);
  assert.deepEqual(sourceIPs({}, 'not-an-ip'), []);
});

const event: AuditEvent = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'id-1',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/default/pods',
  verb: 'list',
  user: { username: 'alice', groups: ['devs', 'system:authenticated'] },
  sourceIPs: ['10.0.0.1'],
  userAgent: 'kubectl',
  objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 200 },
  requestReceivedTimestamp: '2026-12-02T18:06:54.123400Z',
  stageTimestamp: '2026-12-02T18:06:54.200000Z',
};

test('legacy: upstream’s one-line text format', () => {
  const tz = process.env.TZ;
  try {
    process.env.TZ = 'UTC';
    assert.equal(
      eventString(event),
      '2026-12-02T18:06:54.1234Z AUDIT: id="id-1" stage="ResponseComplete" ip="10.0.0.1" method="list" user="alice" ' +
        'groups="\\"devs\\",\\"system:authenticated\\"" as="<self>" asgroups="<lookup>" user-agent="kubectl" ' +
        'namespace="default" uri="/api/v1/namespaces/default/pods" response="200"',
    );
    assert.equal(
      eventString({
        ...event,
        user: {},
        sourceIPs: undefined,
        responseStatus: undefined,
        objectRef: undefined,
        impersonatedUser: { username: 'bob', groups: ['x'] },
      }),
      '2026-12-02T18:06:54.1234Z AUDIT: id="id-1" stage="ResponseComplete" ip="<unknown>" method="list" user="<none>" ' +
        'groups="<none>" as="bob" asgroups="\\"x\\"" user-agent="kubectl" namespace="<none>" uri="/api/v1/namespaces/default/pods" response="<deferred>"',
    );
    process.env.TZ = 'Asia/Kolkata';
    assert.equal(rfc3339NanoLocal('2026-12-02T18:06:54.000000Z'), '2026-12-02T23:36:54+05:30');
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});

test('goQuote is Go’s %q', () => {
  assert.equal(goQuote('a"b\\c\n\x01\x7fé'), '"a\\"b\\\\c\\n\\x01\\x7fé"');
});

test('encodeEvent sorts annotations and extra as Go maps', () => {
  const line = encodeEvent({
    ...event,
    user: { username: 'a', extra: { z: ['1'], a: ['2'] } },
    annotations: { z: '1', a: '2' },
  });
  assert.ok(line.includes('"user":{"username":"a","extra":{"a":["2"],"z":["1"]}}'));
  assert.ok(line.endsWith('"annotations":{"a":"2","z":"1"}}'));
});

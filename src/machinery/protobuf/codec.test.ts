import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RESOURCES, apiVersionOf } from '../../api/resources.js';
import { ApiError } from '../errors.js';
import { decodeProtobuf, encodeProtobuf, hasProtobufSchema, isKubernetesProtobuf } from './codec.js';
import { ProtoWriter } from './wire.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const text = (s: string) => Buffer.from(s).toString('hex');

/** `k8s\0` + Unknown{typeMeta{apiVersion, kind}, raw} as upstream writes it (empty encoding and type). */
function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = new ProtoWriter().tag(1, 2).string(apiVersion).tag(2, 2).string(kind).finish();
  const unknown = new ProtoWriter().tag(1, 2).bytes(typeMeta).tag(2, 2).bytes(raw).tag(3, 2).string('').tag(4, 2);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown.string('').finish()]);
}

function rejects(body: Buffer, message: string): void {
  assert.throws(
    () => decodeProtobuf(body),
    (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 400);
      assert.equal(err.reason, 'BadRequest');
      assert.equal(err.message, message);
      return true;
    },
  );
}

describe('protobuf envelope and field numbers', () => {
  // Built by hand from the field numbers: Unknown.typeMeta = 1, Unknown.raw = 2, contentEncoding = 3,
  // contentType = 4; TypeMeta.apiVersion = 1, kind = 2; ConfigMap.metadata = 1, data = 2 (a map: entry
  // key 1, value 2); ObjectMeta.name = 1.
  const configMapBytes = hex(`
    6b387300
    0a 0f   0a 02 ${text('v1')}   12 09 ${text('ConfigMap')}
    12 0d   0a 03 0a 01 ${text('x')}   12 06 0a 01 ${text('a')} 12 01 ${text('b')}
    1a 00
    22 00`);
  const configMap = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: { a: 'b' } };

  it('encodes a ConfigMap to the bytes the field numbers give', () => {
    assert.deepEqual(encodeProtobuf(configMap), configMapBytes);
  });

  it('decodes them back, kind and apiVersion first', () => {
    assert.deepEqual(decodeProtobuf(configMapBytes), configMap);
    assert.deepEqual(Object.keys(decodeProtobuf(configMapBytes)), ['kind', 'apiVersion', 'metadata', 'data']);
  });

  it('recognises the magic', () => {
    assert.equal(isKubernetesProtobuf(configMapBytes), true);
    assert.equal(isKubernetesProtobuf(Buffer.from('{"kind":"ConfigMap"}')), false);
    assert.equal(isKubernetesProtobuf(Buffer.from('k8s')), false);
  });

  it('writes special types and numbers as Go does', () => {
    // Service.spec = 2, ServiceSpec.ports = 1, ServicePort.port = 3, targetPort = 4 (IntOrString: type 1,
    // intVal 2, strVal 3, all written).
    const svc = encodeProtobuf({
      kind: 'Service',
      apiVersion: 'v1',
      spec: {
        ports: [
          { port: 80, targetPort: 'http' },
          { port: 81, targetPort: 8081 },
        ],
      },
    });
    const body = hex(`
      12 1d
        0a 0e  18 50  22 0a 08 01 10 00 1a 04 ${text('http')}
        0a 0b  18 51  22 07 08 00 10 91 3f 1a 00`);
    assert.ok(svc.includes(body), svc.toString('hex'));
    // A negative int32 takes ten bytes (two's complement as a uint64); PodSpec.priority = 25.
    const pod = encodeProtobuf({ kind: 'Pod', apiVersion: 'v1', spec: { priority: -1 } });
    assert.ok(pod.includes(hex('12 0c c8 01 ff ff ff ff ff ff ff ff ff 01')), pod.toString('hex'));
    // ObjectMeta.creationTimestamp = 8: Timestamp{seconds 1, nanos 2}, both written.
    const ns = encodeProtobuf({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { creationTimestamp: '2024-01-02T03:04:05Z' },
    });
    assert.ok(ns.includes(hex('0a 0a 42 08 08 a5 fa cd ac 06 10 00')), ns.toString('hex'));
    // Map entries in key order.
    const cm = encodeProtobuf({ kind: 'ConfigMap', apiVersion: 'v1', data: { b: '2', a: '1' } });
    assert.ok(cm.includes(hex(`12 06 0a 01 ${text('a')} 12 01 ${text('1')} 12 06 0a 01 ${text('b')}`)));
  });

  it('reads what Go sends for value fields: zeros left out, pointers kept', () => {
    // Deployment.spec = 2; DeploymentSpec.replicas = 1 (a pointer), minReadySeconds = 5 (a value);
    // ObjectMeta.name = 1 (""), generation = 7 (0), creationTimestamp = 8 (empty: the zero time).
    const meta = hex('0a 00 38 00 42 00');
    const spec = hex('08 00 28 00');
    const raw = Buffer.concat([
      hex('0a'),
      Buffer.from([meta.length]),
      meta,
      hex('12'),
      Buffer.from([spec.length]),
      spec,
    ]);
    assert.deepEqual(decodeProtobuf(envelope('apps/v1', 'Deployment', raw)), {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: {},
      spec: { replicas: 0 },
    });
    // PriorityClass.value = 2 is required (no omitempty), so upstream's JSON writes 0.
    assert.deepEqual(decodeProtobuf(envelope('scheduling.k8s.io/v1', 'PriorityClass', hex('10 00'))), {
      kind: 'PriorityClass',
      apiVersion: 'scheduling.k8s.io/v1',
      value: 0,
    });
  });

  it('reads packed repeated numbers and skips unknown fields', () => {
    // PodPortForwardOptions.ports = 1 (repeated int32), packed; field 99 is unknown.
    const raw = hex('0a 03 50 90 3f  98 06 07');
    assert.deepEqual(decodeProtobuf(envelope('v1', 'PodPortForwardOptions', raw)), {
      kind: 'PodPortForwardOptions',
      apiVersion: 'v1',
      ports: [80, 8080],
    });
  });
});

describe('protobuf errors', () => {
  it('rejects bodies that are not protobuf, with upstream wording', () => {
    rejects(Buffer.alloc(0), 'empty data');
    rejects(
      Buffer.from('{"kind":"Pod"}'),
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
    rejects(Buffer.from('k8s\0', 'latin1'), 'empty body');
  });

  it('rejects malformed messages as gogo does', () => {
    const good = encodeProtobuf({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: { a: 'b' } });
    rejects(good.subarray(0, good.length - 6), 'unexpected EOF');
    rejects(envelope('v1', 'ConfigMap', hex('08 01')), 'proto: wrong wireType = 0 for field Metadata');
    rejects(envelope('v1', 'ConfigMap', hex('00')), 'proto: ConfigMap: illegal tag 0 (wire type 0)');
    rejects(envelope('v1', 'ConfigMap', hex('0c')), 'proto: ConfigMap: wiretype end group for non-group');
    rejects(envelope('v1', 'ConfigMap', hex('40 ff ff ff ff ff ff ff ff ff ff 01')), 'proto: integer overflow');
    rejects(
      envelope('v1', 'ConfigMap', hex('0a ff ff ff ff ff ff ff ff ff 01')),
      'proto: negative length found during unmarshaling',
    );
    rejects(envelope('v1', 'ConfigMap', hex('47')), 'proto: illegal wireType 7');
  });

  it('rejects kinds without a schema and Unknowns without a kind', () => {
    rejects(
      envelope('v1', 'Foo', Buffer.alloc(0)),
      'no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    rejects(
      envelope('v1', '', Buffer.alloc(0)),
      `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
    );
    rejects(
      envelope('', 'Pod', Buffer.alloc(0)),
      `Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:"Pod"}'`,
    );
  });

  it('rejects embedded JSON that is not JSON', () => {
    // ControllerRevision.data = 2, RawExtension.raw = 1.
    rejects(envelope('apps/v1', 'ControllerRevision', hex(`12 05 0a 03 ${text('{x}')}`)), invalidJsonMessage('{x}'));
  });

  it('refuses to encode kinds without a schema and values of the wrong type', () => {
    assert.throws(
      () => encodeProtobuf({ kind: 'Widget', apiVersion: 'example.com/v1' }),
      /no protobuf schema for kind "Widget" in version "example.com\/v1"/,
    );
    assert.throws(() => encodeProtobuf({ kind: 'Pod' }), /needs apiVersion and kind/);
    assert.throws(
      () => encodeProtobuf({ kind: 'Deployment', apiVersion: 'apps/v1', spec: { replicas: '3' } }),
      /^Error: spec\.replicas: expected an int32, got string$/,
    );
    assert.throws(
      () =>
        encodeProtobuf({
          kind: 'Pod',
          apiVersion: 'v1',
          spec: { containers: [{ name: 'c', ports: [{ containerPort: 2 ** 31 }] }] },
        }),
      /spec\.containers\[0\]\.ports\[0\]\.containerPort: expected an int32, got number/,
    );
    assert.throws(
      () => encodeProtobuf({ kind: 'Pod', apiVersion: 'v1', metadata: { creationTimestamp: 'yesterday' } }),
      /metadata\.creationTimestamp: parsing time "yesterday"/,
    );
  });
});

/** Our message for bad embedded JSON: V8's JSON.parse wording after a fixed prefix. */
function invalidJsonMessage(json: string): string {
  try {
    JSON.parse(json);
  } catch (err) {
    return `invalid embedded JSON: ${(err as Error).message}`;
  }
  throw new Error(`${json} is valid JSON`);
}

describe('hasProtobufSchema', () => {
  it('covers every served kind, its List, and the subresource kinds', () => {
    for (const r of RESOURCES) {
      const av = apiVersionOf(r);
      assert.ok(hasProtobufSchema(av, r.kind), `${av} ${r.kind}`);
      if (r.verbs.includes('list')) assert.ok(hasProtobufSchema(av, `${r.kind}List`), `${av} ${r.kind}List`);
    }
    for (const [av, kind] of [
      ['autoscaling/v1', 'Scale'],
      ['policy/v1', 'Eviction'],
      ['v1', 'Binding'],
      ['authentication.k8s.io/v1', 'TokenRequest'],
      ['authorization.k8s.io/v1', 'SelfSubjectRulesReview'],
    ]) {
      assert.ok(hasProtobufSchema(av, kind), `${av} ${kind}`);
    }
  });

  it('answers the meta kinds under every served group-version', () => {
    for (const av of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
      for (const kind of ['Status', 'DeleteOptions', 'CreateOptions', 'PatchOptions', 'UpdateOptions', 'ListOptions']) {
        assert.ok(hasProtobufSchema(av, kind), `${av} ${kind}`);
      }
    }
    assert.equal(hasProtobufSchema('example.com/v1', 'Status'), false);
    assert.equal(hasProtobufSchema('meta.k8s.io/v1', 'Table'), false);
    assert.equal(hasProtobufSchema('v1', 'Deployment'), false);
  });
});

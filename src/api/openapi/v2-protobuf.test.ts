import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtoReader, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT } from '../../machinery/protobuf/wire.js';
import { OpenAPIDocuments } from './documents.js';
import { encodeOpenAPIV2 } from './v2-protobuf.js';

type Value = Buffer | number;
/** Decodes one message into its fields, each a list of raw values (bytes, varints, doubles). */
function fields(buf: Buffer): Map<number, Value[]> {
  const r = new ProtoReader(buf);
  const out = new Map<number, Value[]>();
  while (!r.done) {
    const [n, wire] = r.tag();
    const v =
      wire === WIRE_BYTES ? r.bytes() : wire === WIRE_VARINT ? r.uint64() : wire === WIRE_FIXED64 ? r.double() : NaN;
    out.set(n, [...(out.get(n) ?? []), v]);
  }
  return out;
}
const one = (m: Map<number, Value[]>, n: number): Buffer => m.get(n)![0] as Buffer;
const str = (m: Map<number, Value[]>, n: number): string | undefined =>
  (m.get(n)?.[0] as Buffer | undefined)?.toString();
/** The entries of a `Named<T>` list: name → the value's bytes. */
function named(list: Value[] = []): Map<string, Buffer> {
  return new Map(list.map((e) => [str(fields(e as Buffer), 1)!, one(fields(e as Buffer), 2)]));
}
/** An `Any`'s YAML text, parsed (we write JSON, which is YAML). */
const anyJson = (b: Buffer): unknown => JSON.parse(str(fields(b), 2)!);

describe('encodeOpenAPIV2', () => {
  it('writes schemas with gnostic field numbers: types, formats, defaults, bounds, additionalProperties false', () => {
    const doc = encodeOpenAPIV2({
      swagger: '2.0',
      definitions: {
        A: {
          type: 'object',
          required: ['n'],
          additionalProperties: false,
          properties: { n: { type: 'integer', format: 'int32', default: 3, maximum: 5.5, enum: [1, 3] } },
          'x-kubernetes-map-type': 'atomic',
        },
      },
    });
    const top = fields(doc);
    assert.equal(str(top, 1), '2.0');
    const a = fields(named(fields(one(top, 9)).get(1)).get('A')!);
    assert.equal(str(fields(one(a, 22)), 1), 'object');
    assert.equal(str(a, 19), 'n');
    // additionalProperties: false is the oneof's boolean, present although false.
    assert.deepEqual(fields(one(a, 21)).get(2), [0]);
    assert.deepEqual(anyJson(named(a.get(31)).get('x-kubernetes-map-type')!), 'atomic');
    const n = fields(named(fields(one(a, 25)).get(1)).get('n')!);
    assert.equal(str(n, 2), 'int32');
    assert.equal(anyJson(one(n, 5)), 3);
    assert.deepEqual(n.get(7), [5.5]);
    assert.deepEqual(
      n.get(20)!.map((e) => anyJson(e as Buffer)),
      [1, 3],
    );
  });

  it('encodes the served document: definitions with their kinds, paths with operations and parameters', () => {
    const top = fields(new OpenAPIDocuments().v2Protobuf());
    assert.equal(str(fields(one(top, 2)), 1), 'Kubernetes');
    const definitions = named(fields(one(top, 9)).get(1));
    const pod = fields(definitions.get('io.k8s.api.core.v1.Pod')!);
    assert.deepEqual(anyJson(named(pod.get(31)).get('x-kubernetes-group-version-kind')!), [
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
    const spec = fields(named(fields(one(pod, 25)).get(1)).get('spec')!);
    assert.equal(str(spec, 1), '#/definitions/io.k8s.api.core.v1.PodSpec');

    const paths = named(fields(one(top, 8)).get(2));
    const pods = fields(paths.get('/api/v1/namespaces/{namespace}/pods')!);
    const list = fields(one(pods, 2));
    assert.equal(str(list, 5), 'listCoreV1NamespacedPod');
    assert.equal(anyJson(named(list.get(13)).get('x-kubernetes-action')!), 'list');
    const ok = fields(named(fields(one(list, 9)).get(1)).get('200')!);
    const okSchema = fields(one(fields(one(ok, 1)), 2));
    assert.equal(str(fields(one(okSchema, 1)), 1), '#/definitions/io.k8s.api.core.v1.PodList');
    // The path's parameters: `namespace` is a path parameter (NonBodyParameter field 4).
    const params = pods.get(9)!.map((p) => fields(one(fields(one(fields(p as Buffer), 1)), 2)));
    const namespace = params
      .filter((p) => p.has(4))
      .map((p) => fields(one(p, 4)))
      .find((p) => str(p, 4) === 'namespace')!;
    assert.ok(
      params.some((p) => p.has(3)),
      'query parameters such as pretty are field 3',
    );
    assert.deepEqual(namespace.get(1), [1]);
    assert.equal(str(namespace, 2), 'path');
    // The create operation's body parameter (Parameter field 1).
    const post = fields(one(pods, 4));
    const body = post
      .get(8)!
      .map((p) => fields(one(fields(p as Buffer), 1)))
      .find((p) => p.has(1))!;
    assert.equal(str(fields(one(body, 1)), 3), 'body');
  });
});

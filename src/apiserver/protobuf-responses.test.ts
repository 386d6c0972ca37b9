import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useControlPlane } from './testing/cluster.js';
import { decodeProtobuf, encodeProtobuf } from '../machinery/protobuf/codec.js';

const api = useControlPlane();
const PROTO = 'application/vnd.kubernetes.protobuf';
const CM = '/api/v1/namespaces/default/configmaps';

test('a client that accepts only protobuf gets objects, lists and errors in protobuf', async () => {
  await api.request('POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' }, data: { a: '1' } });
  const got = await api.request('GET', `${CM}/p`, undefined, { Accept: PROTO });
  assert.equal(got.status, 200);
  assert.equal(got.headers['content-type'], PROTO);
  assert.deepEqual(got.raw.subarray(0, 4), Buffer.from('k8s\0'));
  const obj = decodeProtobuf(got.raw) as { kind: string; data: object; metadata: { name: string; uid: string } };
  assert.equal(obj.kind, 'ConfigMap');
  assert.deepEqual(obj.data, { a: '1' });
  assert.equal(obj.metadata.name, 'p');

  const list = await api.request('GET', CM, undefined, { Accept: PROTO });
  const decoded = decodeProtobuf(list.raw) as { kind: string; items: { metadata: { name: string } }[] };
  assert.equal(decoded.kind, 'ConfigMapList');
  assert.deepEqual(
    decoded.items.map((i) => i.metadata.name),
    ['p'],
  );

  const missing = await api.request('GET', `${CM}/nope`, undefined, { Accept: PROTO });
  assert.equal(missing.status, 404);
  const status = decodeProtobuf(missing.raw) as { kind: string; reason: string; message: string };
  assert.deepEqual([status.kind, status.reason, status.message], ['Status', 'NotFound', 'configmaps "nope" not found']);

  // Protobuf first with JSON acceptable too: k8ts answers JSON unless the client accepts nothing else.
  const either = await api.request('GET', `${CM}/p`, undefined, { Accept: `${PROTO}, application/json` });
  assert.equal(either.headers['content-type'], 'application/json');
  assert.equal(either.body.metadata.name, 'p');
});

test('a watch that accepts only protobuf gets length-framed WatchEvents, each object a protobuf body', async () => {
  const w = await api.watch(`${CM}?watch=1&resourceVersion=0`, { Accept: PROTO });
  assert.equal(w.status, 200);
  assert.equal(w.headers['content-type'], `${PROTO};stream=watch`);
  await api.request('POST', CM, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'watched' },
    data: { b: '2' },
  });
  const frames = () => {
    const all = Buffer.concat(w.raw);
    const out: Buffer[] = [];
    for (let at = 0; at + 4 <= all.length;) {
      const len = all.readUInt32BE(at);
      if (at + 4 + len > all.length) break;
      out.push(all.subarray(at + 4, at + 4 + len));
      at += 4 + len;
    }
    return out;
  };
  const end = Date.now() + 5000;
  const find = () =>
    frames()
      .map(
        (f) =>
          decodeProtobuf(f) as { kind: string; type: string; object: { metadata: { name: string }; data: object } },
      )
      .find((e) => e.object.metadata.name === 'watched');
  while (!find() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  const ev = find()!;
  assert.deepEqual([ev.kind, ev.type, ev.object.data], ['WatchEvent', 'ADDED', { b: '2' }]);
  w.close();
});

test('protobuf bodies that are truncated or of another kind are refused with 400, and nothing is stored', async () => {
  const cm = encodeProtobuf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pb' }, data: { a: '1' } });
  const truncated = await api.request('POST', CM, cm.subarray(0, cm.length - 3), { 'Content-Type': PROTO });
  assert.equal(truncated.status, 400);
  assert.equal(truncated.body.reason, 'BadRequest');
  const secret = encodeProtobuf({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pb' } });
  const wrong = await api.request('POST', CM, secret, { 'Content-Type': PROTO });
  assert.equal(wrong.status, 400);
  assert.equal((await api.request('GET', `${CM}/pb`)).status, 404);
  const ok = await api.request('POST', CM, cm, { 'Content-Type': PROTO });
  assert.equal(ok.status, 201);
  assert.deepEqual(ok.body.data, { a: '1' });
});

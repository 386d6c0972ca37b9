import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { landed, serializeForWrite, writtenJSON } from './written.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const withRV = (obj: Obj, rv: string | undefined): Obj => {
  const copy = structuredClone(obj);
  if (rv === undefined) delete copy.metadata.resourceVersion;
  else copy.metadata.resourceVersion = rv;
  return copy;
};

/** Objects with their resourceVersion first, in the middle, last, alone, and absent. */
const shapes: Obj[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '5', name: 'a', namespace: 'd' }, data: {} },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '5', uid: 'u' }, data: { k: 'v' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', uid: 'u', resourceVersion: '5' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '5' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
  { data: { x: '"resourceVersion":"1"' }, metadata: { annotations: { resourceVersion: '1' }, name: 'late' } },
  // Characters of two, three and four UTF-8 bytes on both sides of the member.
  { kind: 'Ünïcode', metadata: { name: 'ü', resourceVersion: '5', annotations: { a: '日本🎉' } }, data: { b: 'ß' } },
];

describe('serializeForWrite', () => {
  it('stores the object without its resourceVersion, byte for byte as JSON.stringify would', () => {
    for (const obj of shapes) {
      const before = JSON.stringify(obj);
      const w = serializeForWrite(obj);
      assert.equal(w.data.toString(), JSON.stringify(withRV(obj, undefined)));
      assert.equal(JSON.stringify(obj), before, 'the object is left as it was, key order too');
    }
  });

  it('serves the object with the revision as its resourceVersion, in the member’s place', () => {
    for (const obj of shapes) {
      const w = serializeForWrite(obj);
      const rv = obj.metadata.resourceVersion;
      // A resourceVersion the object did not have comes last in metadata, as assigning it puts it.
      const served =
        rv === undefined ? { ...obj, metadata: { ...obj.metadata, resourceVersion: '42' } } : withRV(obj, '42');
      assert.equal(w.json(42), JSON.stringify(served));
    }
  });

  it('keeps its bytes out of Buffer’s shared pool', () => {
    const w = serializeForWrite(shapes[1]);
    assert.equal(w.data.byteOffset, 0);
    assert.equal(w.data.buffer.byteLength, w.data.length);
  });

  it('answers a landed write with its JSON, and nothing for any other object', () => {
    const obj = structuredClone(shapes[4]);
    const w = serializeForWrite(obj);
    landed(obj, w, 7);
    assert.equal(obj.metadata.resourceVersion, '7');
    assert.equal(writtenJSON(obj), JSON.stringify(obj));
    assert.equal(writtenJSON(structuredClone(obj)), undefined);
  });

  it('forgets an answer once it is read', () => {
    const obj = structuredClone(shapes[4]);
    landed(obj, serializeForWrite(obj), 7);
    assert.ok(writtenJSON(obj));
    assert.equal(writtenJSON(obj), undefined);
  });

  it('serves each revision asked in turn with its own resourceVersion', () => {
    const w = serializeForWrite(shapes[4]);
    for (const rev of [42, 42, 43, 42]) assert.equal(JSON.parse(w.json(rev)).metadata.resourceVersion, String(rev));
  });
});

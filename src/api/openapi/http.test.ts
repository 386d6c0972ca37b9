import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpenAPIDocuments } from './documents.js';
import { negotiate, respondOpenAPI } from './http.js';

const docs = new OpenAPIDocuments();
const now = new Date('2025-01-01T00:00:00Z');
const respond = (path: string, extra: { query?: string; accept?: string; ifNoneMatch?: string } = {}) =>
  respondOpenAPI({ path, ...extra }, docs, now);

describe('respondOpenAPI', () => {
  it('serves a v3 document asked by its hash as immutable for a year', () => {
    const doc = docs.v3('apis/apps/v1')!;
    const res = respond('/openapi/v3/apis/apps/v1', { query: `hash=${doc.hash}`, accept: 'application/json' })!;
    assert.equal(res.status, 200);
    assert.equal(res.body, doc.body);
    assert.equal(res.headers['Cache-Control'], 'public, immutable');
    assert.equal(res.headers.Expires, 'Thu, 01 Jan 2026 00:00:00 GMT');
    assert.equal(res.headers.ETag, `"${doc.hash}"`);
    assert.equal(res.headers['Content-Type'], 'application/json');
    assert.equal(res.headers.Vary, 'Accept');
  });

  it('redirects a stale hash to the current one', () => {
    const res = respond('/openapi/v3/apis/apps/v1', { query: '?hash=OLD' })!;
    assert.equal(res.status, 301);
    assert.equal(res.headers.Location, `/openapi/v3/apis/apps/v1?hash=${docs.v3('apis/apps/v1')!.hash}`);
  });

  it('serves the index and v2 uncached, and 304 on a matching If-None-Match', () => {
    const index = respond('/openapi/v3')!;
    assert.equal(index.status, 200);
    assert.equal(index.headers['Cache-Control'], 'no-cache, private');
    assert.ok(JSON.parse(index.body!.toString()).paths['api/v1']);
    const v2 = respond('/openapi/v2')!;
    assert.equal(JSON.parse(v2.body!.toString()).swagger, '2.0');
    const again = respond('/openapi/v2', { ifNoneMatch: v2.headers.ETag })!;
    assert.equal(again.status, 304);
    assert.equal(again.body, undefined);
  });

  it('answers 404 for an unknown document, 406 for v3 protobuf only, undefined elsewhere', () => {
    assert.equal(respond('/openapi/v3/apis/nope/v1')!.status, 404);
    const proto = respond('/openapi/v3/api/v1', {
      accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf',
    })!;
    assert.equal(proto.status, 406);
    assert.equal(JSON.parse(proto.body!.toString()).reason, 'NotAcceptable');
    assert.equal(respond('/api/v1'), undefined);
  });

  it('serves v2 as protobuf to client-go, under the JSON document ETag', () => {
    const json = respond('/openapi/v2')!;
    for (const accept of [
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    ]) {
      const res = respond('/openapi/v2', { accept })!;
      assert.equal(res.status, 200);
      assert.equal(res.headers['Content-Type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
      assert.equal(res.headers.ETag, json.headers.ETag);
      assert.equal(res.body, docs.v2Protobuf());
    }
  });
});

describe('negotiate', () => {
  const v2 = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
  it('picks the first acceptable clause by quality; no Accept means JSON', () => {
    assert.equal(negotiate(undefined), 'application/json');
    assert.equal(negotiate('*/*'), 'application/json');
    assert.equal(
      negotiate('application/com.github.proto-openapi.spec.v3@v1.0+protobuf, application/json;q=0.9'),
      'application/json',
    );
    assert.equal(negotiate('application/com.github.proto-openapi.spec.v2@v1.0+protobuf'), undefined);
    const offers: [string, string][] = [
      ['application/json', 'application/json'],
      [v2, v2],
    ];
    assert.equal(negotiate(`application/json;q=0.5, ${v2}`, offers), v2);
    assert.equal(negotiate(`${v2};q=0, application/*`, offers), 'application/json');
    assert.equal(negotiate('text/html', offers), undefined);
  });
});

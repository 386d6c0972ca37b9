import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { TLSSocket } from 'node:tls';
import type { H2Stream, HeaderList } from '../machinery/h2/stream.js';
import { H2ServerRequest, H2ServerResponse } from './h2-compat.js';
import { readBody, type Req } from './http.js';
import { ApiError } from '../machinery/errors.js';

/** What the compat objects use of an H2Stream, with what the response sent recorded. */
class FakeStream extends EventEmitter {
  headers: Record<string, string> = { ':method': 'POST', ':path': '/api/v1/namespaces/default/pods?dryRun=All' };
  headerList: HeaderList = [
    [':method', 'POST'],
    ['impersonate-group', 'a'],
    ['impersonate-group', 'b'],
  ];
  writable = true;
  sent: { headers?: HeaderList; data: Buffer[]; ended: boolean } = { data: [], ended: false };
  respond(headers: HeaderList) {
    this.sent.headers = headers;
  }
  write(data: Buffer | string) {
    this.sent.data.push(Buffer.from(data));
    return true;
  }
  end() {
    this.sent.ended = true;
    this.writable = false;
  }
  cancel() {}
}

const requestOn = (stream: FakeStream, limit = 1024) =>
  new H2ServerRequest(stream as unknown as H2Stream, {} as TLSSocket, limit);

test('a body that arrived before its reader, and after, is read whole and in order', async () => {
  const stream = new FakeStream();
  const req = requestOn(stream);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/api/v1/namespaces/default/pods?dryRun=All');
  assert.deepEqual(req.headersDistinct['impersonate-group'], ['a', 'b']);
  stream.emit('data', Buffer.from('{"a":'));
  stream.emit('data', Buffer.from('1,'));
  const body = readBody(req as unknown as Req);
  // Arrives after the reader, before the buffered chunks have gone out.
  stream.emit('data', Buffer.from('"b":2}'));
  stream.emit('end');
  assert.equal((await body).toString(), '{"a":1,"b":2}');
});

test('a body over the limit is refused with 413 though it arrived before its reader', async () => {
  const stream = new FakeStream();
  const req = requestOn(stream, 4);
  for (const part of ['aaaa', 'bbbb', 'cccc']) stream.emit('data', Buffer.from(part));
  stream.emit('end');
  await assert.rejects(readBody(req as unknown as Req, 4), (e: unknown) => e instanceof ApiError && e.code === 413);
});

test('a stream reset before its end fails the body being read', async () => {
  const stream = new FakeStream();
  const req = requestOn(stream);
  const body = readBody(req as unknown as Req);
  stream.emit('data', Buffer.from('partial'));
  stream.emit('close');
  await assert.rejects(body, /aborted/);
});

test('the response: status and headers (lower-cased, lists repeated) go out with the first write', () => {
  const stream = new FakeStream();
  const res = new H2ServerResponse(requestOn(stream), stream as unknown as H2Stream);
  res.setHeader('Warning', ['299 - "one"', '299 - "two"']);
  assert.deepEqual(res.getHeader('warning'), ['299 - "one"', '299 - "two"']);
  res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': '2' });
  assert.equal(res.headersSent, true);
  res.end('{}');
  assert.deepEqual(stream.sent.headers, [
    [':status', '201'],
    ['warning', '299 - "one"'],
    ['warning', '299 - "two"'],
    ['content-type', 'application/json'],
    ['content-length', '2'],
  ]);
  assert.deepEqual(Buffer.concat(stream.sent.data).toString(), '{}');
  assert.equal(stream.sent.ended, true);
  assert.equal(res.writableEnded, true);
});

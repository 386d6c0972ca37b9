import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { H2Session } from './session.js';
import type { H2Stream } from './stream.js';
import { ErrorCode, Flag, FrameType, frameHeader, MAX_WINDOW, PREFACE, Setting, settings, u32 } from './frames.js';
import { encodeHeaders } from './hpack.js';

/** An H2Session server on loopback; `handler` gets each stream. */
async function serve(handler: (s: H2Stream) => void): Promise<{ url: string; server: Server; sessions: H2Session[] }> {
  const sessions: H2Session[] = [];
  const server = createServer((socket) => sessions.push(new H2Session(socket, handler)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sessions };
}

interface Reply {
  headers: http2.IncomingHttpHeaders;
  body: Buffer;
  trailers?: http2.IncomingHttpHeaders;
}

function request(
  client: http2.ClientHttp2Session,
  body: Buffer | string = 'hello',
  headers: http2.OutgoingHttpHeaders = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = client.request({
      ':method': 'POST',
      ':path': '/svc/Method',
      'content-type': 'application/grpc',
      ...headers,
    });
    const chunks: Buffer[] = [];
    const reply: Reply = { headers: {}, body: Buffer.alloc(0) };
    req.on('response', (h) => (reply.headers = h));
    req.on('trailers', (t) => (reply.trailers = t));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve({ ...reply, body: Buffer.concat(chunks) }));
    req.on('error', reject);
    req.end(body);
  });
}

/** Echoes the request body back with headers and trailers, all in one turn. */
function echo(s: H2Stream): void {
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  s.on('end', () => {
    s.respond([
      [':status', '200'],
      ['content-type', 'application/grpc'],
      ['x-path', s.headers[':path']],
    ]);
    s.write(Buffer.concat(chunks));
    s.end([['grpc-status', '0']]);
  });
}

const cleanup: Array<() => void> = [];
after(() => cleanup.forEach((f) => f()));

async function withEcho(handler: (s: H2Stream) => void = echo, settings: http2.Settings = {}) {
  const srv = await serve(handler);
  const client = http2.connect(srv.url, { settings });
  client.on('error', () => {});
  cleanup.push(() => (client.destroy(), srv.server.close()));
  return { ...srv, client };
}

describe('H2Session', () => {
  it('answers with headers, data and trailers that node:http2 reads; many streams on one connection', async () => {
    const { client } = await withEcho();
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => request(client, `message ${i}`)));
    replies.forEach((r, i) => {
      assert.equal(r.headers[':status'], 200);
      assert.equal(r.headers['x-path'], '/svc/Method');
      assert.equal(r.body.toString(), `message ${i}`);
      assert.equal(r.trailers?.['grpc-status'], '0');
    });
  });

  it("sends what one turn of the event loop gives each connection's streams in one socket write per connection", async () => {
    const writes: number[] = [];
    const waiting: H2Stream[] = [];
    const answerTogether = (s: H2Stream) => {
      s.on('end', () => {
        waiting.push(s);
        if (waiting.length < 4) return;
        // One timer callback answers all four; what the sessions wrote before it is not counted.
        setTimeout(() => {
          writes.fill(0);
          waiting.forEach(echoNow);
        });
      });
    };
    const echoNow = (s: H2Stream) => {
      s.respond([[':status', '200']]);
      s.write(Buffer.from(`a small frame for ${s.headers['x-n']} `));
      s.write(Buffer.alloc(10_000, s.headers['x-n'])); // larger than a frame built whole
      s.end([['grpc-status', '0']]);
    };
    const server = createServer((socket) => {
      const i = writes.push(0) - 1;
      const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
      socket.write = ((chunk: Buffer) => (writes[i]++, write(chunk))) as typeof socket.write;
      new H2Session(socket, answerTogether);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const clients = [0, 1].map(() => http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    cleanup.push(() => (clients.forEach((c) => c.destroy()), server.close()));
    const replies = await Promise.all(
      ['0', '1', '2', '3'].map((n) => request(clients[Number(n) % 2], '', { 'x-n': n }).then((r) => [n, r] as const)),
    );
    for (const [n, r] of replies) {
      assert.equal(r.body.toString(), `a small frame for ${n} ${n.repeat(10_000)}`);
      assert.equal(r.trailers?.['grpc-status'], '0');
    }
    assert.deepEqual(writes, [1, 1], 'two streams each on two connections: one write per connection');
  });

  it('takes request bodies larger than its windows, and sends replies larger than the client allows at once', async () => {
    const { client } = await withEcho(echo, { initialWindowSize: 1000 });
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
    for (let i = 0; i < big.length; i += 4093) big[i] = i % 251;
    const r = await request(client, big);
    assert.ok(r.body.equals(big), 'the whole body came back unchanged');
    assert.equal(r.trailers?.['grpc-status'], '0');
  });

  it('sends text as its UTF-8 bytes: beside buffers, cut by a small window, and larger than one socket write copies', async () => {
    const small = 'é€😀 text\n';
    const large = `${'ok '.repeat(30_000)}ü`;
    // Long JSON text too, as a watch writes it.
    const ascii = '{"ok":true}\n'.repeat(5_000);
    for (const initialWindowSize of [65_535, 7]) {
      const { client } = await withEcho(
        (s) =>
          s.on('end', () => {
            s.respond([[':status', '200']]);
            s.write(small);
            s.write(Buffer.from('|'));
            s.write(large);
            s.write(ascii);
            s.end([['grpc-status', '0']]);
          }),
        { initialWindowSize },
      );
      const r = await request(client);
      assert.ok(
        r.body.equals(Buffer.from(`${small}|${large}${ascii}`)),
        `window ${initialWindowSize}: the bytes of the text`,
      );
    }
  });

  it('asks the writer to wait (write false, then drain) when the client does not grant window', async () => {
    const events: string[] = [];
    const { client } = await withEcho(
      (s) => {
        s.on('end', () => {
          s.respond([[':status', '200']]);
          const ok = s.write(Buffer.alloc(100_000, 1));
          events.push(`write ${ok}`);
          s.once('drain', () => {
            events.push('drain');
            s.end([['grpc-status', '0']]);
          });
        });
      },
      { initialWindowSize: 100 },
    );
    const r = await request(client);
    assert.equal(r.body.length, 100_000);
    assert.deepEqual(events, ['write false', 'drain']);
  });

  it('splits a header block larger than a frame into CONTINUATION frames', async () => {
    const long = 'm'.repeat(40_000);
    const { client } = await withEcho((s) =>
      s.on('end', () => {
        s.respond([[':status', '200']]);
        s.end([
          ['grpc-status', '3'],
          ['grpc-message', long],
        ]);
      }),
    );
    const r = await request(client);
    assert.equal(r.trailers?.['grpc-message'], long);
  });

  it("tells the stream when the client resets it, and a server's early answer resets a client still sending", async () => {
    let closed!: () => void;
    const wasClosed = new Promise<void>((r) => (closed = r));
    const { client } = await withEcho((s) => {
      if (s.headers[':path'] === '/early') {
        s.respond([[':status', '200']]);
        return s.end([['grpc-status', '0']]);
      }
      s.on('close', closed);
    });
    const req = client.request({ ':method': 'POST', ':path': '/hang' });
    req.on('error', () => {});
    req.write('partial');
    await new Promise((r) => setTimeout(r, 50));
    req.close(http2.constants.NGHTTP2_CANCEL);
    await wasClosed;
    const early = client.request({ ':method': 'POST', ':path': '/early' });
    early.write('more to come');
    const code = await new Promise<number>((resolve) => {
      early.on('close', () => resolve(early.rstCode));
      early.resume();
    });
    assert.equal(code, http2.constants.NGHTTP2_NO_ERROR);
  });

  it('answers PING', async () => {
    const { client } = await withEcho();
    await new Promise((r) => client.once('remoteSettings', r));
    await new Promise<void>((resolve, reject) => client.ping((err) => (err ? reject(err) : resolve())));
  });

  it('on close: GOAWAY, open streams finish, then the connection ends', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const { client, sessions } = await withEcho((s) =>
      s.on('end', () => {
        s.respond([[':status', '200']]);
        void held.then(() => s.end([['grpc-status', '0']]));
      }),
    );
    const pending = request(client);
    await new Promise((r) => setTimeout(r, 50));
    const goaway = new Promise((r) => client.once('goaway', r));
    const clientClosed = new Promise((r) => client.once('close', r));
    sessions[0].close();
    await goaway;
    release();
    assert.equal((await pending).trailers?.['grpc-status'], '0');
    await clientClosed;
  });

  it('reads frames however the reads cut them: mid-header, mid-payload, several in one read', async () => {
    const { server } = await serve(echo);
    const port = (server.address() as AddressInfo).port;
    cleanup.push(() => server.close());
    const headers = encodeHeaders([
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', '/svc/Echo'],
      [':authority', 'localhost'],
    ]);
    const body = Buffer.from('0123456789'.repeat(30));
    const bytes = Buffer.concat([
      PREFACE,
      frameHeader(FrameType.SETTINGS, 0, 0, 0),
      frameHeader(FrameType.HEADERS, Flag.END_HEADERS, 1, headers.length),
      headers,
      frameHeader(FrameType.DATA, 0, 1, 100),
      body.subarray(0, 100),
      frameHeader(FrameType.DATA, Flag.END_STREAM, 1, 200),
      body.subarray(100),
    ]);
    for (const step of [1, 5, 9, 13, 64]) {
      const reply = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        const sock: Socket = connect(port, '127.0.0.1', async () => {
          sock.setNoDelay(true);
          for (let at = 0; at < bytes.length; at += step) {
            sock.write(bytes.subarray(at, at + step));
            await new Promise((r) => setTimeout(r, 1));
          }
        });
        sock.on('data', (c) => {
          chunks.push(c);
          if (findFrame(Buffer.concat(chunks), FrameType.DATA)) sock.destroy();
        });
        sock.on('error', () => {});
        sock.on('close', () => resolve(Buffer.concat(chunks)));
        setTimeout(() => sock.destroy(), 5000).unref();
      });
      assert.deepEqual(findFrame(reply, FrameType.DATA), body, `${step}-byte reads`);
    }
  });

  it('answers a bad preface by closing, and a protocol error with GOAWAY PROTOCOL_ERROR', async () => {
    const { server } = await serve(echo);
    const port = (server.address() as AddressInfo).port;
    cleanup.push(() => server.close());
    const rawExchange = (bytes: Buffer) =>
      new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        const sock: Socket = connect(port, '127.0.0.1', () => sock.write(bytes));
        sock.on('data', (c) => chunks.push(c));
        sock.on('error', () => {});
        sock.on('close', () => resolve(Buffer.concat(chunks)));
        setTimeout(() => sock.destroy(), 3000).unref();
      });
    const started = Date.now();
    const noPreface = await rawExchange(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    assert.ok(Date.now() - started < 2000, 'the server closed the connection');
    assert.ok(findFrame(noPreface, FrameType.SETTINGS), 'its SETTINGS went out first');
    assert.equal(findFrame(noPreface, FrameType.GOAWAY), undefined);
    // DATA on stream 0 is a connection error.
    const reply = await rawExchange(
      Buffer.concat([
        PREFACE,
        frameHeader(FrameType.SETTINGS, 0, 0, 0),
        frameHeader(FrameType.DATA, 0, 0, 1),
        Buffer.from('x'),
      ]),
    );
    const goaway = findFrame(reply, FrameType.GOAWAY);
    assert.ok(goaway, 'a GOAWAY frame was sent');
    assert.equal(goaway.readUInt32BE(4), ErrorCode.PROTOCOL_ERROR);
  });
});

/** The payload of the first frame of `type` in a server's output. */
function findFrame(bytes: Buffer, type: FrameType): Buffer | undefined {
  for (let pos = 0; pos + 9 <= bytes.length;) {
    const length = bytes.readUIntBE(pos, 3);
    if (bytes[pos + 3] === type) return bytes.subarray(pos + 9, pos + 9 + length);
    pos += 9 + length;
  }
  return undefined;
}

/** A client H2Session on a new connection to `url`. */
async function clientTo(url: string): Promise<H2Session> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const session = new H2Session(socket);
  cleanup.push(() => session.destroy());
  return session;
}

interface ClientReply {
  headers: Record<string, string>;
  body: Buffer;
  trailers?: Record<string, string>;
}

function call(session: H2Session, path: string, body: Buffer | string): Promise<ClientReply> {
  return new Promise((resolve, reject) => {
    const s = session.request([
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', path],
      [':authority', 'localhost'],
      ['content-type', 'application/grpc'],
    ]);
    const chunks: Buffer[] = [];
    const reply: ClientReply = { headers: {}, body: Buffer.alloc(0) };
    s.on('response', (h: Record<string, string>) => (reply.headers = h));
    s.on('trailers', (t: Record<string, string>) => (reply.trailers = t));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve({ ...reply, body: Buffer.concat(chunks) }));
    s.on('close', () => reject(new Error('closed before its end')));
    s.write(typeof body === 'string' ? Buffer.from(body) : body);
    s.end();
  });
}

describe('H2Session as a client', () => {
  it('calls our server: headers, body and trailers both ways, bodies larger than the windows', async () => {
    const { url } = await withEcho();
    const session = await clientTo(url);
    const big = Buffer.alloc(5 * 1024 * 1024 + 3, 'y');
    const [small, large] = await Promise.all([call(session, '/a/B', 'ping'), call(session, '/a/C', big)]);
    assert.equal(small.headers[':status'], '200');
    assert.equal(small.headers['x-path'], '/a/B');
    assert.equal(small.body.toString(), 'ping');
    assert.equal(small.trailers?.['grpc-status'], '0');
    assert.ok(large.body.equals(big));
    assert.equal(session.streams.size, 0, 'finished streams are let go');
  });

  it('calls node:http2, and reads a Trailers-Only answer', async () => {
    const server = http2.createServer();
    server.on('stream', (stream, headers) => {
      stream.on('data', () => {});
      stream.on('end', () => {
        if (headers[':path'] === '/only') {
          stream.respond({ ':status': 200, 'grpc-status': '12' }, { endStream: true });
          return;
        }
        stream.respond({ ':status': 200 }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end('from node');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => server.close());
    const session = await clientTo(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const r = await call(session, '/x', 'hi');
    assert.equal(r.body.toString(), 'from node');
    assert.equal(r.trailers?.['grpc-status'], '0');
    const only = await call(session, '/only', 'hi');
    assert.equal(only.headers['grpc-status'], '12');
    assert.equal(only.trailers, undefined);
  });

  it('cancels a stream, and GOAWAY from the server stops new streams', async () => {
    let serverSaw!: () => void;
    const reset = new Promise<void>((r) => (serverSaw = r));
    const { url, sessions } = await withEcho((s) => s.on('close', serverSaw));
    const session = await clientTo(url);
    const s = session.request([
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', '/hang'],
    ]);
    s.write(Buffer.from('x'));
    await new Promise((r) => setTimeout(r, 20));
    s.cancel();
    await reset;
    const goaway = new Promise((r) => session.once('goaway', r));
    sessions.at(-1)!.close(); // the last connection made: this client's
    await goaway;
    assert.equal(session.alive, false);
    assert.throws(() => session.request([[':method', 'POST']]), /closed/);
    // With nothing open, the server ends the connection, and the client hears of it.
    await new Promise((r) => session.once('close', r));
  });

  it("learns the server's stream limit; a stream opened beyond it is refused, unprocessed, and one request's headers can end it", async () => {
    const held: H2Stream[] = [];
    const server = createServer((socket) => new H2Session(socket, (st) => held.push(st), 2));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => server.close());
    const session = await clientTo(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await new Promise((r) => session.once('settings', r));
    assert.equal(session.peerMaxStreams, 2);
    const get = (path: string) =>
      session.request(
        [
          [':method', 'GET'],
          [':scheme', 'http'],
          [':path', path],
        ],
        true,
      );
    const streams = [get('/1'), get('/2'), get('/3')];
    const third = await new Promise<number | undefined>((r) => streams[2].once('close', () => r(streams[2].rstCode)));
    assert.equal(third, ErrorCode.REFUSED_STREAM);
    assert.deepEqual(
      held.map((st) => [st.headers[':path'], st.remoteClosed]),
      [
        ['/1', true],
        ['/2', true],
      ],
    );
    held[0].respond([[':status', '204']], true);
    await new Promise((r) => streams[0].once('close', r));
    assert.equal(streams[0].rstCode, undefined);
  });

  it('holds DATA back while a peer with open windows does not read its socket: write() says to wait', async () => {
    let outcome!: (r: { bytes: number; waited: boolean }) => void;
    const result = new Promise<{ bytes: number; waited: boolean }>((r) => (outcome = r));
    const chunk = Buffer.alloc(256 * 1024, 'z');
    const cap = 256 * 1024 * 1024;
    const { server } = await serve((st) => {
      st.respond([[':status', '200']]);
      let bytes = 0;
      const more = () => {
        while (bytes < cap) {
          bytes += chunk.length;
          if (!st.write(chunk)) return outcome({ bytes, waited: true });
          if (bytes % (4 * 1024 * 1024) === 0) return void setImmediate(more);
        }
        outcome({ bytes, waited: false });
      };
      more();
    });
    cleanup.push(() => server.close());
    // A peer that opens every window as wide as it goes, asks for one stream, then stops reading.
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    cleanup.push(() => socket.destroy());
    await new Promise((r) => socket.once('connect', r));
    const block = encodeHeaders([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/big'],
      [':authority', 'localhost'],
    ]);
    const payload = settings([[Setting.INITIAL_WINDOW_SIZE, MAX_WINDOW]]);
    socket.write(
      Buffer.concat([
        PREFACE,
        frameHeader(FrameType.SETTINGS, 0, 0, payload.length),
        payload,
        frameHeader(FrameType.WINDOW_UPDATE, 0, 0, 4),
        u32(MAX_WINDOW - 65_535),
        frameHeader(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, 1, block.length),
        block,
      ]),
    );
    socket.pause();
    const { bytes, waited } = await result;
    assert.ok(waited, `wrote ${bytes} bytes without being asked to wait`);
    assert.ok(bytes < 64 * 1024 * 1024, `asked to wait only after ${bytes} bytes`);
  });
});

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createServer, type AddressInfo } from 'node:net';
import { H2Session } from '../h2/session.js';
import type { H2Stream } from '../h2/stream.js';
import { frame, GrpcConn } from './grpc-h2.js';

/** A gRPC server on loopback: `/ok` echoes its message, `/reset` resets the stream unanswered. */
async function serve(): Promise<string> {
  const server = createServer(
    (socket) =>
      new H2Session(socket, (s: H2Stream) => {
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => {
          if (s.headers[':path'] === '/reset') return s.cancel();
          s.respond([
            [':status', '200'],
            ['content-type', 'application/grpc'],
          ]);
          s.write(Buffer.concat(chunks));
          s.end([['grpc-status', '0']]);
        });
      }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('a unary call resolves with its reply, and one whose stream is reset rejects as closed', async () => {
  const conn = await GrpcConn.connect(await serve());
  after(() => conn.close());
  const calls = await Promise.allSettled([
    conn.unary('/ok', frame(Buffer.from('one'))),
    conn.unary('/reset', frame(Buffer.from('two'))),
    conn.unary('/ok', frame(Buffer.from('three'))),
  ]);
  assert.deepEqual(
    calls.map((c) => (c.status === 'fulfilled' ? c.value.message().toString() : (c.reason as Error).message)),
    ['one', '/reset: stream closed', 'three'],
  );
});

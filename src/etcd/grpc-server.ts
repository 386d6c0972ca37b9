/**
 * A small gRPC server on our own HTTP/2 (src/machinery/h2/), for the etcd services. grpc-js'
 * server spends more CPU per call than the whole of a Range from memory (interceptors, metadata
 * objects, deadline timers, channelz); this does only what the protocol needs:
 * - a request is `POST /<package>.<Service>/<Method>` with `content-type: application/grpc`;
 * - messages in both directions are length-prefixed (1 byte compressed flag, 4 bytes length);
 * - the status travels in trailers (`grpc-status`, percent-encoded `grpc-message`), or alone in
 *   the response headers when nothing else is sent (Trailers-Only).
 * Method definitions (paths, (de)serializers, streaming flags) come from proto-loader.
 *
 * Handlers: unary ones return (or resolve) the response; streaming ones get a {@link GrpcCall},
 * which emits 'data' for each request message, 'end' when the client half-closes and 'close'
 * when the call is over, and takes `write` (false: wait for 'drain') and `end`.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { H2Session } from '../machinery/h2/session.js';
import type { H2Stream, HeaderList } from '../machinery/h2/stream.js';
import { Code, EtcdError } from './errors.js';
import type { ServiceDefinition } from '../machinery/etcd-grpc/proto-types.js';
import type { Msg } from './rpc-client.js';

export type UnaryHandler = (request: Msg) => Msg | Promise<Msg>;
export type StreamHandler = (call: GrpcCall, request?: Msg) => void;

interface Method {
  path: string;
  clientStream: boolean;
  serverStream: boolean;
  decode: (b: Buffer) => Msg;
  encode: (m: Msg) => Buffer;
  handler: UnaryHandler | StreamHandler;
}

const RESPONSE_HEADERS: HeaderList = [
  [':status', '200'],
  ['content-type', 'application/grpc'],
];

/** One call's stream of messages, both ways. */
export class GrpcCall extends EventEmitter {
  private done = false;

  constructor(
    private readonly stream: H2Stream,
    private readonly encode: (m: Msg) => Buffer,
  ) {
    super();
    stream.on('drain', () => this.emit('drain'));
    stream.on('close', () => {
      this.done = true;
      this.emit('close');
    });
  }

  /** True while responses can still be sent. */
  get writable(): boolean {
    return !this.done && this.stream.writable;
  }

  /** Sends one response message; false when the client is not reading fast enough. */
  write(message: Msg): boolean {
    if (!this.writable) return false;
    this.sendHeaders();
    const body = this.encode(message);
    if (body.length < LARGE) return this.stream.write(frame(body));
    // A large message goes out as prefix and body, not copied once more into one buffer.
    this.stream.write(prefix(body.length));
    return this.stream.write(body);
  }

  /** A response message encoded and framed, for {@link writeFramed}: one encoding sent on many calls. */
  framed(message: Msg): Buffer {
    return frame(this.encode(message));
  }

  /** Sends a message from {@link framed}; false when the client is not reading fast enough. */
  writeFramed(framed: Buffer): boolean {
    if (!this.writable) return false;
    this.sendHeaders();
    return this.stream.write(framed);
  }

  /** Ends the call with a status (OK by default). */
  end(err?: unknown): void {
    if (!this.writable) return;
    const { code, message } = toStatus(err);
    this.done = true;
    const trailers: HeaderList = [['grpc-status', String(code)]];
    if (message) trailers.push(['grpc-message', encodeMessage(message)]);
    if (this.stream.headersSent) this.stream.end(trailers);
    else this.stream.respond([...RESPONSE_HEADERS, ...trailers], true);
  }

  private sendHeaders(): void {
    if (!this.stream.headersSent) this.stream.respond(RESPONSE_HEADERS);
  }
}

export class GrpcServer {
  private readonly methods = new Map<string, Method>();
  private readonly services = new Set<string>();
  private readonly sessions = new Set<H2Session>();

  constructor(
    /** Largest request message accepted (etcd: --max-request-bytes plus 512 KiB). */
    private readonly maxMessageBytes: number,
  ) {}

  /** Serves `impl`'s methods of a service definition. */
  addService(def: ServiceDefinition, impl: Record<string, UnaryHandler | StreamHandler>): void {
    for (const [name, handler] of Object.entries(impl)) {
      const m = def[name];
      this.methods.set(m.path, {
        path: m.path,
        clientStream: m.requestStream,
        serverStream: m.responseStream,
        decode: m.requestDeserialize,
        encode: m.responseSerialize,
        handler,
      });
      this.services.add(m.path.split('/')[1]);
    }
  }

  /** Serves HTTP/2 on a connection accepted elsewhere (plain or TLS). */
  handleConnection(connection: Duplex): void {
    const session = new H2Session(connection, (stream) => this.onStream(stream));
    this.sessions.add(session);
    connection.once('close', () => this.sessions.delete(session));
  }

  /** Ends every session; streams still open are cancelled after `graceMs`. */
  close(graceMs = 1000): Promise<void> {
    for (const s of this.sessions) s.close();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const s of this.sessions) s.destroy();
        resolve();
      }, graceMs);
      const check = () => {
        if (this.sessions.size === 0) {
          clearTimeout(timer);
          resolve();
        } else setTimeout(check, 10);
      };
      check();
    });
  }

  private onStream(stream: H2Stream): void {
    const { headers } = stream;
    const path = headers[':path'] ?? '';
    const method = this.methods.get(path);
    const reject = (code: number, message: string) =>
      new GrpcCall(stream, () => Buffer.alloc(0)).end(new EtcdError(code, message));
    if (headers[':method'] !== 'POST' || !(headers['content-type'] ?? '').startsWith('application/grpc')) {
      stream.respond([[':status', '415']], true);
      return;
    }
    if (!method) {
      const [, service, name] = path.split('/');
      return reject(
        Code.UNIMPLEMENTED,
        this.services.has(service) ? `unknown method ${name} for service ${service}` : `unknown service ${service}`,
      );
    }
    const call = new GrpcCall(stream, method.encode);
    const messages = readMessages(
      stream,
      this.maxMessageBytes,
      (msg) => call.emit('data', method.decode(msg)),
      (err) => call.end(err),
    );
    messages.on('end', () => call.emit('end'));
    if (method.clientStream) {
      (method.handler as StreamHandler)(call);
      return;
    }
    // Unary and server-streaming calls take exactly one request message.
    let request: Msg | undefined;
    call.on('data', (m: Msg) => (request = m));
    call.once('end', () => {
      if (!request) return call.end(new EtcdError(Code.INTERNAL, 'grpc: no request message'));
      if (method.serverStream) return (method.handler as StreamHandler)(call, request);
      let res: Msg | Promise<Msg>;
      try {
        res = (method.handler as UnaryHandler)(request);
      } catch (err) {
        return call.end(err);
      }
      if (res instanceof Promise) {
        res.then(
          (v) => {
            call.write(v);
            call.end();
          },
          (err) => call.end(err),
        );
      } else {
        call.write(res);
        call.end();
      }
    });
  }
}

/** Splits a request body into messages; refuses compressed and oversized ones. */
function readMessages(
  stream: H2Stream,
  maxBytes: number,
  onMessage: (b: Buffer) => void,
  onError: (err: EtcdError) => void,
): EventEmitter {
  const events = new EventEmitter();
  let pending: Buffer = Buffer.alloc(0);
  let failed = false;
  stream.on('data', (chunk: Buffer) => {
    if (failed) return;
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (pending[0] !== 0)
        return fail(new EtcdError(Code.UNIMPLEMENTED, 'grpc: compressed messages are not supported'));
      if (length > maxBytes) {
        return fail(
          new EtcdError(Code.RESOURCE_EXHAUSTED, `grpc: received message larger than max (${length} vs. ${maxBytes})`),
        );
      }
      if (pending.length < 5 + length) break;
      const message = pending.subarray(5, 5 + length);
      pending = pending.subarray(5 + length);
      try {
        onMessage(message);
      } catch {
        return fail(new EtcdError(Code.INTERNAL, 'grpc: error unmarshalling request'));
      }
    }
  });
  stream.on('end', () => !failed && events.emit('end'));
  const fail = (err: EtcdError) => {
    failed = true;
    onError(err);
  };
  return events;
}

/** Messages from this size on are written without copying them behind their prefix. */
const LARGE = 64 * 1024;

/** The 5-byte gRPC message prefix: not compressed, then the length. */
function prefix(length: number): Buffer {
  const p = Buffer.allocUnsafe(5);
  p[0] = 0;
  p.writeUInt32BE(length, 1);
  return p;
}

/** A message with its gRPC length prefix, in one buffer. */
function frame(message: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  message.copy(out, 5);
  return out;
}

function toStatus(err: unknown): { code: number; message: string } {
  if (err === undefined) return { code: Code.OK, message: '' };
  if (err instanceof EtcdError) return { code: err.code, message: err.message };
  console.error('k8ts etcd: internal error', err);
  return { code: Code.INTERNAL, message: `etcdserver: ${(err as Error)?.message ?? err}` };
}

/** gRPC's percent-encoding of grpc-message: bytes outside printable ASCII, and '%'. */
function encodeMessage(s: string): string {
  let out = '';
  for (const b of Buffer.from(s))
    out +=
      b >= 0x20 && b <= 0x7e && b !== 0x25
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

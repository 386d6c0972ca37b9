/**
 * One POST of an AdmissionReview and the decoding of the answer, as client-go's REST client does
 * it for webhooks: a deadline covering dial, TLS, request and response; non-2xx answers turned
 * into the messages of `NewGenericServerResponse` (or the Status the body carries); 2xx bodies
 * decoded as JSON objects.
 */
import { request } from 'node:https';
import { DeadlineExceededError } from './net-errors.js';
import type { WebhookTarget } from './client.js';
import type { JsonObject } from './types.js';

/** A raw HTTP answer. */
export interface HttpReply {
  statusCode: number;
  contentType: string;
  body: Buffer;
}

/** Rejects with DeadlineExceededError when `signal` aborts first. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DeadlineExceededError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlineExceededError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Marks an error met on a reused keep-alive socket before any answer: safe to send again once. */
const STALE_SOCKET = Symbol('staleSocket');

/** True for an error from a kept-alive socket the server had closed (the request never got an answer). */
export const isStaleSocketError = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[STALE_SOCKET] === true;

/**
 * POSTs `body` to `target` at `endpoint`; rejects with the transport error (DeadlineExceededError
 * when `signal` aborts, which also destroys the request; see isStaleSocketError for retries).
 */
export function postJson(
  target: WebhookTarget,
  endpoint: { host: string; port: number },
  body: string,
  signal: AbortSignal,
): Promise<HttpReply> {
  return new Promise<HttpReply>((resolve, reject) => {
    if (signal.aborted) return reject(new DeadlineExceededError());
    const payload = Buffer.from(body);
    const req = request({
      agent: target.agent,
      host: endpoint.host,
      port: endpoint.port,
      servername: target.servername,
      method: 'POST',
      path: target.path,
      headers: {
        Host: target.hostHeader,
        'Content-Type': 'application/json',
        Accept: 'application/json, */*',
        'Content-Length': payload.length,
        'User-Agent': 'kube-apiserver-admission',
      },
    });
    const onAbort = () => {
      const err = new DeadlineExceededError();
      reject(err);
      req.destroy(err);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    let answered = false;
    req.on('error', (err) => {
      done();
      const code = (err as NodeJS.ErrnoException).code;
      if (req.reusedSocket && !answered && (code === 'ECONNRESET' || code === 'EPIPE')) {
        Object.defineProperty(err, STALE_SOCKET, { value: true });
      }
      reject(err);
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => {
        done();
        reject(err);
      });
      res.on('end', () => {
        done();
        resolve({
          statusCode: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        });
      });
    });
    req.end(payload);
  });
}

/** client-go's `NewGenericServerResponse` message for an answer that is not a Status. */
function genericServerMessage(code: number, serverMessage: string): string {
  switch (code) {
    case 409:
      return 'the server reported a conflict';
    case 404:
      return 'the server could not find the requested resource';
    case 400:
      return 'the server rejected our request for an unknown reason';
    case 401:
      return 'the server has asked for the client to provide credentials';
    case 403:
    case 406:
    case 415:
      return serverMessage;
    case 405:
      return 'the server does not allow this method on the requested resource';
    case 422:
      return 'the server rejected our request due to an error in our request';
    case 503:
      return 'the server is currently unable to handle the request';
    case 504:
      return 'the server was unable to return a response in the time allotted, but may still be processing the request';
    case 429:
      return 'the server has received too many requests and has asked us to try again later';
  }
  if (code >= 500)
    return `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
  return `the server responded with the status code ${code} but did not return more information`;
}

const FIND_KIND =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * The decoded AdmissionReview of a 2xx answer, or `{ error }` with the text that follows
 * `failed to call webhook: ` upstream.
 */
export function decodeReply(reply: HttpReply): { review: JsonObject } | { error: string } {
  const text = reply.body.toString('utf8');
  if (reply.statusCode < 200 || reply.statusCode > 206) {
    try {
      const s = JSON.parse(text) as JsonObject;
      if (s && s.kind === 'Status' && s.status === 'Failure' && typeof s.message === 'string')
        return { error: s.message };
    } catch {
      // not a Status: the generic message below
    }
    const isText = /^text\//i.test(reply.contentType);
    const serverMessage = isText ? text.slice(0, 2048).trim() : 'unknown';
    return { error: genericServerMessage(reply.statusCode, serverMessage) };
  }
  if (reply.body.length === 0) {
    return { error: `0-length response with status code: ${reply.statusCode} and content type: ${reply.contentType}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `couldn't get version/kind; json parse error: ${(err as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed;
    return {
      error: `couldn't get version/kind; json parse error: json: cannot unmarshal ${kind} into Go value of type ${FIND_KIND}`,
    };
  }
  return { review: parsed as JsonObject };
}

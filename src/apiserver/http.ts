/**
 * Request and response plumbing shared by every handler: reading a bounded body, decoding JSON
 * or YAML as upstream's decoders do, and answering with an object or a Status.
 */
import type { RequestAudit } from './audit/index.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { parse as parseYaml } from 'yaml';
import { ApiError, errors, toStatus } from '../machinery/errors.js';
import { decodeProtobuf, encodeProtobuf, hasProtobufSchema, PROTOBUF_MEDIA_TYPE } from '../machinery/protobuf/codec.js';

export type Req = IncomingMessage | Http2ServerRequest;
export type Res = ServerResponse | Http2ServerResponse;

/** Upstream's request body limit (3 MiB). */
export const MAX_BODY = 3 * 1024 * 1024;

/** The whole body, or 413 once it passes `limit` bytes. */
export function readBody(req: Req, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(errors.requestEntityTooLarge(`limit is ${limit}`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The media type of a Content-Type or Accept entry, without parameters. */
export const mediaType = (value: string | undefined): string => (value ?? '').split(';')[0].trim().toLowerCase();

const JSON_TYPES = new Set(['application/json', '', '*/*']);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml']);

/** Go's encoding/json nesting limit, which upstream's decoders inherit. */
export const MAX_DEPTH = 10000;

/** 400 for a value nested deeper than Go's decoder accepts (walked without recursion). */
function checkDepth(value: unknown): unknown {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) throw errors.badRequest('json parse error: exceeded max depth');
    for (const child of Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return value;
}

/** Decodes a JSON, YAML or Kubernetes protobuf body into an object; 400 with the decoder's message when it is malformed. */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  return checkDepth(decode(body, contentType));
}

function decode(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === PROTOBUF_MEDIA_TYPE) return decodeProtobuf(body);
  const text = body.toString('utf8');
  if (YAML_TYPES.has(type) || type === 'application/apply-patch+yaml') {
    // YAML holds JSON, which is what kubectl sends for a server-side apply: JSON.parse reads it
    // many times faster than the YAML parser. Only a duplicate key reads otherwise (the last one
    // wins, as with upstream's non-strict decoding, rather than an error).
    if (/^\s*[{[]/.test(text)) {
      try {
        return JSON.parse(text);
      } catch {
        // Not JSON after all (a flow mapping, comments…): the YAML parser decides.
      }
    }
    try {
      return parseYaml(text);
    } catch (err) {
      throw errors.badRequest(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!JSON_TYPES.has(type) && !type.endsWith('+json')) {
    throw errors.unsupportedMediaType(type, ['application/json', 'application/yaml', PROTOBUF_MEDIA_TYPE]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`json parse error: ${(err as Error).message}`);
  }
}

/**
 * Whether `accept` names the protobuf encoding and nothing JSON can answer (upstream would
 * answer JSON to `application/json`, `*\/*` or `application/*` as well).
 */
export function acceptsOnlyProtobuf(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((e) => mediaType(e));
  return (
    types.includes(PROTOBUF_MEDIA_TYPE) &&
    !types.some((t) => t === 'application/json' || t === '*/*' || t === 'application/*' || YAML_TYPES.has(t))
  );
}

/** The body in protobuf, when the request accepts only that and the kind has a protobuf form. */
function asProtobuf(res: Res, body: unknown): Buffer | undefined {
  const req = (res as { req?: Req }).req;
  if (!acceptsOnlyProtobuf(req?.headers.accept)) return undefined;
  const obj = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
  if (typeof obj?.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  return hasProtobufSchema(obj.apiVersion, obj.kind) ? encodeProtobuf(obj) : undefined;
}

/**
 * Sends an object (or its pre-serialized JSON text): as JSON, or in the Kubernetes protobuf
 * envelope to a client that accepts nothing else.
 */
/** The audit of each audited request, by its request and its response, and the body sent. */
const audits = new WeakMap<object, { audit: RequestAudit; body?: unknown }>();

/** Ties an audit to a request: handlers record the objects they decode, `sendJSON` the body it sends. */
export function attachAudit(req: Req, res: Res, audit: RequestAudit): void {
  const entry = { audit };
  audits.set(req, entry);
  audits.set(res, entry);
}

/** The request's audit, when it is audited. */
export const auditOf = (req: Req | Res): RequestAudit | undefined => audits.get(req)?.audit;

/** The body last sent on `res`, for the audit's ResponseComplete. */
export const sentBody = (res: Res): unknown => audits.get(res)?.body;

export function sendJSON(res: Res, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const audited = audits.get(res);
  if (audited) audited.body = body;
  const proto = asProtobuf(res, body);
  // JSON goes as text: the HTTP/2 session encodes it straight into its socket write.
  const out = proto ?? (typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(code, {
    'Content-Type': proto ? PROTOBUF_MEDIA_TYPE : 'application/json',
    'Content-Length': String(typeof out === 'string' ? Buffer.byteLength(out) : out.length),
    ...headers,
  });
  res.end(out);
}

/** Sends any error as a Status with its code (500 for anything that is not an ApiError). */
export function sendError(res: Res, err: unknown): void {
  const status = toStatus(err);
  const headers: Record<string, string> = {};
  if (err instanceof ApiError && err.details?.retryAfterSeconds)
    headers['Retry-After'] = String(err.details.retryAfterSeconds);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJSON(res, status.code, status, headers);
}

/** Adds upstream's `Warning: 299 - "<text>"` headers (to any already set). */
export function addWarnings(res: Res, warnings: readonly string[]): void {
  if (!warnings.length || res.headersSent) return;
  const before = res.getHeader('Warning');
  const kept = before === undefined ? [] : Array.isArray(before) ? before : [String(before)];
  res.setHeader('Warning', [...kept, ...warnings.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`)]);
}

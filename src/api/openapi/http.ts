/**
 * How the apiserver answers `GET /openapi/v2`, `/openapi/v3` and `/openapi/v3/<path>`, with the
 * headers upstream's kube-openapi handlers send: an `ETag` of the document hash; for a v3
 * document asked with its current `?hash=`, `Cache-Control: public, immutable` and an `Expires`
 * a year ahead (any other hash is redirected, 301, to the current one); `no-cache, private`
 * otherwise; 304 when `If-None-Match` matches. Only JSON is served: a request accepting only
 * the protobuf encodings gets 406.
 */
import { defaultOpenAPIDocuments, type OpenAPIDocuments, type ServedDocument } from './documents.js';

export interface OpenAPIRequest {
  /** The URL path, e.g. `/openapi/v3/apis/apps/v1`. */
  path: string;
  /** The query string (with or without `?`) or its parsed form. */
  query?: string | URLSearchParams;
  accept?: string;
  ifNoneMatch?: string;
}

export interface OpenAPIResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Whether `accept` admits JSON (absent, `*\/*`, `application/*`, or a JSON type). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0].trim().toLowerCase();
    return type === '*/*' || type === 'application/*' || type === 'application/json' || type === '';
  });
}

function statusBody(code: number, reason: string, message: string): Buffer {
  return Buffer.from(
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }),
  );
}

function document(doc: ServedDocument, req: OpenAPIRequest, extra: Record<string, string>): OpenAPIResponse {
  const etag = `"${doc.etag}"`;
  const headers = { 'Content-Type': 'application/json', ETag: etag, Vary: 'Accept', ...extra };
  if (req.ifNoneMatch && req.ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return { status: 304, headers };
  }
  return { status: 200, headers, body: doc.body };
}

/**
 * The response to an OpenAPI request, or undefined when `req.path` is not an OpenAPI path (the
 * caller answers those). `now` is for tests.
 */
export function respondOpenAPI(
  req: OpenAPIRequest,
  docs: OpenAPIDocuments = defaultOpenAPIDocuments(),
  now: Date = new Date(),
): OpenAPIResponse | undefined {
  const path = req.path.replace(/\/+$/, '');
  if (path !== '/openapi/v2' && path !== '/openapi/v3' && !path.startsWith('/openapi/v3/')) return undefined;
  if (!acceptsJson(req.accept)) {
    const message = `only application/json is served at ${path}, not ${req.accept}`;
    return {
      status: 406,
      headers: { 'Content-Type': 'application/json' },
      body: statusBody(406, 'NotAcceptable', message),
    };
  }
  const noCache = { 'Cache-Control': 'no-cache, private' };
  if (path === '/openapi/v2') return document(docs.v2(), req, noCache);
  if (path === '/openapi/v3') return document(docs.v3Index(), req, noCache);
  const name = decodeURIComponent(path.slice('/openapi/v3/'.length));
  const doc = docs.v3(name);
  if (!doc) {
    return {
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: statusBody(404, 'NotFound', `the server could not find the requested resource`),
    };
  }
  const query = typeof req.query === 'string' ? new URLSearchParams(req.query) : (req.query ?? new URLSearchParams());
  const hash = query.get('hash');
  if (!hash) return document(doc, req, noCache);
  if (hash !== doc.hash) {
    return { status: 301, headers: { Location: `/openapi/v3/${name}?hash=${doc.hash}`, ...noCache } };
  }
  return document(doc, req, {
    'Cache-Control': 'public, immutable',
    Expires: new Date(now.getTime() + YEAR_MS).toUTCString(),
  });
}

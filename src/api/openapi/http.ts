/**
 * How the apiserver answers `GET /openapi/v2`, `/openapi/v3` and `/openapi/v3/<path>`, with the
 * headers upstream's kube-openapi handlers send: an `ETag` of the document hash; for a v3
 * document asked with its current `?hash=`, `Cache-Control: public, immutable` and an `Expires`
 * a year ahead (any other hash is redirected, 301, to the current one); `no-cache, private`
 * otherwise; 304 when `If-None-Match` matches. `/openapi/v2` is also served in its protobuf form
 * (asked as `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` or `….v2.v1.0+protobuf`,
 * answered as the latter); v3 documents only as JSON. An Accept admitting none of these gets 406.
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

const JSON_TYPE = 'application/json';
const V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** What each servable media type is answered as: upstream also takes the old `@` spelling. */
const V2_OFFERS: [string, string][] = [
  [JSON_TYPE, JSON_TYPE],
  ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', V2_PROTOBUF],
  [V2_PROTOBUF, V2_PROTOBUF],
];
const V3_OFFERS: [string, string][] = [[JSON_TYPE, JSON_TYPE]];

/**
 * The content type to answer with, or undefined when `accept` admits none of `offers`: the
 * clauses by falling quality (q=0 excluded), the first that matches an offer (wildcards
 * included) decides; no Accept means any.
 */
export function negotiate(accept: string | undefined, offers: [string, string][] = V3_OFFERS): string | undefined {
  const clauses = (accept || '*/*')
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { type: type.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((c) => c.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of clauses) {
    const [main, subtype = ''] = type.split('/');
    for (const [offer, answer] of offers) {
      const [oMain, oSub] = offer.split('/');
      if ((main === oMain || main === '*') && (subtype === oSub || subtype === '*')) return answer;
    }
  }
  return undefined;
}

function statusBody(code: number, reason: string, message: string): Buffer {
  return Buffer.from(
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }),
  );
}

function document(
  doc: ServedDocument,
  req: OpenAPIRequest,
  extra: Record<string, string>,
  type = JSON_TYPE,
  body = doc.body,
): OpenAPIResponse {
  const etag = `"${doc.etag}"`;
  const headers = { 'Content-Type': type, ETag: etag, Vary: 'Accept', ...extra };
  if (req.ifNoneMatch && req.ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return { status: 304, headers };
  }
  return { status: 200, headers, body };
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
  const type = negotiate(req.accept, path === '/openapi/v2' ? V2_OFFERS : V3_OFFERS);
  if (!type) {
    const served = path === '/openapi/v2' ? `${JSON_TYPE} and ${V2_PROTOBUF} are` : `only ${JSON_TYPE} is`;
    const message = `${served} served at ${path}, not ${req.accept}`;
    return {
      status: 406,
      headers: { 'Content-Type': 'application/json' },
      body: statusBody(406, 'NotAcceptable', message),
    };
  }
  const noCache = { 'Cache-Control': 'no-cache, private' };
  if (path === '/openapi/v2') {
    if (type === JSON_TYPE) return document(docs.v2(), req, noCache);
    return document(docs.v2(), req, noCache, type, docs.v2Protobuf());
  }
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

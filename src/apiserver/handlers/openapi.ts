/** `/openapi/v2` and `/openapi/v3[/<group-version>]`, served from the documents built in src/api/openapi. */
import type { Req, Res } from '../http.js';
import { notFoundPath } from './resource.js';

export async function serveOpenAPI(path: string, q: URLSearchParams, req: Req, res: Res): Promise<void> {
  // Loaded on first use: the documents are big and most clients never ask.
  const docs = await import('../../api/openapi/documents.js');
  let doc: { body: Buffer; etag: string } | undefined;
  if (path === '/openapi/v2') doc = docs.openapiV2Document();
  else if (path === '/openapi/v3') doc = docs.openapiV3Index();
  else doc = docs.openapiV3Document(path.slice('/openapi/v3/'.length));
  if (!doc) throw notFoundPath();
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ETag: `"${doc.etag}"`, Vary: 'Accept' };
  // A document asked for by its hash never changes: upstream lets clients keep it.
  headers['Cache-Control'] = q.has('hash') ? 'public, immutable' : 'no-cache, private';
  if (req.headers['if-none-match'] === `"${doc.etag}"`) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(doc.body.length) });
  res.end(doc.body);
}

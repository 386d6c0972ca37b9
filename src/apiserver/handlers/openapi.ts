/** `/openapi/v2` and `/openapi/v3[/<group-version>]`, answered as src/api/openapi/http.ts decides. */
import type { Req, Res } from '../http.js';
import { notFoundPath } from './resource.js';

export async function serveOpenAPI(path: string, q: URLSearchParams, req: Req, res: Res): Promise<void> {
  // Loaded on first use: the documents are big and most clients never ask.
  const { respondOpenAPI } = await import('../../api/openapi/http.js');
  const out = respondOpenAPI({ path, query: q, accept: req.headers.accept, ifNoneMatch: req.headers['if-none-match'] });
  if (!out) throw notFoundPath();
  res.writeHead(out.status, { ...out.headers, ...(out.body ? { 'Content-Length': String(out.body.length) } : {}) });
  if (out.body) res.end(out.body);
  else res.end();
}

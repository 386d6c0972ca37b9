/**
 * `/openapi/v2` and `/openapi/v3[/<group-version>]`, answered as src/api/openapi/http.ts decides,
 * from documents of the resources served now: built once, and again after a
 * CustomResourceDefinition changes what is served.
 */
import type { Req, Res } from '../http.js';
import type { Context } from '../context.js';
import { notFoundPath } from './resource.js';
import type { OpenAPIDocuments } from '../../api/openapi/documents.js';
import { customDefinitions } from '../crd/openapi.js';

/** The documents last built for each registry (tests run several servers in one process). */
const built = new WeakMap<object, { generation: number; docs: OpenAPIDocuments }>();

async function documents(ctx: Context): Promise<OpenAPIDocuments> {
  // Loaded on first use: the documents are big and most clients never ask.
  const { OpenAPIDocuments, defaultOpenAPIDocuments, loadDefinitions } = await import('../../api/openapi/documents.js');
  const generation = ctx.registry.generation;
  if (generation === 0) return defaultOpenAPIDocuments();
  let entry = built.get(ctx.registry);
  if (entry?.generation !== generation) {
    const resources = ctx.registry.resources();
    const definitions = { ...loadDefinitions(), ...customDefinitions(resources) };
    entry = { generation, docs: new OpenAPIDocuments(resources, definitions) };
    built.set(ctx.registry, entry);
  }
  return entry.docs;
}

export async function serveOpenAPI(ctx: Context, path: string, q: URLSearchParams, req: Req, res: Res): Promise<void> {
  const { respondOpenAPI } = await import('../../api/openapi/http.js');
  const docs = await documents(ctx);
  const out = respondOpenAPI(
    { path, query: q, accept: req.headers.accept, ifNoneMatch: req.headers['if-none-match'] },
    docs,
  );
  if (!out) throw notFoundPath();
  res.writeHead(out.status, { ...out.headers, ...(out.body ? { 'Content-Length': String(out.body.length) } : {}) });
  if (out.body) res.end(out.body);
  else res.end();
}

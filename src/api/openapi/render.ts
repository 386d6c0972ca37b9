/**
 * Writes the neutral operation model of `operations.ts` as OpenAPI: `paths` of a swagger 2.0
 * document (`#/definitions/…`, body parameters, `consumes`/`produces`) or of an OpenAPI 3.0
 * document (`#/components/schemas/…`, `requestBody`, `content`), shaped as upstream's.
 */
import type { Body, Operation, PathItem } from './operation-model.js';
import type { Param } from './parameters.js';

type Json = Record<string, unknown>;

/** The security scheme upstream declares: a bearer token in the `authorization` header. */
export const BEARER_TOKEN = {
  BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
};

const v2Ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const v3Ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function param(p: Param, version: 2 | 3): Json {
  const out: Json = { description: p.description, in: p.in, name: p.name };
  if (p.required) out.required = true;
  if (version === 2) Object.assign(out, { type: p.type, uniqueItems: true });
  else out.schema = { type: p.type, uniqueItems: true };
  return out;
}

const schemaOf = (body: Body, ref: (name: string) => Json) =>
  typeof body.schema === 'string' ? ref(body.schema) : { ...body.schema };

function common(op: Operation): Json {
  const out: Json = { description: op.description, operationId: op.operationId, tags: [op.tag] };
  if (op.action) out['x-kubernetes-action'] = op.action;
  if (op.gvk)
    out['x-kubernetes-group-version-kind'] = { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
  return out;
}

function v2Operation(op: Operation): Json {
  const out = common(op);
  const params = op.params.map((p) => param(p, 2));
  if (op.requestBody) {
    const body: Json = { in: 'body', name: 'body', schema: schemaOf(op.requestBody, v2Ref) };
    if (op.requestBody.required) body.required = true;
    params.unshift(body);
  }
  if (params.length > 0) out.parameters = params;
  out.consumes = op.requestBody?.contentTypes.includes('application/json-patch+json')
    ? [...op.requestBody.contentTypes]
    : ['*/*'];
  const produces = op.responses.find((r) => r.body)?.body?.contentTypes;
  if (produces) out.produces = [...produces];
  out.responses = Object.fromEntries(
    op.responses.map((r) => [
      r.code,
      r.body ? { description: r.description, schema: schemaOf(r.body, v2Ref) } : { description: r.description },
    ]),
  );
  out.schemes = ['https'];
  return out;
}

function v3Operation(op: Operation): Json {
  const out = common(op);
  if (op.params.length > 0) out.parameters = op.params.map((p) => param(p, 3));
  if (op.requestBody) {
    const content = Object.fromEntries(
      op.requestBody.contentTypes.map((t) => [t, { schema: schemaOf(op.requestBody!, v3Ref) }]),
    );
    out.requestBody = op.requestBody.required ? { content, required: true } : { content };
  }
  out.responses = Object.fromEntries(
    op.responses.map((r) => {
      if (!r.body) return [r.code, { description: r.description }];
      const content = Object.fromEntries(r.body.contentTypes.map((t) => [t, { schema: schemaOf(r.body!, v3Ref) }]));
      return [r.code, { content, description: r.description }];
    }),
  );
  return out;
}

/** The `paths` object of a v2 (`version` 2) or v3 document holding `items`. */
export function renderPaths(items: readonly PathItem[], version: 2 | 3): Json {
  const paths: Json = {};
  for (const item of items) {
    const rendered: Json = {};
    if (item.params.length > 0) rendered.parameters = item.params.map((p) => param(p, version));
    for (const op of item.operations) rendered[op.method] = version === 2 ? v2Operation(op) : v3Operation(op);
    paths[item.path] = rendered;
  }
  return paths;
}

/** Every definition name the operations of `items` refer to in bodies and responses. */
export function referencedDefinitions(items: readonly PathItem[]): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    for (const op of item.operations) {
      const bodies = [op.requestBody, ...op.responses.map((r) => r.body)];
      for (const b of bodies) if (b && typeof b.schema === 'string') out.add(b.schema);
    }
  }
  return out;
}

/**
 * POST, PUT, PATCH and DELETE on one resource (upstream's `handlers/create.go`, `update.go`,
 * `patch.go`, `delete.go`): decode, check the body against the URL, default, admit, then hand
 * the object to the store. `dryRun=All` runs everything but the write.
 */
import { errors } from '../../machinery/errors.js';
import { PROTOBUF_MEDIA_TYPE } from '../../machinery/protobuf/codec.js';
import { fieldErrors } from '../../machinery/field-errors.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import type { Store } from '../registry/store.js';
import type { KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { addWarnings, decodeBody, mediaType, readBody, sendJSON, type Req, type Res } from '../http.js';
import { asServed } from './read.js';
import { convert } from '../../api/conversion/index.js';
import { applyPatch } from './patch.js';
import type { Context } from '../context.js';
import { checkFields, fieldValidation } from './field-validation.js';
import { definitionFor } from '../openapi.js';
import { loadDefinitions } from '../../api/openapi/documents.js';
import {
  pruneUnknownFields,
  strictDecodingError,
  unknownFieldWarnings,
  type JSONSchemaProps,
} from '../../api/crd/index.js';
import { admitCreate, admitNamespace } from '../admission/index.js';
import { fieldManagerOf, validatePatchOptions } from './field-manager.js';
import { applyConfig, trackWrite, type Writer } from './managed-fields.js';

const APPLY = 'application/apply-patch+yaml';

/** `dryRun` must be absent or `All` (upstream's only value). */
export function isDryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values) {
    if (v !== 'All') throw errors.badRequest(`Invalid dry run value: ${v}`);
  }
  return values.length > 0;
}

/** The request body as an object of `info`'s kind, checked against the URL as upstream checks it. */
export async function decodeObject(
  req: Req,
  info: ResourceInfo,
  kind = info.kind,
  apiVersion = apiVersionOf(info),
): Promise<KObject> {
  const type = mediaType(req.headers['content-type']);
  // Custom resources have no protobuf form (upstream serves them as JSON and YAML only).
  if (info.custom && type === PROTOBUF_MEDIA_TYPE) {
    throw errors.unsupportedMediaType(type, ['application/json', 'application/yaml']);
  }
  const body = decodeBody(await readBody(req), req.headers['content-type']);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  }
  const obj = body as KObject;
  // Like upstream's decoder, the endpoint supplies a missing apiVersion or kind.
  obj.apiVersion ??= apiVersion;
  obj.kind ??= kind;
  if (obj.apiVersion !== apiVersion || obj.kind !== kind) {
    throw errors.badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`,
    );
  }
  return obj;
}

/** Checks the fields of a decoded body against the kind's schema as `fieldValidation` asks; sends any warnings. */
function validateFields(info: ResourceInfo, q: URLSearchParams, obj: unknown, res: Res, kind = info.kind): void {
  const mode = fieldValidation(q);
  if (info.custom) {
    // A custom resource is pruned to its schema, as upstream's decoder prunes it.
    const pruned = pruneUnknownFields(obj, info.custom.schema as JSONSchemaProps);
    if (pruned.length && mode === 'Strict') throw errors.badRequest(strictDecodingError(pruned)!);
    if (mode === 'Warn') addWarnings(res, unknownFieldWarnings(pruned));
    return;
  }
  const defs = loadDefinitions();
  addWarnings(res, checkFields(mode, defs, definitionFor(defs, info.group, info.version, kind), obj));
}

/** An object as its store keeps it (the storage version), with that version's defaults. */
const toStored = (store: Store, obj: KObject, info: ResourceInfo): KObject => {
  const stored = convert(obj, apiVersionOf(store.info));
  store.strategy.defaults?.(stored, info.version);
  return stored;
};

export async function createObject(
  ctx: Context,
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const dryRun = isDryRun(q);
  const obj = await decodeObject(req, info);
  validateFields(info, q, obj, res);
  const meta = (obj.metadata ??= {});
  if (info.namespaced) {
    if (meta.namespace && ri.namespace && meta.namespace !== ri.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!ri.namespace) throw errors.notFound({ group: info.group, name: info.resource }, '');
  }
  const w: Writer = { info, manager: fieldManagerOf(q, req, 'Create'), subresource: '' };
  await admitNamespace(ctx, info, ri.namespace, true, meta.name ?? '');
  const stored = toStored(store, obj, info);
  await admitCreate(ctx, info, stored);
  const created = await store.create(ri.namespace, stored, {
    dryRun,
    version: info.version,
    track: (o) => trackWrite(w, undefined, o),
  });
  addWarnings(res, store.strategy.warnings?.(created) ?? []);
  sendJSON(res, 201, asServed(created, info));
}

export async function updateObject(
  ctx: Context,
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const dryRun = isDryRun(q);
  const w: Writer = { info, manager: fieldManagerOf(q, req, 'Update'), subresource: ri.subresource };
  const obj = await decodeObject(req, info);
  validateFields(info, q, obj, res);
  await admitNamespace(ctx, info, ri.namespace, false);
  const stored = toStored(store, obj, info);
  const out = await store.update(ri.namespace, ri.name, () => stored, {
    dryRun,
    subresource: ri.subresource,
    version: info.version,
    track: (o, old) => trackWrite(w, old, o),
  });
  addWarnings(res, store.strategy.warnings?.(out.obj) ?? []);
  sendJSON(res, out.created ? 201 : 200, asServed(out.obj, info));
}

export async function patchObject(
  ctx: Context,
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const dryRun = isDryRun(q);
  const type = mediaType(req.headers['content-type']);
  const isApply = type === APPLY;
  validatePatchOptions(q, isApply);
  const w: Writer = { info, manager: fieldManagerOf(q, req, 'Patch'), subresource: ri.subresource };
  const patch = decodeBody(await readBody(req), isApply ? type : 'application/json');
  await admitNamespace(ctx, info, ri.namespace, false);
  const out = await store.update(
    ri.namespace,
    ri.name,
    async (current) => {
      if (!isApply) {
        if (!current) throw errors.notFound(store.qualified, ri.name);
        const patched = applyPatch(ctx, info, type, asServed(current, info), patch);
        validateFields(info, q, patched, res);
        return toStored(store, patched, info);
      }
      if (patch && typeof patch === 'object' && !Array.isArray(patch)) validateFields(info, q, patch, res);
      const applied = applyConfig(w, current && asServed(current, info), patch, q.get('force') === 'true');
      if (!current) {
        // An apply that creates is admitted as a create.
        await admitNamespace(ctx, info, ri.namespace, true, ri.name);
        const stored = toStored(store, applied, info);
        await admitCreate(ctx, info, stored);
        return stored;
      }
      return toStored(store, applied, info);
    },
    {
      dryRun,
      subresource: ri.subresource,
      version: info.version,
      create: isApply,
      track: isApply ? undefined : (o, old) => trackWrite(w, old, o),
    },
  );
  addWarnings(res, store.strategy.warnings?.(out.obj) ?? []);
  sendJSON(res, out.created ? 201 : 200, asServed(out.obj, info));
}

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  /** Deprecated: true is the Orphan policy. */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

async function deleteOptions(req: Req, q: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  const opts: DeleteOptions = body.length
    ? ((decodeBody(body, req.headers['content-type']) as DeleteOptions) ?? {})
    : {};
  const grace = q.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = q.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy;
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    // Upstream's ValidateDeleteOptions lists "nil" (no policy) among the choices.
    throw errors.invalid({ group: 'meta.k8s.io', name: 'DeleteOptions' }, '', [
      fieldErrors.notSupported('propagationPolicy', opts.propagationPolicy, [
        'Foreground',
        'Background',
        'Orphan',
        'nil',
      ]),
    ]);
  }
  const orphan = q.get('orphanDependents');
  if (orphan !== null) opts.orphanDependents = orphan === 'true';
  if (opts.orphanDependents !== undefined && opts.propagationPolicy) {
    throw errors.invalid({ group: 'meta.k8s.io', name: 'DeleteOptions' }, '', [
      fieldErrors.invalid(
        'propagationPolicy',
        opts.propagationPolicy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    ]);
  }
  if (opts.orphanDependents) opts.propagationPolicy = 'Orphan';
  if (q.has('dryRun')) opts.dryRun = q.getAll('dryRun');
  for (const v of opts.dryRun ?? []) if (v !== 'All') throw errors.badRequest(`Invalid dry run value: ${v}`);
  return opts;
}

const FINALIZER = { Orphan: 'orphan', Foreground: 'foregroundDeletion' } as Record<string, string>;

/** Deletes one object; 200 with a Success Status (or the object, for pods) when gone, or with the object while pending. */
async function deleteOne(store: Store, info: ResourceInfo, ns: string, name: string, opts: DeleteOptions) {
  const finalizer = opts.propagationPolicy && FINALIZER[opts.propagationPolicy];
  if (finalizer) {
    // The garbage collector acts on these finalizers; the object waits for it.
    await store.update(
      ns,
      name,
      (cur) => {
        if (!cur) throw errors.notFound(store.qualified, name);
        const fins: string[] = cur.metadata.finalizers ?? [];
        if (!fins.includes(finalizer)) cur.metadata.finalizers = [...fins, finalizer];
        return cur;
      },
      { dryRun: !!opts.dryRun },
    );
  }
  return store.delete(ns, name, { ...opts, dryRun: !!opts.dryRun?.length });
}

export async function deleteObject(
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const opts = await deleteOptions(req, q);
  const { obj, deleted } = await deleteOne(store, info, ri.namespace, ri.name, opts);
  if (!deleted) {
    // Still there (a grace period, finalizers): the object, with 200 — upstream answers 202 only
    // to the deprecated orphanDependents=false, lest older clients break.
    sendJSON(res, opts.orphanDependents === false ? 202 : 200, asServed(obj, info));
    return;
  }
  if (info.resource === 'pods' || info.resource === 'namespaces') {
    sendJSON(res, 200, asServed(obj, info));
    return;
  }
  const details: KObject = { name: ri.name, kind: info.resource, uid: obj.metadata.uid };
  if (info.group) details.group = info.group;
  sendJSON(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

export async function deleteCollection(
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
  filter: import('../cacher/types.js').Filter,
): Promise<void> {
  const opts = await deleteOptions(req, q);
  await store.cacher.consistentRevision();
  const items: KObject[] = [];
  for (const entry of store.cacher.list(filter).entries) {
    const { namespace = '', name } = entry.obj.metadata;
    try {
      const { obj } = await deleteOne(store, info, namespace, name, opts);
      items.push(asServed(obj, info));
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'NotFound') throw err;
    }
  }
  sendJSON(res, 200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: {}, items });
}

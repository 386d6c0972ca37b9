/**
 * POST, PUT and PATCH on one resource (upstream's `handlers/create.go`, `update.go`, `patch.go`;
 * DELETE is in delete.ts): decode, check the body against the URL, default, admit, record the
 * manager in managedFields, then hand the object to the store. `dryRun=All` runs everything but
 * the write.
 */
import { deepCopy } from '../../machinery/patch/json-values.js';
import { errors } from '../../machinery/errors.js';
import { PROTOBUF_MEDIA_TYPE } from '../../machinery/protobuf/codec.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import type { Store } from '../registry/store.js';
import type { KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { addWarnings, auditOf, decodeBody, mediaType, readBody, sendJSON, type Req, type Res } from '../http.js';
import { asServed, served } from './read.js';
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
import { RequestAdmission } from './admit.js';
import { fieldManagerOf, validatePatchOptions } from './field-manager.js';
import { applyConfig, trackWrite, type Writer } from './managed-fields.js';
import { checkRBACWrite } from '../auth/escalation-check.js';
import { userOf } from '../auth/request-auth.js';

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
  const meta = obj.metadata;
  // Go decodes null into a struct as nothing at all.
  if (meta === null) delete obj.metadata;
  else if (meta !== undefined && (typeof meta !== 'object' || Array.isArray(meta))) {
    const type = Array.isArray(meta) ? 'array' : typeof meta === 'boolean' ? 'bool' : typeof meta;
    throw errors.badRequest(
      `${kind} in version "${info.version}" cannot be handled as a ${kind}: json: cannot unmarshal ${type} into Go struct field ${kind}.metadata of type v1.ObjectMeta`,
    );
  }
  // Like upstream's decoder, the endpoint supplies a missing apiVersion or kind.
  obj.apiVersion ??= apiVersion;
  obj.kind ??= kind;
  auditOf(req)?.setRequestObject(obj);
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
  checkRBACWrite(ctx.authz, info, ri.namespace, userOf(req), obj);
  const admission = new RequestAdmission(ctx, req, info, ri, dryRun);
  const admitted = await admission.admit('CREATE', toStored(store, obj, info));
  const created = await store.create(ri.namespace, admitted, {
    dryRun,
    version: info.version,
    admit: admission.validate,
    track: (o) => trackWrite(w, undefined, o),
  });
  admission.finish(res);
  addWarnings(res, store.strategy.warnings?.(created) ?? []);
  sendJSON(res, 201, served(created, info));
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
  checkRBACWrite(ctx.authz, info, ri.namespace, userOf(req), obj);
  const stored = toStored(store, obj, info);
  const admission = new RequestAdmission(ctx, req, info, ri, dryRun);
  const out = await store.update(
    ri.namespace,
    ri.name,
    (current) => {
      if (!current && (ri.subresource || !store.strategy.allowCreateOnUpdate)) {
        throw errors.notFound(store.qualified, ri.name);
      }
      return admission.admit(current ? 'UPDATE' : 'CREATE', deepCopy(stored), current);
    },
    {
      dryRun,
      subresource: ri.subresource,
      version: info.version,
      admit: admission.validate,
      track: (o, old) => trackWrite(w, old, o),
      fresh: true,
    },
  );
  admission.finish(res);
  addWarnings(res, store.strategy.warnings?.(out.obj) ?? []);
  sendJSON(res, out.created ? 201 : 200, served(out.obj, info));
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
  auditOf(req)?.setRequestPatch(patch as object);
  const admission = new RequestAdmission(ctx, req, info, ri, dryRun);
  const out = await store.update(
    ri.namespace,
    ri.name,
    async (current) => {
      if (!isApply) {
        if (!current) throw errors.notFound(store.qualified, ri.name);
        const patched = applyPatch(ctx, info, type, asServed(current, info), patch);
        validateFields(info, q, patched, res);
        checkRBACWrite(ctx.authz, info, ri.namespace, userOf(req), patched);
        return admission.admit('UPDATE', toStored(store, patched, info), current);
      }
      if (patch && typeof patch === 'object' && !Array.isArray(patch)) validateFields(info, q, patch, res);
      const applied = applyConfig(w, current && asServed(current, info), patch, q.get('force') === 'true');
      checkRBACWrite(ctx.authz, info, ri.namespace, userOf(req), applied);
      // An apply that creates is admitted as a create.
      return admission.admit(current ? 'UPDATE' : 'CREATE', toStored(store, applied, info), current);
    },
    {
      dryRun,
      admit: admission.validate,
      subresource: ri.subresource,
      version: info.version,
      create: isApply,
      track: isApply ? undefined : (o, old) => trackWrite(w, old, o),
      // A patch's result is a new object (patch.ts); an apply's may share the stored one's parts.
      fresh: !isApply,
    },
  );
  admission.finish(res);
  addWarnings(res, store.strategy.warnings?.(out.obj) ?? []);
  sendJSON(res, out.created ? 201 : 200, served(out.obj, info));
}

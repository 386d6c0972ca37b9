/**
 * DELETE of one object and of a collection (upstream's `handlers/delete.go`): DeleteOptions from
 * the body and the query, checked as upstream's ValidateDeleteOptions; propagation through the
 * garbage collector's finalizers; grace periods and preconditions left to the store.
 */
import { errors } from '../../machinery/errors.js';
import { fieldErrors } from '../../machinery/field-errors.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import type { Store } from '../registry/store.js';
import type { KObject, Filter } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { auditOf, decodeBody, readBody, sendJSON, type Req, type Res } from '../http.js';
import { asServed, served } from './read.js';
import type { Context } from '../context.js';
import { RequestAdmission } from './admit.js';

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
  auditOf(req)?.setRequestObject({ kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', ...opts });
  if (q.has('dryRun')) opts.dryRun = q.getAll('dryRun');
  for (const v of opts.dryRun ?? []) if (v !== 'All') throw errors.badRequest(`Invalid dry run value: ${v}`);
  return opts;
}

const FINALIZER = { Orphan: 'orphan', Foreground: 'foregroundDeletion' } as Record<string, string>;

/**
 * The finalizers an explicit propagationPolicy leaves (upstream's
 * deletionFinalizersForGarbageCollection): the garbage collector's two are taken off, and the
 * policy's own (Orphan's or Foreground's; none for Background) is put back.
 */
function withPolicyFinalizer(fins: readonly string[], policy: string): string[] {
  const kept = fins.filter((f) => f !== FINALIZER.Orphan && f !== FINALIZER.Foreground);
  return FINALIZER[policy] ? [...kept, FINALIZER[policy]] : kept;
}

/** Deletes one object; 200 with a Success Status (or the object, for pods) when gone, or with the object while pending. */
async function deleteOne(store: Store, admission: RequestAdmission, ns: string, name: string, opts: DeleteOptions) {
  await admission.admitDelete(ns, name, { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', ...opts });
  const policy = opts.propagationPolicy;
  const cached: string[] = store.cacher.get(store.key(ns, name))?.obj.metadata.finalizers ?? [];
  // Background, kubectl's default, changes nothing on an object without the collector's finalizers.
  if (policy && (FINALIZER[policy] || withPolicyFinalizer(cached, policy).length !== cached.length)) {
    // The garbage collector acts on these finalizers; the object waits for it.
    await store.update(
      ns,
      name,
      (cur) => {
        if (!cur) throw errors.notFound(store.qualified, name);
        const fins = withPolicyFinalizer(cur.metadata.finalizers ?? [], policy);
        if (fins.length) cur.metadata.finalizers = fins;
        else delete cur.metadata.finalizers;
        return cur;
      },
      { dryRun: !!opts.dryRun },
    );
  }
  return store.delete(ns, name, { ...opts, dryRun: !!opts.dryRun?.length, admit: admission.validate });
}

export async function deleteObject(
  ctx: Context,
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  const opts = await deleteOptions(req, q);
  const admission = new RequestAdmission(ctx, req, info, ri, !!opts.dryRun);
  const { obj, deleted } = await deleteOne(store, admission, ri.namespace, ri.name, opts);
  admission.finish(res);
  if (!deleted) {
    // Still there (a grace period, finalizers): the object, with 200 — upstream answers 202 only
    // to the deprecated orphanDependents=false, lest older clients break.
    sendJSON(res, opts.orphanDependents === false ? 202 : 200, served(obj, info));
    return;
  }
  if (info.resource === 'pods' || info.resource === 'namespaces') {
    sendJSON(res, 200, served(obj, info));
    return;
  }
  const details: KObject = { name: ri.name, kind: info.resource, uid: obj.metadata.uid };
  if (info.group) details.group = info.group;
  sendJSON(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

export async function deleteCollection(
  ctx: Context,
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
  filter: Filter,
): Promise<void> {
  const opts = await deleteOptions(req, q);
  await store.cacher.consistentRevision();
  const items: KObject[] = [];
  for (const entry of store.cacher.list(filter).entries) {
    const { namespace = '', name } = entry.obj.metadata;
    try {
      const admission = new RequestAdmission(ctx, req, info, ri, !!opts.dryRun);
      const { obj } = await deleteOne(store, admission, namespace, name, opts);
      admission.finish(res);
      items.push(asServed(obj, info));
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'NotFound') throw err;
    }
  }
  sendJSON(res, 200, { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: {}, items });
}

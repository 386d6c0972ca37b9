/**
 * The scale subresource: an autoscaling/v1 Scale view of a workload's replicas and selector,
 * readable and writable (PUT or PATCH) as upstream's ScaleREST is.
 */
import { errors } from '../../machinery/errors.js';
import { fieldErrors } from '../../machinery/field-errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { Store } from '../registry/store.js';
import type { KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { decodeBody, mediaType, readBody, sendJSON, type Req, type Res } from '../http.js';
import { isDryRun } from './write.js';
import type { Context } from '../context.js';
import { applyPatch } from './patch.js';
import { findKind } from '../../api/resources.js';
import { fieldManagerOf } from './field-manager.js';
import { trackWrite, type Writer } from './managed-fields.js';

/** The label selector as a string, as Scale's status.selector carries it. */
function selectorString(obj: KObject): string {
  const sel = obj.spec?.selector;
  if (!sel) return '';
  if (obj.kind === 'ReplicationController')
    return Object.entries(sel)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In' || op === 'NotIn') parts.push(`${e.key} ${op.toLowerCase()} (${[...e.values].sort().join(',')})`);
    else if (op === 'Exists') parts.push(e.key);
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.sort().join(',');
}

/** A custom resource's scale path (`.spec.replicas`) as keys. */
const keys = (path: string) => path.slice(1).split('.');
const read = (obj: KObject, path: string): unknown => keys(path).reduce<KObject | undefined>((o, k) => o?.[k], obj);

/** The replicas and selector of `obj`, from where `info` keeps them. */
function scaleFields(obj: KObject, info?: ResourceInfo): { spec: number; status: number; selector: string } {
  const scale = info?.custom?.scale;
  if (!scale) {
    return { spec: obj.spec?.replicas ?? 0, status: obj.status?.replicas ?? 0, selector: selectorString(obj) };
  }
  const selector = scale.labelSelectorPath ? read(obj, scale.labelSelectorPath) : '';
  return {
    spec: Number(read(obj, scale.specReplicasPath) ?? 0),
    status: Number(read(obj, scale.statusReplicasPath) ?? 0),
    selector: typeof selector === 'string' ? selector : '',
  };
}

/** `obj` with its replicas set to `replicas`, where `info` keeps them. */
function withReplicas(obj: KObject, replicas: number, info: ResourceInfo): KObject {
  const path = info.custom?.scale ? keys(info.custom.scale.specReplicasPath) : ['spec', 'replicas'];
  const out = structuredClone(obj);
  let o = out;
  for (const k of path.slice(0, -1)) o = o[k] ??= {};
  o[path[path.length - 1]] = replicas;
  return out;
}

/** The autoscaling/v1 Scale of `obj` (a resource of `info`). */
export function toScale(obj: KObject, info?: ResourceInfo): KObject {
  const m = obj.metadata;
  const f = scaleFields(obj, info);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: f.spec },
    status: f.selector ? { replicas: f.status, selector: f.selector } : { replicas: f.status },
  };
}

export async function serveScale(
  ctx: Context,
  store: Store,
  info: ResourceInfo,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
): Promise<void> {
  if (ri.verb === 'get') {
    sendJSON(res, 200, toScale(await store.get(ri.namespace, ri.name), info));
    return;
  }
  const dryRun = isDryRun(q);
  const w: Writer = {
    info,
    manager: fieldManagerOf(q, req, ri.verb === 'patch' ? 'Patch' : 'Update'),
    subresource: 'scale',
  };
  const type = mediaType(req.headers['content-type']);
  const body = decodeBody(await readBody(req), ri.verb === 'patch' ? 'application/json' : req.headers['content-type']);
  const scaleInfo = findKind('autoscaling', 'v1', 'Scale') ?? {
    ...info,
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
  };
  const out = await store.update(
    ri.namespace,
    ri.name,
    (current) => {
      if (!current) throw errors.notFound(store.qualified, ri.name);
      const scale =
        ri.verb === 'patch' ? applyPatch(ctx, scaleInfo, type, toScale(current, info), body) : (body as KObject);
      if (scale?.kind !== 'Scale')
        throw errors.badRequest(
          `the API version in the data (${scale?.apiVersion}) does not match the expected API version (autoscaling/v1)`,
        );
      const replicas = scale.spec?.replicas ?? 0;
      if (!Number.isInteger(replicas) || replicas < 0) {
        // upstream's ValidateScale
        throw errors.invalid({ group: 'autoscaling', name: 'Scale' }, ri.name, [
          fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0'),
        ]);
      }
      const rv = scale.metadata?.resourceVersion;
      const next = withReplicas(current, replicas, info);
      next.metadata.resourceVersion = rv || current.metadata.resourceVersion;
      return next;
    },
    { dryRun, version: info.version, track: (o, old) => trackWrite(w, old, o) },
  );
  sendJSON(res, 200, toScale(out.obj, info));
}

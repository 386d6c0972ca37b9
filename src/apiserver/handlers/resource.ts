/**
 * Routes a resource request to its handler after checking what upstream checks first: that the
 * resource exists in that group/version, the scope matches the path, the verb is one the resource
 * (or subresource) has.
 */
import { REVIEWS, serveReview } from './reviews.js';
import { AUTHN_REVIEWS, serveAuthnReview, serveTokenRequest } from './authn-reviews.js';
import { ApiError, errors } from '../../machinery/errors.js';
import type { ResourceRequest } from '../request-info.js';
import type { Req, Res } from '../http.js';
import type { Context } from '../context.js';
import { getObject, listObjects } from './read.js';
import { watchObjects } from './watch.js';
import { createObject, patchObject, updateObject } from './write.js';
import { deleteCollection, deleteObject } from './delete.js';
import { listFilter } from './filter.js';
import { serveScale } from './scale.js';
import { servePodAction } from './pod-actions.js';

/** Upstream's answer for a path it has no handler for. */
export const notFoundPath = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

/** Upstream's answer for a method the route has no handler for. */
const notAllowed = () =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

/** Integer query parameters, refused as upstream's parameter codec refuses them (`strconv.ParseInt: …`). */
function checkIntegerParams(q: URLSearchParams): void {
  for (const name of ['limit', 'timeoutSeconds', 'gracePeriodSeconds']) {
    const v = q.get(name);
    if (v !== null && !/^[+-]?\d+$/.test(v))
      throw errors.badRequest(`strconv.ParseInt: parsing "${v}": invalid syntax`);
  }
}

export async function serveResource(
  ctx: Context,
  ri: ResourceRequest,
  q: URLSearchParams,
  req: Req,
  res: Res,
  onWatch: (delta: number) => void,
): Promise<void> {
  const served = ctx.registry.find(ri.group, ri.version, ri.resource);
  if (!served) throw notFoundPath();
  const { info, store } = served;
  if (!info.namespaced && ri.namespace) throw notFoundPath();
  const verbs = ri.subresource ? info.subresources.find((s) => s.subresource === ri.subresource)?.verbs : info.verbs;
  if (!verbs) throw notFoundPath();
  const verb = ri.verb;
  const needsName = verb === 'get' || verb === 'update' || verb === 'patch' || verb === 'delete';
  if ((needsName && !ri.name) || (verb === 'create' && ri.name && !ri.subresource)) throw notAllowed();
  if (!verbs.includes(verb)) {
    throw errors.methodNotSupported({ group: info.group, name: info.resource }, verb);
  }
  if (info.custom?.terminating && verb === 'create') {
    // Upstream's CRD handler rewords the usual 405.
    const err = errors.methodNotSupported({ group: info.group, name: info.resource }, verb);
    err.message = 'create not allowed while custom resource definition is terminating';
    throw err;
  }
  if (
    ri.subresource === 'binding' ||
    ri.subresource === 'eviction' ||
    (ri.resource === 'bindings' && verb === 'create')
  ) {
    return servePodAction(ctx, info, ri, q, req, res);
  }
  if (info.group === 'authorization.k8s.io' && REVIEWS.has(ri.resource)) return serveReview(ctx, info, ri, req, res);
  if (ri.resource === 'serviceaccounts' && ri.subresource === 'token')
    return serveTokenRequest(ctx, info, ri, req, res);
  if (info.group === 'authentication.k8s.io' && AUTHN_REVIEWS.has(ri.resource)) {
    return serveAuthnReview(ctx, info, ri, req, res);
  }
  if (!store) throw errors.methodNotSupported({ group: info.group, name: info.resource }, verb);
  if (ri.subresource === 'scale') return serveScale(ctx, store, info, ri, q, req, res);
  if (ri.subresource && !['status', 'finalize', 'approval', 'ephemeralcontainers'].includes(ri.subresource)) {
    throw errors.methodNotSupported({ group: info.group, name: `${info.resource}/${ri.subresource}` }, verb);
  }
  checkIntegerParams(q);
  switch (verb) {
    case 'get':
      return getObject(store, info, ri, q, req, res);
    case 'list':
      return listObjects(store, info, ri, q, req, res);
    case 'watch':
      return watchObjects(store, info, ri, q, req, res, onWatch);
    case 'create':
      return createObject(ctx, store, info, ri, q, req, res);
    case 'update':
      return updateObject(ctx, store, info, ri, q, req, res);
    case 'patch':
      return patchObject(ctx, store, info, ri, q, req, res);
    case 'delete':
      return deleteObject(ctx, store, info, ri, q, req, res);
    case 'deletecollection':
      return deleteCollection(ctx, store, info, ri, q, req, res, listFilter(store, ri.namespace, q));
  }
}

/**
 * The authentication reviews (authentication.k8s.io/v1): SelfSubjectReview, who the request is
 * from (`kubectl auth whoami`), and TokenReview, who a bearer token stands for (what webhook token
 * authenticators and kubelets ask). Both are answered, never stored. And TokenRequest, the
 * serviceaccounts/token subresource that issues service-account tokens.
 */
import { errors } from '../../machinery/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { addWarnings, sendJSON, type Req, type Res } from '../http.js';
import { tokenRequest } from '../auth/service-accounts.js';
import { notFoundPath } from './resource.js';
import { decodeObject } from './write.js';
import type { Context } from '../context.js';
import { RequestAdmission } from './admit.js';
import { userOf } from '../auth/request-auth.js';
import type { UserInfo } from '../auth/authn/index.js';

export const AUTHN_REVIEWS = new Set(['selfsubjectreviews', 'tokenreviews']);

/** POST …/serviceaccounts/<name>/token (`kubectl create token`); 404 when no signing key is configured. */
export async function serveTokenRequest(ctx: Context, info: ResourceInfo, ri: ResourceRequest, req: Req, res: Res) {
  if (!ctx.serviceAccounts) throw notFoundPath();
  let request = await decodeObject(req, info, 'TokenRequest', 'authentication.k8s.io/v1');
  // Admitted as a create of serviceaccounts/token (NodeRestriction: a kubelet's tokens are for its pods).
  const admission = new RequestAdmission(ctx, req, info, ri, false);
  request = await admission.admitAction(request);
  admission.finish(res);
  const { object, warnings } = await tokenRequest(ctx.serviceAccounts, ctx.registry, ri.namespace, ri.name, request);
  addWarnings(res, warnings);
  sendJSON(res, 201, object);
}

/** authentication.k8s.io/v1 UserInfo. */
function userInfo(u: UserInfo): KObject {
  const out: KObject = { username: u.name };
  if (u.uid) out.uid = u.uid;
  if (u.groups.length) out.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}

export async function serveAuthnReview(
  ctx: Context,
  info: ResourceInfo,
  ri: ResourceRequest,
  req: Req,
  res: Res,
): Promise<void> {
  const review = await decodeObject(req, info);
  review.metadata = { creationTimestamp: null, ...review.metadata };
  if (ri.resource === 'selfsubjectreviews') {
    review.status = { userInfo: userInfo(userOf(req)) };
    return sendJSON(res, 201, review);
  }
  const token = review.spec?.token;
  if (!token) throw errors.badRequest('token is required for TokenReview in authentication');
  const user = await ctx.authn?.reviewToken(token);
  review.status = user ? { authenticated: true, user: userInfo(user) } : { user: {} };
  sendJSON(res, 201, review);
}

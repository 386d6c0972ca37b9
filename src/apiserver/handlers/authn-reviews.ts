/**
 * The authentication reviews (authentication.k8s.io/v1): SelfSubjectReview, who the request is
 * from (`kubectl auth whoami`), and TokenReview, who a bearer token stands for (what webhook token
 * authenticators and kubelets ask). Both are answered, never stored.
 */
import { errors } from '../../machinery/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { sendJSON, type Req, type Res } from '../http.js';
import { decodeObject } from './write.js';
import type { Context } from '../context.js';
import { userOf } from '../auth/request-auth.js';
import type { UserInfo } from '../auth/authn/index.js';

export const AUTHN_REVIEWS = new Set(['selfsubjectreviews', 'tokenreviews']);

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

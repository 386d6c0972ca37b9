/**
 * The authorization reviews (authorization.k8s.io/v1): SubjectAccessReview,
 * LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview, answered by the
 * authorizer of `--authorization-mode` (AlwaysAllow by default, as upstream's: everything allowed,
 * the rules `*`). `kubectl auth can-i` asks through these. Nothing is stored.
 */
import { errors } from '../../machinery/errors.js';
import { fieldErrors, type FieldError } from '../../machinery/field-errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { sendJSON, type Req, type Res } from '../http.js';
import { decodeObject } from './write.js';
import type { Context } from '../context.js';
import { userOf } from '../auth/request-auth.js';
import { requestAttributes } from '../auth/authorize.js';
import type { UserInfo } from '../auth/rbac/index.js';

export const REVIEWS = new Set([
  'subjectaccessreviews',
  'localsubjectaccessreviews',
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
]);

/** Upstream's ValidateSubjectAccessReviewSpec and its self and local forms. */
function validateAccessReview(resource: string, obj: KObject, namespace: string): FieldError[] {
  const spec = obj.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errs.push(
      fieldErrors.invalid(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    errs.push(
      fieldErrors.invalid(
        'spec.resourceAttributes',
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  }
  if (resource !== 'selfsubjectaccessreviews' && !spec.user && !spec.groups?.length) {
    errs.push(fieldErrors.invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  }
  if (resource === 'localsubjectaccessreviews' && spec.resourceAttributes?.namespace !== namespace) {
    errs.push(
      fieldErrors.invalid(
        'spec.resourceAttributes.namespace',
        spec.resourceAttributes?.namespace ?? '',
        'must match metadata.namespace',
      ),
    );
  }
  return errs;
}

/** The user a review asks about: the requester for the self reviews, else the spec's. */
function subjectOf(resource: string, spec: KObject, req: Req): UserInfo {
  if (resource.startsWith('self')) return userOf(req);
  return { name: spec.user ?? '', uid: spec.uid, groups: spec.groups ?? [], extra: spec.extra };
}

export async function serveReview(
  ctx: Context,
  info: ResourceInfo,
  ri: ResourceRequest,
  req: Req,
  res: Res,
): Promise<void> {
  const review = await decodeObject(req, info);
  const spec: KObject = review.spec ?? {};
  const user = subjectOf(ri.resource, spec, req);
  if (ri.resource === 'selfsubjectrulesreviews') {
    const rules = ctx.authz?.rulesFor(user, spec.namespace ?? '');
    review.status = {
      // resourceNames is left out when empty, as upstream's JSON omits it.
      resourceRules: (rules?.resourceRules ?? []).map(({ resourceNames, ...r }) =>
        resourceNames.length ? { ...r, resourceNames } : r,
      ),
      nonResourceRules: rules?.nonResourceRules ?? [],
      incomplete: rules?.incomplete ?? false,
    };
    if (rules?.errors.length) review.status.evaluationError = rules.errors.join(', ');
    return sendJSON(res, 201, review);
  }
  const errs = validateAccessReview(ri.resource, review, ri.namespace);
  if (errs.length) throw errors.invalid({ group: info.group, name: info.kind }, '', errs);
  const ra = spec.resourceAttributes;
  const attrs = ra
    ? requestAttributes(user, '', '', {
        group: ra.group ?? '',
        version: ra.version ?? '',
        namespace: ra.namespace ?? '',
        resource: ra.resource ?? '',
        subresource: ra.subresource ?? '',
        name: ra.name ?? '',
        verb: ra.verb ?? '',
      })
    : requestAttributes(user, spec.nonResourceAttributes?.verb ?? '', spec.nonResourceAttributes?.path ?? '');
  const decision = ctx.authz?.authorize(attrs) ?? { allowed: true, reason: '' };
  review.status = decision.reason
    ? { allowed: decision.allowed, reason: decision.reason }
    : { allowed: decision.allowed };
  sendJSON(res, 201, review);
}

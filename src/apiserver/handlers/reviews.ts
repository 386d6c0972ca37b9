/**
 * The authorization reviews (authorization.k8s.io/v1): SubjectAccessReview,
 * LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview, answered by the
 * authorizer of `--authorization-mode`. Here that is AlwaysAllow, as upstream's: every access is
 * allowed and the rules are `*`. `kubectl auth can-i` asks through these. Nothing is stored.
 */
import { errors } from '../../machinery/errors.js';
import { fieldErrors, type FieldError } from '../../machinery/field-errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { ResourceRequest } from '../request-info.js';
import { sendJSON, type Req, type Res } from '../http.js';
import { decodeObject } from './write.js';

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

export async function serveReview(info: ResourceInfo, ri: ResourceRequest, req: Req, res: Res): Promise<void> {
  const review = await decodeObject(req, info);
  if (ri.resource === 'selfsubjectrulesreviews') {
    // AlwaysAllow's rules: everything, on every resource and every non-resource URL.
    review.status = {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
    return sendJSON(res, 201, review);
  }
  const errs = validateAccessReview(ri.resource, review, ri.namespace);
  if (errs.length) throw errors.invalid({ group: info.group, name: info.kind }, '', errs);
  review.status = { allowed: true };
  sendJSON(res, 201, review);
}

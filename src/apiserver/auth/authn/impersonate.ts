/**
 * User impersonation (upstream's `endpoints/filters/impersonation.go`): `Impersonate-User`,
 * `Impersonate-Group` (repeatable), `Impersonate-Uid` and `Impersonate-Extra-<key>` headers, each
 * authorized as the verb `impersonate` on users / serviceaccounts / groups / uids / userextras.
 */
import { headerEntries, headerValue, headerValues, type HeadersLike } from './headers.js';
import {
  AllAuthenticated,
  AllUnauthenticated,
  Anonymous,
  makeServiceAccountGroupNames,
  makeServiceAccountUsername,
  splitServiceAccountUsername,
  type UserInfo,
} from './user.js';

/** The authorizer attributes of one impersonation check. */
export interface ImpersonationAttributes {
  user: UserInfo;
  verb: 'impersonate';
  apiGroup: '' | 'authentication.k8s.io';
  apiVersion: string;
  resource: 'users' | 'serviceaccounts' | 'groups' | 'uids' | 'userextras';
  subresource: string;
  namespace: string;
  name: string;
  resourceRequest: true;
}

/** An authorizer's answer: allowed or not, and an optional reason appended to the 403 message. */
export type AuthorizeDecision = boolean | { allowed: boolean; reason?: string };

/** Decides one impersonation check. */
export type ImpersonationAuthorizer = (
  attrs: ImpersonationAttributes,
) => AuthorizeDecision | Promise<AuthorizeDecision>;

/** A `metav1.Status` failure body. */
export interface FailureStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Forbidden' | 'BadRequest';
  details: { name?: string; group?: string; kind?: string; causes?: { message: string }[] };
  code: 400 | 403;
}

/** The user to act as (`impersonated` false when the request asked for no one), or the error to answer with. */
export type ImpersonationResult = { user: UserInfo; impersonated: boolean } | { status: FailureStatus };

interface Request {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  namespace: string;
  name: string;
  apiVersion: string;
  fieldPath: string;
}

const extraPrefix = 'impersonate-extra-';

function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Go's `%v` of `[]v1.ObjectReference`, which upstream puts in its error text. */
const goFormat = (reqs: Request[]) =>
  `[${reqs.map((r) => `{${[r.kind, r.namespace, r.name, '', r.apiVersion, '', r.fieldPath].join(' ')}}`).join(' ')}]`;

function buildRequests(headers: HeadersLike): Request[] | Error {
  const reqs: Request[] = [];
  const blank = { namespace: '', apiVersion: '', fieldPath: '' };
  const requestedUser = headerValue(headers, 'impersonate-user');
  if (requestedUser) {
    const sa = splitServiceAccountUsername(requestedUser);
    if (sa instanceof Error) reqs.push({ ...blank, kind: 'User', name: requestedUser });
    else reqs.push({ ...blank, kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name });
  }
  const groups = headerValues(headers, 'impersonate-group');
  for (const group of groups) reqs.push({ ...blank, kind: 'Group', name: group });
  let hasExtra = false;
  for (const [name, values] of headerEntries(headers)) {
    if (!name.startsWith(extraPrefix)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(name.slice(extraPrefix.length));
    for (const value of values) {
      reqs.push({
        kind: 'UserExtra',
        namespace: '',
        name: value,
        apiVersion: 'authentication.k8s.io/v1',
        fieldPath: key,
      });
    }
  }
  const uid = headerValue(headers, 'impersonate-uid');
  if (uid) reqs.push({ ...blank, kind: 'UID', name: uid, apiVersion: 'authentication.k8s.io/v1' });
  if ((groups.length > 0 || hasExtra || uid) && !requestedUser) {
    return new Error(`requested ${goFormat(reqs)} without impersonating a user`);
  }
  return reqs;
}

function forbidden(attrs: ImpersonationAttributes, reason: string): FailureStatus {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  let msg = `User "${attrs.user.name}" cannot impersonate resource "${resource}" in API group "${attrs.apiGroup}" ${scope}`;
  if (reason) msg += `: ${reason}`;
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualified} "${attrs.name}" is forbidden: ${msg}`,
    reason: 'Forbidden',
    details: { name: attrs.name, ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}), kind: attrs.resource },
    code: 403,
  };
}

/**
 * Applies the impersonation headers of a request made by `user`. Each requested user, service
 * account, group, extra value and uid is authorized with `authorize`; the first refusal yields
 * upstream's 403, e.g. `users "bob" is forbidden: User "alice" cannot impersonate resource "users"
 * in API group "" at the cluster scope`. Groups, extras or uid without `Impersonate-User` is a 500 as
 * upstream answers it. A service account without `Impersonate-Group` gets its service-account groups;
 * the result gains `system:authenticated` (or `system:unauthenticated` for `system:anonymous`).
 * Pass node's `req.headersDistinct` so that repeated headers stay apart.
 */
export async function impersonate(
  user: UserInfo,
  headers: HeadersLike,
  authorize: ImpersonationAuthorizer,
): Promise<ImpersonationResult> {
  const reqs = buildRequests(headers);
  if (reqs instanceof Error) {
    // Upstream answers 500 InternalError; the request is malformed, so k8ts answers 400.
    return {
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: reqs.message,
        reason: 'BadRequest',
        details: {},
        code: 400,
      },
    };
  }
  if (reqs.length === 0) return { user, impersonated: false };

  const groupsSpecified = headerValues(headers, 'impersonate-group').length > 0;
  let username = '';
  let uid = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of reqs) {
    const base = { user, verb: 'impersonate' as const, namespace: r.namespace, name: r.name, subresource: '' };
    let attrs: ImpersonationAttributes;
    switch (r.kind) {
      case 'ServiceAccount':
        attrs = { ...base, apiGroup: '', apiVersion: '', resource: 'serviceaccounts', resourceRequest: true };
        username = makeServiceAccountUsername(r.namespace, r.name);
        if (!groupsSpecified) groups = makeServiceAccountGroupNames(r.namespace);
        break;
      case 'User':
        attrs = { ...base, apiGroup: '', apiVersion: '', resource: 'users', resourceRequest: true };
        username = r.name;
        break;
      case 'Group':
        attrs = { ...base, apiGroup: '', apiVersion: '', resource: 'groups', resourceRequest: true };
        groups.push(r.name);
        break;
      case 'UserExtra':
        attrs = {
          ...base,
          apiGroup: 'authentication.k8s.io',
          apiVersion: 'v1',
          resource: 'userextras',
          subresource: r.fieldPath,
          resourceRequest: true,
        };
        (extra[r.fieldPath] ??= []).push(r.name);
        break;
      case 'UID':
        attrs = {
          ...base,
          apiGroup: 'authentication.k8s.io',
          apiVersion: 'v1',
          resource: 'uids',
          resourceRequest: true,
        };
        uid = r.name;
        break;
    }
    let decision: AuthorizeDecision;
    try {
      decision = await authorize(attrs);
    } catch (err) {
      decision = { allowed: false, reason: (err as Error).message };
    }
    const allowed = typeof decision === 'boolean' ? decision : decision.allowed;
    if (!allowed) return { status: forbidden(attrs, typeof decision === 'boolean' ? '' : (decision.reason ?? '')) };
  }

  if (username !== Anonymous) {
    if (!groups.some((g) => g === AllAuthenticated || g === AllUnauthenticated)) groups.push(AllAuthenticated);
  } else if (!groups.includes(AllUnauthenticated)) {
    groups.push(AllUnauthenticated);
  }
  const impersonated: UserInfo = { name: username, groups };
  if (uid) impersonated.uid = uid;
  if (Object.keys(extra).length > 0) impersonated.extra = extra;
  return { user: impersonated, impersonated: true };
}

/** Whether a header is one the impersonation filter consumes (strip these before proxying on). */
export function isImpersonationHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'impersonate-user' || n === 'impersonate-group' || n === 'impersonate-uid' || n.startsWith(extraPrefix);
}

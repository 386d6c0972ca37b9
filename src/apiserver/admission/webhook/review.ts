/**
 * AdmissionReview bodies, as upstream's `webhook/request/admissionreview.go`: the request sent to a
 * webhook (admission.k8s.io/v1, or v1beta1 when that is the first version the webhook accepts), and
 * the checks applied to its answer, with upstream's messages.
 */
import { randomUUID } from 'node:crypto';
import type { Status } from '../../../machinery/errors.js';
import type { Invocation, JsonObject, WebhookAttributes } from './types.js';

export type ReviewVersion = 'v1' | 'v1beta1';

/** The first AdmissionReview version of the webhook's list that we speak, if any. */
export function pickReviewVersion(versions: readonly string[] | undefined): ReviewVersion | undefined {
  return (versions ?? []).find((v): v is ReviewVersion => v === 'v1' || v === 'v1beta1');
}

/**
 * AdmissionRequest fields (without uid, object and oldObject), in upstream's field order and with
 * its omitempty rules. This is also the `request` variable of matchConditions.
 */
export function admissionRequestFields(attrs: WebhookAttributes, inv: Invocation): JsonObject {
  const u = attrs.userInfo;
  const userInfo: JsonObject = {};
  if (u.username) userInfo.username = u.username;
  if (u.uid) userInfo.uid = u.uid;
  if (u.groups?.length) userInfo.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length) userInfo.extra = u.extra;
  const req: JsonObject = {
    kind: { group: inv.kind.group, version: inv.kind.version, kind: inv.kind.kind },
    resource: { group: inv.resource.group, version: inv.resource.version, resource: inv.resource.resource },
  };
  if (inv.subresource) req.subResource = inv.subresource;
  req.requestKind = { group: attrs.kind.group, version: attrs.kind.version, kind: attrs.kind.kind };
  req.requestResource = {
    group: attrs.resource.group,
    version: attrs.resource.version,
    resource: attrs.resource.resource,
  };
  if (attrs.subresource) req.requestSubResource = attrs.subresource;
  if (attrs.name) req.name = attrs.name;
  if (attrs.namespace) req.namespace = attrs.namespace;
  req.operation = attrs.operation;
  req.userInfo = userInfo;
  return req;
}

/** The AdmissionReview to POST, and the uid its answer must carry. */
export function createAdmissionReview(
  attrs: WebhookAttributes,
  inv: Invocation,
  version: ReviewVersion,
): { uid: string; review: JsonObject } {
  const uid = randomUUID();
  const { userInfo, ...rest } = admissionRequestFields(attrs, inv);
  const request: JsonObject = {
    uid,
    ...rest,
    userInfo,
    object: attrs.object ?? null,
    oldObject: attrs.oldObject ?? null,
    dryRun: attrs.dryRun ?? false,
    options: attrs.options ?? null,
  };
  return { uid, review: { kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${version}`, request } };
}

/** The parts of a webhook's answer the dispatchers use (upstream's `AdmissionResponse`). */
export interface VerifiedResponse {
  allowed: boolean;
  /** The decoded-from-base64 patch text, mutating webhooks only. */
  patch?: string;
  patchType?: string;
  result?: Partial<Status>;
  warnings: string[];
  auditAnnotations: Record<string, string>;
}

/** A malformed answer; the message is upstream's (`expected response.uid="…", got "…"`). */
export class InvalidResponseError extends Error {}

const gvkString = (apiVersion: unknown, kind: unknown): string => {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = av.indexOf('/');
  const [group, version] = slash < 0 ? ['', av] : [av.slice(0, slash), av.slice(slash + 1)];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
};

const quote = (s: string) => JSON.stringify(s);

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Upstream's `VerifyAdmissionResponse`. For v1: a response must be present, carry the request's
 * uid and come in an admission.k8s.io/v1 AdmissionReview; a mutating answer must give patch and
 * patchType together; a validating one may give neither. v1beta1 answers are checked as loosely
 * as upstream checks them (a patch implies JSONPatch). Throws InvalidResponseError.
 */
export function verifyAdmissionResponse(
  uid: string,
  mutating: boolean,
  version: ReviewVersion,
  review: JsonObject,
): VerifiedResponse {
  const r = review.response;
  if (!isObject(r)) throw new InvalidResponseError('webhook response was absent');
  const patchText =
    typeof r.patch === 'string' && r.patch !== '' ? Buffer.from(r.patch, 'base64').toString('utf8') : '';
  const base = {
    allowed: r.allowed === true,
    result: isObject(r.status) ? (r.status as Partial<Status>) : undefined,
    warnings: Array.isArray(r.warnings) ? r.warnings.filter((w): w is string => typeof w === 'string') : [],
    auditAnnotations: isObject(r.auditAnnotations)
      ? (Object.fromEntries(Object.entries(r.auditAnnotations).filter(([, v]) => typeof v === 'string')) as Record<
          string,
          string
        >)
      : {},
  };
  if (version === 'v1beta1') {
    return mutating && patchText ? { ...base, patch: patchText, patchType: 'JSONPatch' } : base;
  }
  const got = typeof r.uid === 'string' ? r.uid : '';
  if (got !== uid) throw new InvalidResponseError(`expected response.uid=${quote(uid)}, got ${quote(got)}`);
  const actual = gvkString(review.apiVersion, review.kind);
  const wanted = 'admission.k8s.io/v1, Kind=AdmissionReview';
  if (actual !== wanted) throw new InvalidResponseError(`expected webhook response of ${wanted}, got ${actual}`);
  const hasPatchType = r.patchType !== undefined && r.patchType !== null;
  if (!mutating) {
    if (patchText) throw new InvalidResponseError('validating webhook may not return response.patch');
    if (hasPatchType) throw new InvalidResponseError('validating webhook may not return response.patchType');
    return base;
  }
  if (patchText && !hasPatchType)
    throw new InvalidResponseError('webhook returned response.patch but not response.patchType');
  if (!patchText && hasPatchType)
    throw new InvalidResponseError('webhook returned response.patchType but not response.patch');
  if (!hasPatchType) return base;
  const patchType = String(r.patchType);
  if (patchType === '')
    throw new InvalidResponseError(`webhook returned invalid response.patchType of ${quote(patchType)}`);
  return { ...base, patch: patchText, patchType };
}

/**
 * Go's base64 decoding of a `[]byte` field: the index of the first byte that is not valid base64
 * (StdEncoding, padded), or -1 when the text decodes.
 */
export function invalidBase64At(s: string): number {
  const bad = s.search(/[^A-Za-z0-9+/=\r\n]/);
  if (bad >= 0) return bad;
  const clean = s.replace(/[\r\n]/g, '');
  const pad = clean.indexOf('=');
  if (pad >= 0 && !/^={1,2}$/.test(clean.slice(pad))) return pad;
  if (clean.length % 4 !== 0) return Math.floor(clean.length / 4) * 4;
  return -1;
}

/**
 * Who a write is by, for managedFields: the `fieldManager` query parameter, checked as upstream's
 * `ValidateFieldManager` checks it, or else the User-Agent's first segment (upstream's
 * `managerOrUserAgent`); and the PatchOptions rules of server-side apply (a manager required,
 * `force` only with apply).
 */
import { errors } from '../../machinery/errors.js';
import { fieldErrors, type FieldError } from '../../machinery/field-errors.js';
import type { Req } from '../http.js';

/** Upstream's `FieldManagerMaxLength`. */
const MAX_LENGTH = 128;

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

function validateFieldManager(manager: string): FieldError[] {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(manager) > MAX_LENGTH) errs.push(fieldErrors.tooLong('fieldManager', manager, MAX_LENGTH));
  let at = 0;
  for (const ch of manager) {
    if (!PRINTABLE.test(ch)) {
      const message = `invalid character ${hex(ch.codePointAt(0)!)} (at position ${at})`;
      errs.push(fieldErrors.invalid('fieldManager', manager, message));
    }
    at += Buffer.byteLength(ch);
  }
  return errs;
}

/** The User-Agent up to its first `/`, printable characters only, at most 128 bytes. */
export function prefixFromUserAgent(userAgent: string): string {
  let out = '';
  for (const ch of userAgent.split('/')[0]) {
    if (!PRINTABLE.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > MAX_LENGTH) break;
    out += ch;
  }
  return out;
}

/** The manager of a create, update or patch; 422 (`<kind>Options.meta.k8s.io`) for a bad `fieldManager`. */
export function fieldManagerOf(q: URLSearchParams, req: Req, options: 'Create' | 'Update' | 'Patch'): string {
  const manager = q.get('fieldManager') ?? '';
  const errs = validateFieldManager(manager);
  if (errs.length) throw errors.invalid({ group: 'meta.k8s.io', name: `${options}Options` }, '', errs);
  return manager || prefixFromUserAgent(String(req.headers['user-agent'] ?? ''));
}

/** Upstream's `ValidatePatchOptions`: apply needs a manager; `force` is for apply alone. */
export function validatePatchOptions(q: URLSearchParams, apply: boolean): void {
  const errs: FieldError[] = [];
  if (!apply && q.has('force')) errs.push(fieldErrors.forbidden('force', 'may not be specified for non-apply patch'));
  if (apply && !q.get('fieldManager')) errs.push(fieldErrors.required('fieldManager', 'is required for apply patch'));
  if (errs.length) throw errors.invalid({ group: 'meta.k8s.io', name: 'PatchOptions' }, '', errs);
}

/**
 * The checks of CRD validation outside the spec: status.acceptedNames, status.storedVersions (the
 * storage version stored, stored versions still listed), API approval of protected groups
 * (`*.k8s.io`, `*.kubernetes.io`), and the v1 ban on `spec.preserveUnknownFields: true`.
 */
import { type FieldError, fieldErrors } from '../../machinery/field-errors.js';
import type { InternalSpec, InternalVersion } from './crd-internal.js';
import { validateNames } from './crd-parts.js';
import { goStrings } from './go-values.js';
import { index } from './paths.js';
import type { CustomResourceDefinition } from './types.js';

function storedVersionErrors(stored: string[] | undefined, versions: InternalVersion[], path: string): FieldError[] {
  if (!stored?.length) return [fieldErrors.invalid(path, goStrings(stored), 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const left = new Map<string, number>();
  stored.forEach((v, i) => left.set(v, i));
  for (const v of versions) {
    const has = left.has(v.name);
    if (v.storage && !has)
      errs.push(fieldErrors.invalid(path, goStrings(stored), `must have the storage version ${v.name}`));
    if (has) left.delete(v.name);
  }
  for (const [v, i] of [...left].sort((a, b) => a[1] - b[1])) {
    errs.push(
      fieldErrors.invalid(
        index(path, i),
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  }
  return errs;
}

const APPROVAL = 'api-approved.kubernetes.io';
const isProtectedGroup = (g: string) =>
  g === 'k8s.io' || g.endsWith('.k8s.io') || g === 'kubernetes.io' || g.endsWith('.kubernetes.io');

function approvalState(annotations: Record<string, string> | undefined): [string, string] {
  const a = annotations?.[APPROVAL] ?? '';
  if (!a)
    return [
      'Missing',
      `protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111`,
    ];
  if (a.startsWith('unapproved')) return ['Bypassed', `not approved: ${JSON.stringify(a)}`];
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#\s]+/.test(a)) return ['Approved', `approved in ${a}`];
  return [
    'Invalid',
    `protected groups must have approval annotation "${APPROVAL}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
  ];
}

/** Upstream's status, stored-version, API-approval and preserveUnknownFields checks (old for updates). */
export function statusAndApprovalErrors(
  crd: CustomResourceDefinition,
  spec: InternalSpec,
  old?: CustomResourceDefinition,
): FieldError[] {
  const errs = validateNames(crd.status?.acceptedNames, 'status.acceptedNames');
  errs.push(...storedVersionErrors(crd.status?.storedVersions, spec.versions, 'status.storedVersions'));
  if (isProtectedGroup(spec.group)) {
    const [state, reason] = approvalState(crd.metadata?.annotations);
    const oldState = old ? approvalState(old.metadata?.annotations)[0] : undefined;
    const p = `metadata.annotations[${APPROVAL}]`;
    if (oldState !== state && state === 'Missing') errs.push(fieldErrors.required(p, reason));
    else if (oldState !== state && state === 'Invalid')
      errs.push(fieldErrors.invalid(p, crd.metadata?.annotations?.[APPROVAL] ?? '', reason));
  }
  if (!(old?.spec?.preserveUnknownFields === true) && spec.preserveUnknownFields) {
    errs.push(
      fieldErrors.invalid(
        'spec.preserveUnknownFields',
        true,
        'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
      ),
    );
  }
  return errs;
}

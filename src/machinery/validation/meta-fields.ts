/**
 * Validation of the parts of ObjectMeta other than names: annotations, owner references,
 * finalizers, non-negative counters. Messages and field paths are upstream's
 * (`k8s.io/apimachinery/pkg/api/validation/objectmeta.go`, and for finalizer names
 * `pkg/apis/core/validation`).
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { FieldError, fieldErrors, printed } from '../field-errors.js';
import { byteLength, goStringSlice } from './messages.js';
import { isQualifiedName } from './names.js';

/** The largest total size, keys plus values in bytes, of an object's annotations (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/**
 * Upstream's `ValidateAnnotations`: keys are qualified names, compared lower-cased; the total size
 * may not pass 256 KiB (`metadata.annotations: Too long: may not be more than 262144 bytes`).
 */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldErrors.invalid(path, k, msg));
    total += byteLength(k) + byteLength(v);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(fieldErrors.tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

/** Go's `%#v` of an OwnerReference (pointers shown by value, where Go would print an address). */
function goOwnerReference(r: OwnerReference): string {
  const ptr = (b: boolean | undefined) => `(*bool)(${b === undefined ? 'nil' : b})`;
  return (
    `v1.OwnerReference{APIVersion:${JSON.stringify(r.apiVersion ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, ` +
    `Name:${JSON.stringify(r.name ?? '')}, UID:${JSON.stringify(r.uid ?? '')}, Controller:${ptr(r.controller)}, ` +
    `BlockOwnerDeletion:${ptr(r.blockOwnerDeletion)}}`
  );
}

/** Upstream's `schema.FromAPIVersionAndKind`: an unparseable apiVersion gives no group or version. */
function groupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: '', version: '' };
}

function validateOwnerReference(ref: OwnerReference, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const { group, version } = groupVersion(ref.apiVersion ?? '');
  const kind = ref.kind ?? '';
  if (version === '')
    errs.push(fieldErrors.invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
  if (kind === '') errs.push(fieldErrors.invalid(`${path}.kind`, kind, 'kind must not be empty'));
  if (!ref.name) errs.push(fieldErrors.invalid(`${path}.name`, ref.name ?? '', 'name must not be empty'));
  if (!ref.uid) errs.push(fieldErrors.invalid(`${path}.uid`, ref.uid ?? '', 'uid must not be empty'));
  // upstream's BannedOwners: only core/v1 Event.
  if (group === '' && version === 'v1' && kind === 'Event') {
    errs.push(
      fieldErrors.invalid(
        path,
        printed(goOwnerReference(ref)),
        `${group}/${version}, Kind=${kind} is disallowed from being an owner`,
      ),
    );
  }
  return errs;
}

/**
 * Upstream's `ValidateOwnerReferences`. Errors sit at the list's path without an index
 * (`metadata.ownerReferences.uid`), as upstream's do; at most one reference may be the controller.
 */
export function validateOwnerReferences(refs: readonly OwnerReference[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, path));
    if (ref.controller === true) {
      const name = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController) {
        errs.push(
          fieldErrors.invalid(
            path,
            printed(`[]v1.OwnerReference{${(refs ?? []).map(goOwnerReference).join(', ')}}`),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else firstController = name;
    }
  }
  return errs;
}

/** Upstream's `ValidateFinalizerName`: a qualified name, errors at path. */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => fieldErrors.invalid(path, name, msg));
}

/** Finalizer names that need no domain: `kubernetes`, `orphan`, `foregroundDeletion`. */
export const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/**
 * The rule built-in kinds add (upstream's `validateKubeFinalizerName` in pkg/apis/core/validation):
 * a finalizer without `/` must be a standard one.
 */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (name.split('/').length === 1 && !STANDARD_FINALIZERS.has(name)) {
    return [fieldErrors.invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

/**
 * Upstream's `ValidateFinalizers`: each name at the list's path, and `orphan` with
 * `foregroundDeletion` refused.
 */
export function validateFinalizers(finalizers: readonly string[] | undefined, path: string): FieldError[] {
  const list = finalizers ?? [];
  const errs = list.flatMap((f) => validateFinalizerName(f, path));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push(
      fieldErrors.invalid(
        path,
        printed(goStringSlice(list)),
        'finalizer orphan and foregroundDeletion cannot be both set',
      ),
    );
  }
  return errs;
}

/** Upstream's `ValidateNoNewFinalizers`: no finalizer may be added to an object being deleted. */
export function validateNoNewFinalizers(
  newFinalizers: readonly string[] | undefined,
  oldFinalizers: readonly string[] | undefined,
  path: string,
): FieldError[] {
  const old = new Set(oldFinalizers ?? []);
  const extra = [...new Set(newFinalizers ?? [])].filter((f) => !old.has(f)).sort();
  if (extra.length === 0) return [];
  return [
    fieldErrors.forbidden(
      path,
      `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
    ),
  ];
}

/** Upstream's `ValidateNonnegativeField`. */
export function validateNonnegativeField(value: number, path: string): FieldError[] {
  return value < 0 ? [fieldErrors.invalid(path, value, 'must be greater than or equal to 0')] : [];
}

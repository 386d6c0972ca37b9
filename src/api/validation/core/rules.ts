/**
 * Two rules nearly every validator applies at a path: upstream's `ValidateDNS1123Label` and
 * `ValidateQualifiedName`, one error per message.
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { isDNS1123Label, isQualifiedName } from '../../../machinery/validation/names.js';
import type { Errs } from '../util.js';

/** Upstream's `ValidateDNS1123Label` at a path. */
export function dns1123Label(value: string, path: string, errs: Errs): void {
  for (const m of isDNS1123Label(value)) errs.push(fieldErrors.invalid(path, value, m));
}

/** Upstream's `ValidateQualifiedName` at a path. */
export function qualifiedName(value: string, path: string, errs: Errs): void {
  for (const m of isQualifiedName(value)) errs.push(fieldErrors.invalid(path, value, m));
}

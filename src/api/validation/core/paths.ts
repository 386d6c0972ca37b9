/**
 * File path rules shared by volumes, mounts and profiles (upstream's `validatePathNoBacksteps`,
 * `validateLocalDescendingPath`, `ValidateLocalNonReservedPath`).
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import type { Errs } from '../util.js';

/** Upstream's `validatePathNoBacksteps`: no `..` element (one error is enough). */
export function validatePathNoBacksteps(p: string, path: string, errs: Errs): void {
  if (p.replace(/\\/g, '/').split('/').includes('..')) errs.push(fieldErrors.invalid(path, p, "must not contain '..'"));
}

/** Upstream's `validateLocalDescendingPath`: relative, without `..`. */
export function validateLocalDescendingPath(p: string, path: string, errs: Errs): void {
  if (p.startsWith('/')) errs.push(fieldErrors.invalid(path, p, 'must be a relative path'));
  validatePathNoBacksteps(p, path, errs);
}

/** Upstream's `ValidateLocalNonReservedPath`: a local descending path that does not start with `..`. */
export function validateLocalNonReservedPath(p: string, path: string, errs: Errs): void {
  validateLocalDescendingPath(p, path, errs);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(fieldErrors.invalid(path, p, "must not start with '..'"));
}

/**
 * `x-kubernetes-validations` on custom resources (upstream's CEL validator): every schema node's
 * rules are compiled once and evaluated on each value at that node, with `oldSelf` the value the
 * old object has at the same place (by property, map key, or list-map keys; not inside atomic or
 * set lists). A failed rule is a FieldError at the node (plus the rule's fieldPath) whose value is
 * the node's type, as upstream prints it. Rules using what k8ts does not evaluate are skipped
 * here and named in Warnings when the CRD is written.
 */
import { compileRule, evaluate, type RuleProgram, type ValidationRule } from '../../machinery/cel/index.js';
import { FieldError, fieldErrors } from '../../machinery/field-errors.js';
import type { KObject } from '../cacher/types.js';

type Schema = KObject;

interface Compiled {
  programs: RuleProgram[];
  unsupported: string[];
}

const compiled = new WeakMap<Schema, Compiled>();

function compileNode(schema: Schema, isResourceRoot: boolean): Compiled {
  let c = compiled.get(schema);
  if (!c) {
    c = { programs: [], unsupported: [] };
    for (const rule of (schema['x-kubernetes-validations'] ?? []) as ValidationRule[]) {
      const out = compileRule(rule, schema, { isResourceRoot });
      if ('program' in out) c.programs.push(out.program);
      else if ('unsupported' in out) c.unsupported.push(`${JSON.stringify(rule.rule)}: ${out.unsupported}`);
      // Compile errors are refused when the CRD is written; a stored one is skipped.
    }
    compiled.set(schema, c);
  }
  return c;
}

const join = (path: string, field: string) => (path ? `${path}.${field}` : field);

function typeOf(schema: Schema): string {
  if (schema['x-kubernetes-int-or-string']) return 'string';
  return schema.type ?? 'object';
}

function failure(path: string, schema: Schema, reason: string | undefined, message: string): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return fieldErrors.forbidden(path, message);
    case 'FieldValueRequired':
      return fieldErrors.required(path, message);
    case 'FieldValueDuplicate':
      return new FieldError('FieldValueDuplicate', path, typeOf(schema), message);
    default:
      return fieldErrors.invalid(path, typeOf(schema), message);
  }
}

/** The old value of each list item, matched by the list's map keys. */
function oldItemFor(schema: Schema, item: unknown, old: unknown): unknown {
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || !item || typeof item !== 'object') {
    return undefined;
  }
  const keys: string[] = schema['x-kubernetes-list-map-keys'] ?? [];
  return old.find((o) => o && typeof o === 'object' && keys.every((k) => (o as KObject)[k] === (item as KObject)[k]));
}

function walk(
  schema: Schema,
  value: unknown,
  old: unknown,
  hasOld: boolean,
  path: string,
  root: boolean,
  errs: FieldError[],
) {
  if (value === undefined || value === null) return;
  for (const program of compileNode(schema, root).programs) {
    const r = evaluate(program, hasOld ? { self: value, oldSelf: old } : { self: value });
    if ('error' in r) errs.push(fieldErrors.invalid(path, typeOf(schema), r.error));
    else if (!r.ok)
      errs.push(failure(r.fieldPath ? join(path, r.fieldPath.replace(/^\./, '')) : path, schema, r.reason, r.message));
  }
  if (Array.isArray(value)) {
    if (!schema.items) return;
    value.forEach((item, i) => {
      const o = oldItemFor(schema, item, old);
      walk(schema.items, item, o, o !== undefined, `${path}[${i}]`, false, errs);
    });
    return;
  }
  if (typeof value !== 'object') return;
  const oldObj = hasOld && old && typeof old === 'object' && !Array.isArray(old) ? (old as KObject) : undefined;
  for (const [k, v] of Object.entries(value as KObject)) {
    const prop = schema.properties?.[k];
    const child = prop ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (!child) continue;
    const p = prop ? join(path, k) : `${path}[${k}]`;
    walk(child, v, oldObj?.[k], !!oldObj && k in oldObj, p, false, errs);
  }
}

/** The failed rules of `obj` (and its transition rules against `old`, on update). */
export function validationRuleErrors(schema: Schema | undefined, obj: KObject, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (schema) walk(schema, obj, old, !!old, '', true, errs);
  return errs;
}

/** Warnings for the rules of a version's schema that k8ts does not evaluate. */
export function unsupportedRuleWarnings(schema: Schema | undefined, path: string): string[] {
  const out: string[] = [];
  const visit = (s: Schema | undefined, p: string, root: boolean) => {
    if (!s || typeof s !== 'object') return;
    for (const u of compileNode(s, root).unsupported)
      out.push(`${p}.x-kubernetes-validations: ${u}; the rule is not enforced`);
    for (const [k, v] of Object.entries(s.properties ?? {})) visit(v as Schema, `${p}.properties[${k}]`, false);
    if (s.items) visit(s.items, `${p}.items`, false);
    if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, `${p}.additionalProperties`, false);
  };
  visit(schema, path, true);
  return out;
}

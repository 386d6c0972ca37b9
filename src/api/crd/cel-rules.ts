/**
 * The `x-kubernetes-validations` part of upstream's `ValidateCustomResourceDefinitionOpenAPISchema`:
 * the shape of each rule (rule present, message and fieldPath well formed, reason supported), and —
 * when the schema is otherwise valid — CEL compilation through the caller's compiler and the
 * oldSelf placement rules. Cost estimation is not done here.
 */
import { type FieldError, fieldErrors } from '../../machinery/field-errors.js';
import { validFieldPath } from '../../machinery/cel/index.js';
import { goValidationRule } from './go-values.js';
import { child, index } from './paths.js';
import { structuralConversionError } from './structural.js';
import type { CompileRule, JSONSchemaProps, ValidationRule } from './types.js';

/** The reasons a rule may name. */
const SUPPORTED_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

const hasNewlines = (s: string) => /[\n\r]+/.test(s);
// A whole-word reference to oldSelf, outside string literals: what CEL's checker reports as used.
const usesOldSelf = (rule: string) => /\boldSelf\b/.test(rule.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, ''));

function pathValid(schema: JSONSchemaProps, fieldPath: string): boolean {
  if (structuralConversionError(schema)) return true;
  return !('error' in validFieldPath(fieldPath, schema));
}

/** Shape errors of the rules at path (the schema node holding them). */
export function ruleShapeErrors(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (schema['x-kubernetes-validations'] ?? []).forEach((r: ValidationRule, i) => {
    const p = index(child(path, 'x-kubernetes-validations'), i);
    const rule = (r.rule ?? '').trim();
    const message = r.message ?? '';
    const msg = message.trim();
    if (!rule) errs.push(fieldErrors.required(child(p, 'rule'), 'rule is not specified'));
    else if (message.length > 0 && !msg) {
      errs.push(fieldErrors.invalid(child(p, 'message'), message, 'message must be non-empty if specified'));
    } else if (hasNewlines(msg)) {
      errs.push(fieldErrors.invalid(child(p, 'message'), message, 'message must not contain line breaks'));
    } else if (hasNewlines(rule) && !msg) {
      errs.push(fieldErrors.required(child(p, 'message'), 'message must be specified if rule contains line breaks'));
    }
    const msgExpr = r.messageExpression ?? '';
    if (msgExpr.length > 0 && !msgExpr.trim()) {
      errs.push(
        fieldErrors.required(child(p, 'messageExpression'), 'messageExpression must be non-empty if specified'),
      );
    }
    if (r.reason !== undefined && r.reason !== null && !SUPPORTED_REASONS.includes(r.reason)) {
      errs.push(fieldErrors.notSupported(child(p, 'reason'), r.reason, SUPPORTED_REASONS));
    }
    const fp = r.fieldPath ?? '';
    if (fp.length > 0 && !fp.trim()) {
      errs.push(fieldErrors.invalid(child(p, 'fieldPath'), fp, 'fieldPath must be non-empty if specified'));
    }
    if (hasNewlines(fp))
      errs.push(fieldErrors.invalid(child(p, 'fieldPath'), fp, 'fieldPath must not contain line breaks'));
    if (fp.length > 0 && !pathValid(schema, fp)) {
      errs.push(fieldErrors.invalid(child(p, 'fieldPath'), fp, 'fieldPath must be a valid path'));
    }
  });
  return errs;
}

const detailOf = (answer: ReturnType<CompileRule>, prefix: string) =>
  answer === undefined ? undefined : typeof answer === 'string' ? `${prefix}${answer}` : answer.detail;

/** What the CEL step needs: the compilers, and the path where oldSelf stops being correlatable. */
export interface CelStep {
  compileRule?: CompileRule;
  compileMessageExpression?: CompileRule;
  uncorrelatablePath?: string;
}

/**
 * The CEL errors of the rules at path: compilation failures
 * (`…x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{…}: compilation
 * failed: …`), oldSelf under a list that cannot correlate items, optionalOldSelf without oldSelf.
 */
export function ruleCelErrors(schema: JSONSchemaProps, path: string, step: CelStep): FieldError[] {
  const errs: FieldError[] = [];
  (schema['x-kubernetes-validations'] ?? []).forEach((r, i) => {
    const p = index(child(path, 'x-kubernetes-validations'), i);
    const ruleDetail = detailOf(step.compileRule?.(r.rule, schema), 'compilation failed: ');
    if (ruleDetail) errs.push(fieldErrors.invalid(child(p, 'rule'), goValidationRule(r), ruleDetail));
    if (r.messageExpression) {
      const d = detailOf(
        step.compileMessageExpression?.(r.messageExpression, schema),
        'messageExpression compilation failed: ',
      );
      if (d) errs.push(fieldErrors.invalid(child(p, 'messageExpression'), goValidationRule(r), d));
    }
    if (usesOldSelf(r.rule ?? '')) {
      if (step.uncorrelatablePath !== undefined) {
        errs.push(
          fieldErrors.invalid(
            child(p, 'rule'),
            r.rule,
            `oldSelf cannot be used on the uncorrelatable portion of the schema within ${step.uncorrelatablePath}`,
          ),
        );
      }
    } else if (r.optionalOldSelf !== undefined && r.optionalOldSelf !== null) {
      errs.push(
        fieldErrors.invalid(
          child(p, 'optionalOldSelf'),
          r.optionalOldSelf,
          'may not be set if oldSelf is not used in rule',
        ),
      );
    }
  });
  return errs;
}

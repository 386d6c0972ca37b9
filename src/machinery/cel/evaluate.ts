/**
 * Evaluating a compiled rule against a custom resource's value at the rule's node, as upstream's
 * `validation.go` (`validateExpressions`): transition rules are skipped without an old value,
 * a false result gets the messageExpression's text, the message, or `failed rule: <rule>`.
 */
import { Optional } from '@marcbachmann/cel-js';
import type { RuleProgram, ValidationRule } from './compile.js';
import { describeRuntimeError } from './issues.js';
import { toCelValue } from './values.js';

/** Upstream's `MaxEvaluatedMessageExpressionSizeBytes`. */
const MAX_MESSAGE_EXPRESSION_BYTES = 5 * 1024;

/** The values a rule sees: `self` at the node, `oldSelf` on update when the old object has the node. */
export interface RuleVars {
  self: unknown;
  oldSelf?: unknown;
}

/**
 * The outcome of a rule. `ok: false` is a failed rule: report a FieldError at the node's path
 * (plus `fieldPath`), of the type `reason` names (FieldValueInvalid when absent), with `message`.
 * `error` is a rule that could not be evaluated (`no such key: foo evaluating rule: …`): report
 * it as Invalid at the node's path. `skipped` marks a transition rule without an old value.
 */
export type EvaluateResult =
  | { ok: true; skipped?: true }
  | { ok: false; message: string; reason?: string; fieldPath?: string; messageExpressionError?: string }
  | { error: string };

/** Upstream's `ruleErrorString`: the rule's message if it has one, else the rule, trimmed. */
export function ruleErrorString(rule: ValidationRule): string {
  return rule.message && rule.message.length > 0 ? rule.message.trim() : rule.rule.trim();
}

/** Upstream's `ruleMessageOrDefault`. */
function messageOrDefault(rule: ValidationRule): string {
  return rule.message && rule.message.length > 0 ? rule.message.trim() : `failed rule: ${ruleErrorString(rule)}`;
}

/** Upstream's `evalMessageExpression`: the trimmed text, or why it cannot be used. */
function messageFromExpression(
  program: RuleProgram,
  ctx: Record<string, unknown>,
): { text: string } | { error: string } {
  let value: unknown;
  try {
    value = program.messageRun!(ctx);
  } catch (e) {
    return { error: `messageExpression evaluation failed due to: ${describeRuntimeError(e).message}` };
  }
  if (typeof value !== 'string') return { error: 'messageExpression failed to convert to string' };
  const text = value.trim();
  if (Buffer.byteLength(text) > MAX_MESSAGE_EXPRESSION_BYTES) {
    return { error: `messageExpression beyond allowable length of ${MAX_MESSAGE_EXPRESSION_BYTES}` };
  }
  if (/\n/.test(text)) return { error: 'messageExpression should not contain line breaks' };
  if (text.length === 0) return { error: 'messageExpression should evaluate to a non-empty string' };
  return { text };
}

/**
 * Evaluates `program` with `self` bound to the node's value (decoded JSON) and, on update,
 * `oldSelf` to the old object's value there (omit it, or pass undefined, on create or when the old
 * object lacks the node). A null or absent `self` is not validated, as upstream. A transition rule
 * without oldSelf is skipped unless the rule sets `optionalOldSelf`, in which case oldSelf is an
 * optional (`oldSelf.hasValue()`). Never throws for rule errors.
 */
export function evaluate(program: RuleProgram, vars: RuleVars): EvaluateResult {
  if (vars.self === null || vars.self === undefined) return { ok: true };
  const { rule } = program;
  const hasOld = vars.oldSelf !== null && vars.oldSelf !== undefined;
  if (program.transitionRule && !hasOld && !rule.optionalOldSelf) return { ok: true, skipped: true };

  const ctx: Record<string, unknown> = { self: toCelValue(vars.self, program.selfType) };
  if (rule.optionalOldSelf) {
    ctx.oldSelf = hasOld ? Optional.of(toCelValue(vars.oldSelf, program.selfType)) : Optional.none();
  } else if (hasOld) {
    ctx.oldSelf = toCelValue(vars.oldSelf, program.selfType);
  }

  let result: unknown;
  try {
    result = program.run(ctx);
  } catch (e) {
    const { message, noSuchOverload } = describeRuntimeError(e);
    if (noSuchOverload) {
      return {
        error: `'${message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`,
      };
    }
    return { error: `${message} evaluating rule: ${ruleErrorString(rule)}` };
  }
  if (result === true) return { ok: true };

  let message: string | undefined;
  let messageExpressionError: string | undefined;
  if (program.messageRun) {
    const m = messageFromExpression(program, ctx);
    if ('text' in m) message = m.text;
    else messageExpressionError = m.error;
  }
  const failure: EvaluateResult = { ok: false, message: message ?? messageOrDefault(rule) };
  if (rule.reason) failure.reason = rule.reason;
  if (program.fieldPath) failure.fieldPath = program.fieldPath;
  if (messageExpressionError) failure.messageExpressionError = messageExpressionError;
  return failure;
}

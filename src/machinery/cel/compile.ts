/**
 * Compiling `x-kubernetes-validations` rules, as upstream's `apiextensions-apiserver/pkg/apiserver/
 * schema/cel/compilation.go`: parse, reject what Kubernetes would reject with its wording, flag
 * what Kubernetes accepts but we cannot evaluate, and note whether the rule is a transition rule.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import { scanRule, undefinedPresenceField } from './ast-scan.js';
import { celEnvironment, literalEnvironment } from './environment.js';
import type { RuleEnvironment } from './environment.js';
import { validFieldPath } from './field-path.js';
import { describeCompileError, formatIssue } from './issues.js';
import type { CelType, SchemaNode } from './schema-types.js';

/** One entry of `x-kubernetes-validations`. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** Where a compile problem belongs: `x-kubernetes-validations[i].<field>`. */
export type RuleField = 'rule' | 'messageExpression' | 'fieldPath' | 'optionalOldSelf';

/** A compiled rule, ready for `evaluate`. Treat as opaque apart from the documented fields. */
export interface RuleProgram {
  readonly rule: ValidationRule;
  /** True when the rule references `oldSelf`: upstream's transition rule. */
  readonly transitionRule: boolean;
  /** `fieldPath` normalized to field.Path notation (`spec.replicas`), if the rule has one. */
  readonly fieldPath?: string;
  readonly selfType: CelType;
  readonly run: ParseResult;
  readonly messageRun?: ParseResult;
}

/** Options for `compileRule`. */
export interface CompileOptions {
  /**
   * False when the node sits on an uncorrelatable portion of the schema (under a list that is not
   * `x-kubernetes-list-type: map`): there is never an old value, and a rule using oldSelf is invalid.
   */
  hasOldSelf?: boolean;
  /** The schema path named in the uncorrelatable error (`spec.foo.items`). */
  uncorrelatablePath?: string;
  /** True at the root of the resource or of an embedded resource (apiVersion, kind, metadata.name are visible). */
  isResourceRoot?: boolean;
}

/** The result of `compileRule`: a program, an Invalid-CRD error, or something we cannot evaluate. */
export type CompileResult =
  | { program: RuleProgram }
  | { error: string; field: RuleField }
  | { unsupported: string; field: 'rule' | 'messageExpression' };

type ExpressionResult =
  { run: ParseResult; usesOldSelf: boolean } | { error: string } | { unsupported: string } | { wrongType: true };

/** Upstream's AST validators: literal arguments of duration(), timestamp() and matches() must be valid. */
function invalidLiteral(input: string, calls: ReturnType<typeof scanRule>['literalCalls']): string | undefined {
  for (const { fn, literal } of calls) {
    try {
      if (fn === 'matches') new RegExp(literal.args as string);
      else literalEnvironment.evaluate(`${fn}(literal)`, { literal: literal.args });
    } catch {
      return formatIssue(input, literal.pos, `invalid ${fn} argument`);
    }
  }
  return undefined;
}

function compileExpression(env: RuleEnvironment, input: string, want: 'bool' | 'string'): ExpressionResult {
  let run: ParseResult;
  try {
    run = env.env.parse(input);
  } catch (e) {
    return { error: describeCompileError(input, e) };
  }
  const scan = scanRule(run.ast);
  if (scan.unsupported) return { unsupported: `uses ${scan.unsupported}, which k8ts does not implement` };
  if (scan.undeclared) {
    const at = input.indexOf('(', scan.undeclared.node.end);
    const offset = scan.undeclared.node.op === 'id' ? scan.undeclared.node.pos : at;
    return { error: formatIssue(input, offset, `undeclared reference to '${scan.undeclared.name}' (in container '')`) };
  }
  const checked = run.check();
  if (!checked.valid) {
    const summary = (checked.error as { summary?: string } | undefined)?.summary ?? '';
    const listFn = summary.match(/^found no matching overload for 'list(?:<.*>)?\.(indexOf|lastIndexOf)\(/);
    if (listFn) {
      return { unsupported: `uses function '${listFn[1]}' (Kubernetes lists library), which k8ts does not implement` };
    }
    return { error: describeCompileError(input, checked.error) };
  }
  const absent = undefinedPresenceField(run.ast, env.selfType);
  if (absent) return { error: formatIssue(input, absent.node.pos - 1, `undefined field '${absent.name}'`) };
  const literal = invalidLiteral(input, scan.literalCalls);
  if (literal) return { error: literal };
  if (checked.type !== want) return { wrongType: true };
  return { run, usesOldSelf: scan.usesOldSelf };
}

/**
 * Compiles one rule sitting on `schema` (the OpenAPI v3 schema node carrying the
 * `x-kubernetes-validations`). `rule` is the rule text or the whole ValidationRule (its
 * `messageExpression` is compiled too and its `fieldPath` checked). Results:
 * - `{ program }`: evaluate it with `evaluate`; `program.transitionRule` says it uses oldSelf.
 * - `{ error, field }`: the CRD is Invalid at `x-kubernetes-validations[i].<field>` with this
 *   message, worded as upstream (`compilation failed: ERROR: <input>:1:6: undefined field 'foo'…`,
 *   `cel expression must evaluate to a bool`, `messageExpression must evaluate to a string`,
 *   `fieldPath must be a valid path: …`, `oldSelf cannot be used on the uncorrelatable portion of the schema…`).
 * - `{ unsupported, field }`: valid for Kubernetes but beyond what k8ts evaluates; the message
 *   names the function (`uses function 'quantity' (Kubernetes quantity library), …`). Warn.
 */
export function compileRule(rule: string | ValidationRule, schema: object, opts: CompileOptions = {}): CompileResult {
  const r: ValidationRule = typeof rule === 'string' ? { rule } : rule;
  const s = schema as SchemaNode;
  if (r.rule.trim() === '') return { error: 'rule is not specified', field: 'rule' };

  const env = celEnvironment(s, !!opts.isResourceRoot, !!r.optionalOldSelf);
  if (!env) {
    const detail = `type: '${s.type ?? ''}' x-kubernetes-preserve-unknown-fields: '${!!s['x-kubernetes-preserve-unknown-fields']}'`;
    return { error: `rule declared on schema that does not support validation rules ${detail}`, field: 'rule' };
  }

  const compiled = compileExpression(env, r.rule, 'bool');
  if ('unsupported' in compiled) return { unsupported: `rule ${compiled.unsupported}`, field: 'rule' };
  if ('wrongType' in compiled) return { error: 'cel expression must evaluate to a bool', field: 'rule' };
  if ('error' in compiled) return { error: `compilation failed: ${compiled.error}`, field: 'rule' };
  if (compiled.usesOldSelf && opts.hasOldSelf === false) {
    const within = opts.uncorrelatablePath ? ` within ${opts.uncorrelatablePath}` : '';
    return { error: `oldSelf cannot be used on the uncorrelatable portion of the schema${within}`, field: 'rule' };
  }
  if (!compiled.usesOldSelf && r.optionalOldSelf !== undefined) {
    return { error: 'may not be set if oldSelf is not used in rule', field: 'optionalOldSelf' };
  }

  let messageRun: ParseResult | undefined;
  if (r.messageExpression !== undefined && r.messageExpression.trim() !== '') {
    const msg = compileExpression(env, r.messageExpression, 'string');
    if ('unsupported' in msg)
      return { unsupported: `messageExpression ${msg.unsupported}`, field: 'messageExpression' };
    if ('wrongType' in msg) return { error: 'messageExpression must evaluate to a string', field: 'messageExpression' };
    if ('error' in msg)
      return { error: `messageExpression compilation failed: ${msg.error}`, field: 'messageExpression' };
    messageRun = msg.run;
  }

  let fieldPath: string | undefined;
  if (r.fieldPath !== undefined && r.fieldPath.trim() !== '') {
    const fp = validFieldPath(r.fieldPath, s);
    if ('error' in fp) return { error: `fieldPath must be a valid path: ${fp.error}`, field: 'fieldPath' };
    fieldPath = fp.path;
  }

  return {
    program: {
      rule: r,
      transitionRule: compiled.usesOldSelf,
      fieldPath,
      selfType: env.selfType,
      run: compiled.run,
      messageRun,
    },
  };
}

/**
 * CEL for CustomResourceDefinition `x-kubernetes-validations`: compile rules when a CRD is written
 * (`compileRule`), evaluate them when custom resources are created or updated (`evaluate`).
 *
 * @example
 * const schema = { type: 'object', properties: { replicas: { type: 'integer' }, maxReplicas: { type: 'integer' } } };
 * const compiled = compileRule({ rule: 'self.replicas <= self.maxReplicas', message: 'too many' }, schema);
 * if ('program' in compiled) evaluate(compiled.program, { self: { replicas: 5, maxReplicas: 3 } });
 * // → { ok: false, message: 'too many' }
 */
export { compileRule } from './compile.js';
export type { CompileOptions, CompileResult, RuleField, RuleProgram, ValidationRule } from './compile.js';
export { evaluate, ruleErrorString } from './evaluate.js';
export type { EvaluateResult, RuleVars } from './evaluate.js';
export { escapeName } from './escaping.js';
export { validFieldPath } from './field-path.js';
export { schemaCelType } from './schema-types.js';
export type { CelType, SchemaNode } from './schema-types.js';

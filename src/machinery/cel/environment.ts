/**
 * The CEL environments rules compile in: the library's standard definitions plus what the
 * Kubernetes base environment adds that we support (`string.replace`), with `self` and `oldSelf`
 * declared with the type of the schema node.
 */
import { Environment } from '@marcbachmann/cel-js';
import { celTypeName, objectTypes, schemaCelType } from './schema-types.js';
import type { CelType, SchemaNode } from './schema-types.js';
import { objectConstructor, typedEqual } from './values.js';
import type { CelObject } from './values.js';

/** Go's `strings.Replace(s, old, new, n)`: n < 0 replaces every match. */
export function replaceString(s: string, old: string, repl: string, n: number): string {
  if (n === 0) return s;
  const parts = old === '' ? ['', ...Array.from(s), ''] : s.split(old);
  if (parts.length === 1) return s;
  const limit = n < 0 ? parts.length - 1 : Math.min(n, parts.length - 1);
  return (
    parts.slice(0, limit + 1).join(repl) + (limit + 1 < parts.length ? old + parts.slice(limit + 1).join(old) : '')
  );
}

/** Upstream's base environment as far as we implement it: homogeneous literals, optional types. */
const base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true })
  .registerFunction('string.replace(string, string): string', (s: string, o: string, r: string) =>
    replaceString(s, o, r, -1),
  )
  .registerFunction('string.replace(string, string, int): string', (s: string, o: string, r: string, n: bigint) =>
    replaceString(s, o, r, Number(n)),
  );

/** A schema node's compile environment and the type of `self` in it. */
export interface RuleEnvironment {
  env: Environment;
  selfType: CelType;
}

const cache = new WeakMap<object, Map<string, RuleEnvironment | undefined>>();

/**
 * The environment for rules on `schema`, or undefined when the node's type cannot be seen by rules.
 * `self` has the node's type; `oldSelf` the same, or `optional<T>` when `optionalOldSelf`.
 * Environments are cached per schema object, so callers must not mutate a schema after compiling.
 */
export function celEnvironment(
  schema: SchemaNode,
  isResourceRoot: boolean,
  optionalOldSelf: boolean,
): RuleEnvironment | undefined {
  let bySchema = cache.get(schema);
  if (!bySchema) cache.set(schema, (bySchema = new Map()));
  const key = `${isResourceRoot}/${optionalOldSelf}`;
  if (bySchema.has(key)) return bySchema.get(key);

  const selfType = schemaCelType(schema, isResourceRoot);
  let result: RuleEnvironment | undefined;
  if (selfType) {
    const env = base.clone();
    for (const t of objectTypes(selfType)) {
      t.ctor = objectConstructor(t);
      const fields = Object.fromEntries([...t.fields].map(([name, f]) => [name, celTypeName(f.type)]));
      env.registerType(t.name, { ctor: t.ctor, fields });
      env.registerOperator(`${t.name} == ${t.name}`, (a: CelObject, b: CelObject) => typedEqual(a.raw, b.raw, t));
    }
    const name = celTypeName(selfType);
    env.registerVariable('self', name);
    env.registerVariable('oldSelf', optionalOldSelf ? `optional<${name}>` : name);
    result = { env, selfType };
  }
  bySchema.set(key, result);
  return result;
}

/** The environment evaluating literal arguments at compile time: `duration(literal)`, `timestamp(literal)`. */
export const literalEnvironment = base.clone().registerVariable('literal', 'string');

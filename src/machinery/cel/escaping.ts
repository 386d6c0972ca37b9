/**
 * CEL identifiers for OpenAPI property names, as upstream's `k8s.io/apiserver/pkg/cel/escaping.go`:
 * a property `foo-bar` is selected in a rule as `self.foo__dash__bar`, `namespace` as `self.__namespace__`.
 */

/** CEL's RESERVED words; a property named exactly one of them is escaped to `__word__`. */
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

const ESCAPES: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/**
 * Upstream's `Escape`: the CEL identifier (`[a-zA-Z_][a-zA-Z0-9_]*`) for a property name, or
 * undefined when the name is outside `[a-zA-Z_.-/][a-zA-Z0-9_.-/]*` (such properties cannot be
 * selected by rules). `__` becomes `__underscores__`, `.` `__dot__`, `-` `__dash__`, `/` `__slash__`.
 */
export function escapeName(ident: string): string | undefined {
  if (ident.length === 0 || (ident[0] >= '0' && ident[0] <= '9')) return undefined;
  if (RESERVED.has(ident)) return `__${ident}__`;
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(ident)) return undefined;
  return ident.replace(/__|[.\-/]/g, (s) => ESCAPES[s]);
}

/**
 * A rule's `fieldPath` (`.spec.replicas`, `.labels['app.kubernetes.io/name']`), checked against the
 * schema and normalized as upstream's `ValidFieldPath` does, so the caller can append it to the
 * node's field path when reporting the rule's failure.
 */
import type { SchemaNode } from './schema-types.js';

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  "'": "'",
  '\\': '\\',
};

/** Splits a JSON path into `.`, `[`, `]` and the text between them; a single-quoted string is one token. */
function tokens(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === "'") {
      let j = i + 1;
      while (j < path.length && !(path[j] === "'" && path[j - 1] !== '\\')) j++;
      out.push(path.slice(i, j + 1));
      i = j + 1;
    } else if ('.[]'.includes(path[i])) {
      out.push(path[i++]);
    } else {
      let j = i;
      while (j < path.length && !'.[]'.includes(path[j])) j++;
      out.push(path.slice(i, j));
      i = j;
    }
  }
  return out;
}

function unescapeSingleQuote(s: string): string {
  return s.replace(/\\./g, (m) => {
    if (!(m[1] in ESCAPES)) throw new Error(`invalid string literal: invalid escape char ${m}`);
    return ESCAPES[m[1]];
  });
}

/**
 * Upstream's `ValidFieldPath`: `{ path }` in field.Path notation (`spec.replicas`, `labels[app]`),
 * or `{ error }` worded as upstream (`does not refer to a valid field`, `expected [ or . but got: x`).
 */
export function validFieldPath(jsonPath: string, schema: SchemaNode): { path: string } | { error: string } {
  let path = '';
  let node: SchemaNode | undefined = schema;
  const append = (name: string): string | undefined => {
    if (node?.properties) {
      path += path === '' ? name : `.${name}`;
      node = node.properties[name];
      return node ? undefined : 'does not refer to a valid field';
    }
    if (node?.additionalProperties && typeof node.additionalProperties === 'object') {
      path += `[${name}]`;
      node = node.additionalProperties;
      return undefined;
    }
    return 'does not refer to a valid field';
  };

  const toks = tokens(jsonPath);
  try {
    for (let i = 0; i < toks.length; i++) {
      const tok = toks[i];
      let err: string | undefined;
      if (tok === '[') {
        const quoted = toks[++i];
        if (quoted === undefined) return { error: 'unexpected end of JSON path' };
        if (quoted.length < 2 || quoted[0] !== "'" || quoted[quoted.length - 1] !== "'") {
          return { error: `expected single quoted string but got ${quoted}` };
        }
        err = append(unescapeSingleQuote(quoted.slice(1, -1)));
        if (err) return { error: err };
        const close = toks[++i];
        if (close === undefined) return { error: 'unexpected end of JSON path' };
        if (close !== ']') return { error: `expected ] but got ${close}` };
      } else if (tok === '.') {
        const name = toks[++i];
        if (name === undefined) return { error: 'unexpected end of JSON path' };
        err = append(name);
        if (err) return { error: err };
      } else {
        return { error: `expected [ or . but got: ${tok}` };
      }
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { path };
}

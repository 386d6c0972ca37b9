/**
 * Upstream's `cel.ValidFieldPath`: a JSON path of field accessors (`.spec.replicas`,
 * `.metadata['name']`) checked against a structural schema, as `x-kubernetes-validations`
 * `fieldPath`, printer columns and `selectableFields` use it. Errors are worded as upstream's
 * (`does not refer to a valid field`, `expected [ or . but got: x`).
 */
/** What a path walks: properties and additionalProperties (a CRD's JSONSchemaProps, or CEL's SchemaNode). */
interface PathSchema<S> {
  properties?: Record<string, S>;
  additionalProperties?: S | boolean | null;
}

/** A valid path (as field.Path prints it: `spec.replicas`, `labels[app]`) and the schema it leads to, or why it is invalid. */
export type FieldPathResult<S> = { path: string; schema?: S } | { error: string };

function tokens(s: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '.' || c === '[' || c === ']') {
      out.push(c);
      i++;
    } else if (c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) return 'unexpected end of JSON path';
      out.push(s.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && !'.[]'.includes(s[j])) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}

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

function unescape(s: string): string | { error: string } {
  let bad: string | undefined;
  const out = s.replace(/\\(.)/g, (m, c: string) => {
    if (c in ESCAPES) return ESCAPES[c];
    bad ??= m;
    return '';
  });
  return bad ? { error: `invalid escape char ${bad}` } : out;
}

/** Resolves jsonPath in schema; `allowArrayNotation` false refuses `['x']` (selectable fields). */
export function validFieldPath<S extends PathSchema<S>>(
  jsonPath: string,
  schema: S,
  allowArrayNotation = true,
): FieldPathResult<S> {
  const toks = tokens(jsonPath);
  if (typeof toks === 'string') return { error: toks };
  let path = '';
  let s: S | undefined = schema;
  const step = (name: string): string | undefined => {
    if (!s) return 'does not refer to a valid field';
    const p = s.properties && Object.keys(s.properties).length ? s.properties : undefined;
    if (p) {
      path = path ? `${path}.${name}` : name;
      if (!(name in p)) return 'does not refer to a valid field';
      s = p[name];
    } else if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
      path = `${path}[${name}]`;
      s = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    } else return 'does not refer to a valid field';
    return undefined;
  };
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (tok === '[') {
      if (!allowArrayNotation) return { error: 'array notation is not allowed' };
      const lit = toks[++i];
      if (lit === undefined) return { error: 'unexpected end of JSON path' };
      if (lit.length < 2 || !lit.startsWith("'") || !lit.endsWith("'")) {
        return { error: `expected single quoted string but got ${lit}` };
      }
      const name = unescape(lit.slice(1, -1));
      if (typeof name !== 'string') return { error: `invalid string literal: ${name.error}` };
      const err = step(name);
      if (err) return { error: err };
      const close = toks[++i];
      if (close === undefined) return { error: 'unexpected end of JSON path' };
      if (close !== ']') return { error: `expected ] but got ${close}` };
    } else if (tok === '.') {
      const name = toks[++i];
      if (name === undefined) return { error: 'unexpected end of JSON path' };
      const err = step(name);
      if (err) return { error: err };
    } else return { error: `expected [ or . but got: ${tok}` };
  }
  return { path, schema: s };
}

/**
 * The JSONPath that CRDs use in printer columns and scale paths (kubectl's template syntax
 * without braces): `.spec.replicas`, `.spec.containers[0].image`, `.items[*].name`,
 * `.metadata.labels['app.kubernetes.io/name']`, `.status.conditions[?(@.type=="Ready")].status`.
 */
type Step =
  | { field: string }
  | { index: number }
  | { all: true }
  | { filter: { path: string[]; op: '==' | '!='; value: unknown } };

/** A parse error, with the position and what was wrong. */
export class JSONPathError extends Error {}

const FILTER = /^\?\(@((?:\.[\w-]+)+)\s*(==|!=)\s*(.+)\)$/;

/** Parses `path`, throwing JSONPathError when it is not of the supported form. */
export function parseJSONPath(path: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (!path.startsWith('.')) throw new JSONPathError(`unrecognized character in action: ${path[0] ?? 'EOF'}`);
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^[\w-]+/.exec(path.slice(i + 1));
      if (!m) throw new JSONPathError(`invalid field at ${i}: ${path}`);
      steps.push({ field: m[0] });
      i += 1 + m[0].length;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', path[i + 1] === '?' ? path.indexOf(')', i) : i);
      if (end < 0) throw new JSONPathError(`unterminated array at ${i}: ${path}`);
      const inner = path.slice(i + 1, end).trim();
      i = end + 1;
      const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(inner);
      const filter = FILTER.exec(inner);
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (quoted) steps.push({ field: quoted[1] ?? quoted[2] });
      else if (filter) {
        const raw = filter[3].trim();
        const value = /^['"]/.test(raw) ? raw.slice(1, -1) : Number(raw);
        if (typeof value === 'number' && Number.isNaN(value)) throw new JSONPathError(`invalid filter value: ${raw}`);
        steps.push({ filter: { path: filter[1].slice(1).split('.'), op: filter[2] as '==' | '!=', value } });
      } else throw new JSONPathError(`invalid array index: ${inner}`);
    } else throw new JSONPathError(`unrecognized character at ${i}: ${path[i]}`);
  }
  return steps;
}

const at = (v: unknown, path: string[]) =>
  path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v);

/** Every value `path` reaches in `obj` (none when it leads nowhere). */
export function findJSONPath(obj: unknown, path: string | Step[]): unknown[] {
  let values = [obj];
  for (const step of typeof path === 'string' ? parseJSONPath(path) : path) {
    const next: unknown[] = [];
    for (const v of values) {
      if (v === null || typeof v !== 'object') continue;
      if ('field' in step) {
        const f = (v as Record<string, unknown>)[step.field];
        if (f !== undefined && !Array.isArray(v)) next.push(f);
      } else if (!Array.isArray(v)) continue;
      else if ('index' in step) {
        const idx = step.index < 0 ? v.length + step.index : step.index;
        if (idx >= 0 && idx < v.length) next.push(v[idx]);
      } else if ('all' in step) next.push(...v);
      else {
        const { path: p, op, value } = step.filter;
        next.push(...v.filter((e) => (at(e, p) === value) === (op === '==')));
      }
    }
    values = next;
  }
  return values;
}

/**
 * Just enough of apimachinery's `fields.ParseSelector` for the node authorizer: a field selector
 * such as `spec.nodeName=n1,metadata.name!=x` read into requirements (`=` and `==` are both
 * `Equals`), with upstream's escapes (`\,` `\=` `\\`), and the name a list or watch is narrowed to
 * by `metadata.name=<name>` (what upstream's RequestInfo puts in the request's name).
 */

/** One requirement of a field selector (upstream's `fields.Requirement`). */
export interface FieldRequirement {
  field: string;
  operator: 'Equals' | 'NotEquals';
  value: string;
}

/** Splits on `sep` where it is not escaped with a backslash. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Undoes upstream's escaping; undefined for an invalid escape (anything but `\\`, `\,`, `\=`). */
function unescape(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out += s[i];
      continue;
    }
    const next = s[i + 1];
    if (next !== '\\' && next !== ',' && next !== '=') return undefined;
    out += next;
    i++;
  }
  return out;
}

/** The leftmost unescaped operator of a term: `!=`, `==` or `=`. */
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    if (term.startsWith('!=', i)) return [term.slice(0, i), 'NotEquals', term.slice(i + 2)];
    if (term.startsWith('==', i)) return [term.slice(0, i), 'Equals', term.slice(i + 2)];
    if (term[i] === '=') return [term.slice(0, i), 'Equals', term.slice(i + 1)];
  }
  return undefined;
}

/**
 * The requirements of a field selector; `[]` for an empty one, `undefined` when it does not
 * parse (the authorizer then sees no requirements, as upstream's `GetFieldSelector` error does).
 */
export function parseFieldSelector(selector: string | undefined): FieldRequirement[] | undefined {
  const s = (selector ?? '').trim();
  if (!s) return [];
  const reqs: FieldRequirement[] = [];
  for (const term of splitUnescaped(s, ',')) {
    const parts = splitTerm(term);
    if (!parts) return undefined;
    const value = unescape(parts[2]);
    if (value === undefined) return undefined;
    reqs.push({ field: parts[0].trim(), operator: parts[1], value });
  }
  return reqs;
}

/** Whether some requirement is `field=value` (upstream's `selection.Equals` check). */
export function selectsExactly(reqs: readonly FieldRequirement[] | undefined, field: string, value: string): boolean {
  return (reqs ?? []).some((r) => r.field === field && r.operator === 'Equals' && r.value === value);
}

/** Upstream's `path.IsValidPathSegmentName`: no `/` or `%`, and not `.` or `..`. */
function isValidPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/**
 * The name a list or watch is narrowed to by `metadata.name=<name>`, as upstream's RequestInfo
 * sets it (only a valid path segment counts); `''` when there is none.
 */
export function nameFromFieldSelector(selector: string | undefined): string {
  const req = parseFieldSelector(selector)?.find((r) => r.field === 'metadata.name' && r.operator === 'Equals');
  return req && isValidPathSegmentName(req.value) ? req.value : '';
}

/**
 * apimachinery's `equality.Semantic.DeepEqual` over plain JSON, as far as NodeRestriction needs
 * it: a missing field equals its zero value (`null`, `''`, `0`, `false`, `[]`, `{}`), as a Go struct
 * decoded from either would; plus a short description of where two objects differ, standing in
 * for the `cmp.Diff` upstream appends to one message.
 */
import type { Obj } from './refs.js';

/** Whether a value is what Go would hold for an absent field. */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** Deep equality with absent ≡ zero value at every level. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a && b) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual((a as Obj)[k], (b as Obj)[k])) return false;
    return true;
  }
  return false;
}

/** The paths where two objects differ, each as `path: old -> new` (JSON values), `; `-separated. */
export function describeDiff(a: unknown, b: unknown, path = '', out: string[] = []): string {
  if (semanticEqual(a, b)) return out.join('; ');
  const bothObjects = typeof a === 'object' && typeof b === 'object' && a && b && Array.isArray(a) === Array.isArray(b);
  if (bothObjects && !Array.isArray(a)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      describeDiff((a as Obj)[k], (b as Obj)[k], path ? `${path}.${k}` : k, out);
    }
  } else out.push(`${path || '.'}: ${JSON.stringify(a ?? null)} -> ${JSON.stringify(b ?? null)}`);
  return out.join('; ');
}

/**
 * Deterministic JSON: object keys sorted at every level (as Go's encoder writes the maps of
 * upstream's OpenAPI documents), array order kept. Equal values always give equal bytes, so a
 * document's hash is stable across builds.
 */

/** A copy of `value` whose objects have their keys inserted in sorted order. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

/** `JSON.stringify` of `value` with sorted keys; `indent` as for `JSON.stringify`. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

/**
 * Reading request headers the same way whether they come as node's `IncomingHttpHeaders`,
 * `req.headersDistinct` (every value kept apart — use it when a header may repeat) or a fetch
 * `Headers`.
 */

/** Header containers the authentication functions accept. */
export type HeadersLike =
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null; forEach(cb: (value: string, name: string) => void): void };

const isFetchHeaders = (
  h: HeadersLike,
): h is { get(name: string): string | null; forEach(cb: (value: string, name: string) => void): void } =>
  typeof (h as { get?: unknown }).get === 'function';

/** Every header as lower-case name → values, in arrival order. */
export function headerEntries(headers: HeadersLike): [string, string[]][] {
  const out = new Map<string, string[]>();
  const add = (name: string, value: string | string[] | undefined) => {
    if (value === undefined) return;
    const key = name.toLowerCase();
    const list = out.get(key) ?? [];
    list.push(...(Array.isArray(value) ? value : [value]));
    out.set(key, list);
  };
  if (isFetchHeaders(headers)) headers.forEach((value, name) => add(name, value));
  else for (const [name, value] of Object.entries(headers)) add(name, value);
  return [...out];
}

/** All values of header `name` (case-insensitive), read without building the whole map: several run per request. */
export function headerValues(headers: HeadersLike, name: string): string[] {
  const key = name.toLowerCase();
  if (isFetchHeaders(headers)) {
    const value = headers.get(key);
    return value === null ? [] : [value];
  }
  const out: string[] = [];
  for (const n in headers) {
    if (n.length !== key.length || n.toLowerCase() !== key) continue;
    const value = headers[n];
    if (Array.isArray(value)) out.push(...value);
    else if (value !== undefined) out.push(value);
  }
  return out;
}

/** The first value of header `name`, or `''` (Go's `Header.Get`). */
export function headerValue(headers: HeadersLike, name: string): string {
  return headerValues(headers, name)[0] ?? '';
}

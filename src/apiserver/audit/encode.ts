/**
 * Writing events as upstream's JSON serializer does (Go's encoding/json): fields in struct order,
 * map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, timestamps as metav1.MicroTime
 * (`2026-12-02T18:06:54.123456Z`). Also the copy without managedFields (`omitManagedFields`).
 */
import type { AuditEvent } from './types.js';

/** Microseconds since the Unix epoch, from the wall clock (sub-millisecond part from the monotonic one). */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** A Date or microseconds since the epoch, as microseconds. */
export function toMicros(t: Date | number): number {
  return typeof t === 'number' ? Math.floor(t) : t.getTime() * 1000;
}

/** metav1.MicroTime's JSON form: UTC, always six fractional digits. */
export function formatMicroTime(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

// eslint-disable-next-line no-control-regex -- Go escapes the control characters
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A string as Go's encoding/json writes it (lone surrogates, invalid in UTF-8, become U+FFFD). */
export function goJSONString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (SHORT[ch]) out += SHORT[ch];
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += ch + s[++i];
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Compact JSON in Go's spelling. Object keys keep their order (struct fields), except where
 * `sorted` says the object is a Go map (whose keys encoding/json sorts).
 */
export function goJSON(v: unknown, sorted: (path: string) => boolean = () => false, path = ''): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJSONString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof RawJSON) return v.raw;
  if (v instanceof Date) return goJSONString(v.toISOString());
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return goJSONString(Buffer.from(v).toString('base64'));
  if (Array.isArray(v)) return `[${v.map((x) => goJSON(x, sorted, `${path}[]`)).join(',')}]`;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return goJSON((v as { toJSON: () => unknown }).toJSON(), sorted, path);
  }
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sorted(path)) keys = keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${goJSONString(k)}:${goJSON(o[k], sorted, path ? `${path}.${k}` : k)}`).join(',')}}`;
}

/** The Go maps of an Event: its annotations and the users' extra. */
const EVENT_MAPS = new Set(['annotations', 'user.extra', 'impersonatedUser.extra']);

/** One Event as upstream's log and webhook backends write it (no trailing newline). */
export function encodeEvent(ev: AuditEvent): string {
  return goJSON(ev, (p) => EVENT_MAPS.has(p));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function stripOne(o: unknown): unknown {
  if (!isObj(o) || !isObj(o.metadata) || !('managedFields' in o.metadata)) return o;
  const metadata = { ...o.metadata };
  delete metadata.managedFields;
  return { ...o, metadata };
}

/**
 * A copy without metadata.managedFields, of the object itself, of a list's items and of a Table's
 * rows' objects (upstream's `copyWithoutManagedFields`). Other values come back as they are; the
 * argument is never changed.
 */
export function withoutManagedFields(obj: unknown): unknown {
  if (!isObj(obj)) return obj;
  let out = stripOne(obj) as Obj;
  if (Array.isArray(out.items)) out = { ...out, items: out.items.map(stripOne) };
  if (out.kind === 'Table' && Array.isArray(out.rows)) {
    out = {
      ...out,
      rows: out.rows.map((r) => (isObj(r) && isObj(r.object) ? { ...r, object: stripOne(r.object) } : r)),
    };
  }
  return out;
}

/**
 * A body already encoded when it was recorded (upstream encodes request and response objects at
 * once, so later changes to them do not show). Written verbatim by `goJSON`; `toJSON` gives the value.
 */
export class RawJSON {
  constructor(readonly raw: string) {}
  toJSON(): unknown {
    return JSON.parse(this.raw);
  }
}

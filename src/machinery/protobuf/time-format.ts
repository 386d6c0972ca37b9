/**
 * metav1.Time and metav1.MicroTime between their JSON strings and the protobuf Timestamp
 * (`seconds`, `nanos`). Time's JSON is RFC 3339 at second precision in UTC
 * (`2024-01-02T03:04:05Z`), MicroTime's has six fractional digits (`…05.123456Z`); both parse
 * what Go's `time.Parse(time.RFC3339, …)` accepts (any fraction, `Z` or a numeric offset).
 */

/** Seconds since the epoch and the nanoseconds within that second. */
export interface Timestamp {
  seconds: number;
  nanos: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 time as Go's time.RFC3339 layout does. Throws an Error worded as Go's
 * (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse …`) when it is not one.
 */
export function parseRfc3339(s: string): Timestamp {
  const m = RFC3339.exec(s);
  if (!m) {
    throw new Error(
      `parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(s)}`,
    );
  }
  const [, y, mo, d, h, mi, sec, frac, z, sign, oh, om] = m;
  const n = (x: string) => Number.parseInt(x, 10);
  if (n(mo) < 1 || n(mo) > 12 || n(d) < 1 || n(d) > 31 || n(h) > 23 || n(mi) > 59 || n(sec) > 59) {
    throw new Error(`parsing time ${JSON.stringify(s)}: value out of range`);
  }
  // Date.UTC would read years 0–99 as 1900–1999; setUTCFullYear takes them as they are.
  const date = new Date(0);
  date.setUTCFullYear(n(y), n(mo) - 1, n(d));
  date.setUTCHours(n(h), n(mi), n(sec), 0);
  if (date.getUTCDate() !== n(d)) throw new Error(`parsing time ${JSON.stringify(s)}: day out of range`);
  let seconds = date.getTime() / 1000;
  if (!z) seconds -= (sign === '-' ? -1 : 1) * (n(oh) * 3600 + n(om) * 60);
  const nanos = frac ? n(frac.padEnd(9, '0')) : 0;
  return { seconds, nanos };
}

function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  const iso = date.toISOString();
  // toISOString widens years outside 0000–9999 to ±YYYYYY; Go prints them as they are.
  const body = iso.slice(iso.indexOf('-', 1) + 1, iso.indexOf('.'));
  return `${String(year).padStart(4, '0')}-${body}`;
}

/** `2024-01-02T03:04:05Z`: Go's `Time.UTC().Format(time.RFC3339)`, fraction dropped. */
export function formatTime(t: Timestamp): string {
  return `${isoSeconds(t.seconds)}Z`;
}

/** `2024-01-02T03:04:05.123456Z`: Go's RFC3339Micro in UTC, nanoseconds truncated. */
export function formatMicroTime(t: Timestamp): string {
  const micros = String(Math.floor(t.nanos / 1000)).padStart(6, '0');
  return `${isoSeconds(t.seconds)}.${micros}Z`;
}

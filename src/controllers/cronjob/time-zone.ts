/**
 * Wall-clock arithmetic in an IANA time zone, as Go's `time` package does it for the cron
 * schedules: an instant's calendar fields in a zone, and the instant of a wall-clock time there
 * (Go's `time.Date`, which normalises overflowing fields and resolves DST gaps and overlaps the
 * way `Date` does). Offsets come from `Intl.DateTimeFormat`, so no time zone database is bundled.
 */

/** The calendar fields of an instant in a zone (month 1–12, weekday 0 = Sunday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True for UTC and its aliases, which need no lookups. */
function isUTC(tz: string): boolean {
  return tz === '' || tz === 'UTC' || tz === 'Etc/UTC';
}

function formatterOf(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when the runtime knows `tz` (Go's `time.LoadLocation` succeeding); `''` is UTC. */
export function isKnownTimeZone(tz: string): boolean {
  if (isUTC(tz)) return true;
  try {
    formatterOf(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `epochMs`, in ms (positive east of Greenwich). */
export function offsetAt(tz: string, epochMs: number): number {
  if (isUTC(tz)) return 0;
  const whole = Math.floor(epochMs / 1000) * 1000;
  const parts = formatterOf(tz).formatToParts(new Date(whole));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  const wall = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  // Date.UTC maps years 0–99 to 1900–1999; cron never goes there.
  return wall - whole;
}

/** The calendar fields of `epochMs` in `tz`. */
export function wallTime(tz: string, epochMs: number): WallTime {
  const d = new Date(epochMs + offsetAt(tz, epochMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/**
 * Go's `time.Date(year, month, day, hour, min, sec, 0, loc)`: fields may overflow (month 13 is
 * January next year). A wall time that a DST gap skips, or an overlap repeats, resolves as Go
 * does: take the offset in force at the wall time read as UTC, and if the resulting instant
 * lies in another offset period, use that period's offset.
 */
export function fromWallTime(
  tz: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const wall = d.getTime();
  if (isUTC(tz)) return wall;
  const first = offsetAt(tz, wall);
  const utc = wall - first;
  const second_ = offsetAt(tz, utc);
  return second_ === first ? utc : wall - second_;
}

/** RFC 3339 of `epochMs` in `tz` (`2024-03-10T01:30:00-08:00`, `Z` for UTC), as Go formats it. */
export function formatRFC3339(tz: string, epochMs: number): string {
  const off = offsetAt(tz, epochMs);
  const w = new Date(Math.floor(epochMs / 1000) * 1000 + off);
  const pad = (n: number, l = 2) => String(n).padStart(l, '0');
  const date = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
  if (off === 0) return `${date}T${time}Z`;
  const abs = Math.abs(off) / 60_000;
  return `${date}T${time}${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Go's `time.Duration` text form, as flags, query parameters and configuration files carry it. */

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration (`1h30m`, `90s`, `500ms`, `-2s`, `0`) into milliseconds, as Go's
 * `time.ParseDuration` reads it; NaN when malformed.
 */
export function parseDuration(input: string): number {
  let s = input;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * UNITS[m[2]];
    end = re.lastIndex;
  }
  return s.length > 0 && end === s.length ? sign * total : NaN;
}

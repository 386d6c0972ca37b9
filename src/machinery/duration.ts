/** Go's `time.Duration` text form, as flags and query parameters carry it. */

/** Parses a Go duration (`1h30m`, `90s`, `500ms`) into milliseconds; NaN when malformed. */
export function parseDuration(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * units[m[2]];
    end = re.lastIndex;
  }
  return s.length > 0 && end === s.length ? total : NaN;
}

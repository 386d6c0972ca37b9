/**
 * The clock values kwok's objects carry. Every function here takes the time in; none reads the
 * clock, so callers (and tests) decide what "now" is.
 */
import { formatMicroTime, formatTime } from '../machinery/protobuf/time-format.js';

/** An instant: milliseconds since the epoch, or a Date. */
export type Instant = number | Date;

/** Milliseconds since the epoch of `t`. */
export function toMillis(t: Instant): number {
  return typeof t === 'number' ? t : t.getTime();
}

function timestamp(t: Instant): { seconds: number; nanos: number } {
  const ms = toMillis(t);
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** metav1.Time's JSON: RFC 3339 in UTC at second precision (`2026-12-02T22:00:00Z`). */
export function rfc3339(t: Instant): string {
  return formatTime(timestamp(t));
}

/** metav1.MicroTime's JSON: RFC 3339 in UTC with six fractional digits (`…22:00:00.000000Z`). */
export function microTime(t: Instant): string {
  return formatMicroTime(timestamp(t));
}

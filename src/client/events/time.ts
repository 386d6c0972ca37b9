/**
 * Time helpers for core/v1 Events: metav1.Time on the wire (RFC 3339, whole seconds, UTC) and the
 * hex-nanosecond suffix upstream's recorder puts in event names.
 */

/**
 * A millisecond epoch time as metav1.Time serializes it: `2026-12-02T18:06:54Z`. Fractions of a
 * second are dropped (truncated, as Go's RFC 3339 formatting does).
 */
export function formatTime(ms: number): string {
  const whole = Math.floor(ms / 1000) * 1000;
  return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A millisecond epoch time (fractional milliseconds allowed) as Go's `fmt.Sprintf("%x",
 * t.UnixNano())`: lowercase hex, no prefix. Computed with BigInt so no precision is lost.
 */
export function hexNanos(ms: number): string {
  return toNanos(ms).toString(16);
}

function toNanos(ms: number): bigint {
  const wholeMs = Math.floor(ms);
  const subMsNanos = Math.round((ms - wholeMs) * 1e6);
  return BigInt(wholeMs) * 1_000_000n + BigInt(subMsNanos);
}

let lastNanos = -1n;

/**
 * The hex-nanosecond suffix for a new event name: {@link hexNanos} of `ms`, except that the
 * value is bumped to one past the previous one whenever it would not be larger. Upstream reads a
 * nanosecond clock and never sees two events in the same instant; a millisecond clock does, and
 * two events about one object would then collide on the name (AlreadyExists, event lost). The
 * counter is process-wide so every recorder and correlator in the process draws distinct names.
 */
export function uniqueHexNanos(ms: number): string {
  const n = toNanos(ms);
  lastNanos = n > lastNanos ? n : lastNanos + 1n;
  return lastNanos.toString(16);
}

/**
 * Human-readable durations, as `k8s.io/apimachinery/pkg/util/duration` prints them: the AGE column
 * of every table, a Job's DURATION, a restart's "(5m ago)". Durations are in milliseconds;
 * fractions of a unit are truncated, never rounded.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(d / unit): truncation toward zero. */
const whole = (ms: number, unit: number): number => Math.trunc(ms / unit);

/**
 * HumanDuration: about two or three significant figures. `0s`…`119s`, then `2m3s`…`9m59s`,
 * `10m`…`179m`, `3h`…`7h59m`, `8h`…`47h`, `2d`…`7d23h`, `8d`…`729d`, `2y`…`7y364d`, then `8y`.
 * A duration up to 2s into the future (clock skew) prints `0s`; further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = whole(hours, 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = whole(days, 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * ShortHumanDuration: one unit only — `59s`, `59m`, `23h`, `364d`, `1y`. Same `0s` / `<invalid>`
 * rule for the future as {@link humanDuration}.
 */
export function shortHumanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${whole(hours, 24)}d`;
  return `${whole(ms, 365 * 24 * HOUR)}y`;
}

/**
 * Cell formatting shared by the printers: ages, label maps and selectors, container lists,
 * booleans, "+ N more..." lists. Each mirrors the upstream helper named in its doc, because
 * kubectl users read these strings.
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { LabelSelector, OwnerReference } from 'kubernetes-types/meta/v1.js';
import { humanDuration } from './duration.js';

/** Go's zero time.Time, which metav1.Time serializes when a timestamp was never set. */
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp, or `undefined` for a missing, unparseable
 * or zero (`0001-01-01T00:00:00Z`) time — Go's `Time.IsZero()`.
 */
export function timeOf(ts: string | null | undefined): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  if (Number.isNaN(ms) || ms <= GO_ZERO_TIME) return undefined;
  return ms;
}

/** translateTimestampSince: the human age of `ts` at `now`, `<unknown>` when there is none. */
export function since(ts: string | null | undefined, now: Date): string {
  const t = timeOf(ts);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}

/** labels.FormatLabels: `k=v` pairs sorted by key, comma-joined; `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/**
 * metav1.LabelSelectorAsSelector(selector).String(): requirements sorted by key, `k=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`. `''` for a nil or empty selector, `undefined` for an invalid one.
 */
export function selectorString(selector: LabelSelector | null | undefined): string | undefined {
  if (!selector) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key, text: `${key}=${value}` });
  for (const expr of selector.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort();
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return undefined;
        reqs.push({ key: expr.key, text: `${expr.key} ${expr.operator.toLowerCase()} (${values.join(',')})` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        reqs.push({ key: expr.key, text: expr.operator === 'Exists' ? expr.key : `!${expr.key}` });
        break;
      default:
        return undefined;
    }
  }
  // A stable sort by key keeps matchLabels ahead of expressions on the same key.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const s = selectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: container names and images, each comma-joined. */
export function containerCells(containers: Container[] | null | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** printBoolPtr: `True`, `False`, or `<unset>` when absent. */
export function boolPtr(value: boolean | null | undefined): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/** listWithMoreString: the first `max` items, `+ N more...` past them, `<unset>` when none. */
export function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** metav1.GetControllerOf: the owner reference marked `controller: true`. */
export function controllerOf(owners: OwnerReference[] | null | undefined): OwnerReference | undefined {
  return (owners ?? []).find((o) => o.controller === true);
}

/** The status of the first condition of `type`, as the printers' `hasJobCondition` reads it. */
export function conditionStatus(
  conditions: { type?: string; status?: string }[] | null | undefined,
  type: string,
): string | undefined {
  return (conditions ?? []).find((c) => c.type === type)?.status;
}

/** net.JoinHostPort: brackets around an IPv6 host. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

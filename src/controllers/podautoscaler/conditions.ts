/** The HPA's status conditions, set as upstream's `setConditionInList` sets them. */
import type { HorizontalPodAutoscalerCondition } from 'kubernetes-types/autoscaling/v2.js';
import type { ConditionChange } from './behavior.js';

/**
 * Sets `c` in `list` (appending the type if new), moving lastTransitionTime to `now` only when
 * the status changes; returns the new list and leaves `list` alone.
 */
export function setCondition(
  list: readonly HorizontalPodAutoscalerCondition[] | undefined,
  c: ConditionChange,
  now: number,
): HorizontalPodAutoscalerCondition[] {
  const out = (list ?? []).map((x) => ({ ...x }));
  let cur = out.find((x) => x.type === c.type);
  if (!cur) {
    cur = { type: c.type, status: '' };
    out.push(cur);
  }
  if (cur.status !== c.status)
    cur.lastTransitionTime = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  cur.status = c.status;
  cur.reason = c.reason;
  cur.message = c.message;
  return out;
}

/** The condition of `type`, if set. */
export function getCondition(
  list: readonly HorizontalPodAutoscalerCondition[] | undefined,
  type: string,
): HorizontalPodAutoscalerCondition | undefined {
  return list?.find((c) => c.type === type);
}

/**
 * Upstream's DefaultTolerationSeconds admission plugin: a pod that does not say how long it stays
 * on a node that is not ready or unreachable gets 300 s for each (the node lifecycle controller's
 * NoExecute taints then evict it after five minutes).
 */
import type { KObject } from '../cacher/types.js';

const KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];
const SECONDS = 300;

/** Whether `t` already covers a NoExecute taint with `key` (upstream checks the key and effect only). */
const covers = (t: KObject, key: string) =>
  (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists'));

export function defaultTolerationSeconds(pod: KObject): void {
  const spec = (pod.spec ??= {});
  const tolerations: KObject[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const added = KEYS.filter((key) => !tolerations.some((t) => covers(t, key))).map((key) => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: SECONDS,
  }));
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

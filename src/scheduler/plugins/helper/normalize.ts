/** Score normalisation shared by plugins, as upstream's `helper.DefaultNormalizeScore`. */
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.js';

/**
 * Scales scores so the highest becomes `maxPriority` (100); with `reverse`, a node's score becomes
 * `maxPriority - score` after scaling (fewer is better). All-zero scores stay zero, or become
 * `maxPriority` when reversed.
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let max = 0;
  for (const s of scores) if (s.score > max) max = s.score;
  if (max === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((maxPriority * s.score) / max);
    if (reverse) v = maxPriority - v;
    s.score = v;
  }
}

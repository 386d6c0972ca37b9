/** Choosing the node to preempt on among the candidates, after upstream's `pickOneNodeForPreemption`. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podPriority, podStartTime, type Victims } from './victims.js';

/** A node the preemptor fits on once `victims` are evicted. */
export interface Candidate {
  name: string;
  victims: Victims;
}

// Priorities are int32; shifting them to >= 0 keeps a node with a few negative-priority victims
// from beating a node with fewer victims of the same priority on the sum.
const PRIORITY_OFFSET = 2 ** 31;

/**
 * The earliest start time (ms) among the victims with the highest priority (upstream's
 * `GetEarliestPodStartTime`); undefined without victims.
 */
export function earliestPodStartTime(pods: readonly Pod[], now: number): number | undefined {
  if (pods.length === 0) return undefined;
  let maxPriority = podPriority(pods[0]);
  let earliest = podStartTime(pods[0], now);
  for (const p of pods) {
    const prio = podPriority(p);
    if (prio === maxPriority) earliest = Math.min(earliest, podStartTime(p, now));
    else if (prio > maxPriority) {
      maxPriority = prio;
      earliest = podStartTime(p, now);
    }
  }
  return earliest;
}

/**
 * The name of the best candidate (victims must be ordered most important first), by, in turn:
 * fewest PDB violations, lowest highest-victim priority, smallest sum of victim priorities, fewest
 * victims, latest start of the highest-priority victims; then the first left. '' when none.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): string {
  if (candidates.length === 0) return '';
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.victims.numPDBViolations,
    (c) => -podPriority(c.victims.pods[0]),
    (c) => -c.victims.pods.reduce((sum, p) => sum + podPriority(p) + PRIORITY_OFFSET, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestPodStartTime(c.victims.pods, now) ?? Number.MIN_SAFE_INTEGER,
  ];
  let remaining = [...candidates];
  for (const score of scoreFuncs) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = score(c);
      if (s > best) {
        best = s;
        selected = [];
      }
      if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0].name;
    remaining = selected;
  }
  return remaining[0].name;
}

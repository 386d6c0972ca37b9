/**
 * InterPodAffinity's queueing hints, after upstream's `isSchedulableAfterPodChange` and
 * `isSchedulableAfterNodeChange`: which pod and node events may make a pod it rejected fit.
 */
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ObjectLister, QueueingHint } from '../../framework/interface.js';
import { PodInfo, termMatches } from '../../framework/pod-info.js';
import { labelValue, nodeLabels, podMatchesAllTerms } from './counts.js';
import { namespaceLabels, podNamespace } from './terms.js';

/**
 * A change of an assigned pod: Queue when an added or relabelled pod now matches all the target's
 * affinity terms, when a relabelled pod stops matching its anti-affinity terms, or when a deleted
 * pod matched them. Unassigned pods never matter.
 */
export function podChangeHint(
  target: Pod,
  oldObj: unknown,
  newObj: unknown,
  namespaces: ObjectLister<Namespace>,
): QueueingHint {
  const original = oldObj as Pod | undefined;
  const modified = newObj as Pod | undefined;
  if ((modified && !modified.spec?.nodeName) || (original && !original.spec?.nodeName)) return 'QueueSkip';

  const pi = new PodInfo(target);
  const terms = pi.requiredAffinityTerms;
  const antiTerms = pi.requiredAntiAffinityTerms;

  if (modified && original) {
    if (!podMatchesAllTerms(terms, original) && podMatchesAllTerms(terms, modified)) return 'Queue';
    if (podMatchesAllTerms(antiTerms, original) && !podMatchesAllTerms(antiTerms, modified)) return 'Queue';
    return 'QueueSkip';
  }
  if (modified) return podMatchesAllTerms(terms, modified) ? 'Queue' : 'QueueSkip';
  if (!original) return 'Queue';
  if (podMatchesAllTerms(antiTerms, original)) return 'Queue';
  // Beyond upstream 1.32: the deleted pod's own anti-affinity may have been what rejected the
  // target ("existing pods anti-affinity rules"); its deletion can make the target fit.
  const deleted = new PodInfo(original);
  if (deleted.requiredAntiAffinityTerms.length === 0) return 'QueueSkip';
  const nsLabels = namespaceLabels(podNamespace(target), namespaces);
  return deleted.requiredAntiAffinityTerms.some((t) => termMatches(t, target, nsLabels)) ? 'Queue' : 'QueueSkip';
}

/** A node added or relabelled: Queue when it has a topology key of any of the target's terms. */
export function nodeChangeHint(target: Pod, _oldObj: unknown, newObj: unknown): QueueingHint {
  const node = newObj as Node | undefined;
  if (!node) return 'Queue';
  const labels = nodeLabels(node);
  const pi = new PodInfo(target);
  for (const t of pi.requiredAffinityTerms) if (labelValue(labels, t.topologyKey) !== undefined) return 'Queue';
  for (const t of pi.requiredAntiAffinityTerms) if (labelValue(labels, t.topologyKey) !== undefined) return 'Queue';
  return 'QueueSkip';
}

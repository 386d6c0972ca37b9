/**
 * ImageLocality, after upstream's `imagelocality` plugin: a Score plugin favouring nodes that
 * already hold the pod's container images, weighted by image size and damped by how many nodes
 * have the image (so one image does not pull every replica onto the same few nodes).
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type Handle,
  type PluginFactory,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface.js';
import { normalizedImageName, type ImageStateSummary, type NodeInfo } from '../../framework/node-info.js';
import type { Status } from '../../framework/status.js';

export const NAME = 'ImageLocality';

const MB = 1024 * 1024;
/**
 * Score bounds: most registry images (compressed) fall between these sizes, so sums below the
 * minimum score 0 and sums at the maximum (per container) score 100.
 */
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** An image's size scaled by the share of nodes that have it (truncated, as Go's int64 conversion). */
export function scaledImageScore(state: ImageStateSummary, totalNumNodes: number): number {
  const spread = state.numNodes / totalNumNodes;
  return Math.trunc(state.size * spread);
}

/** The scaled scores of the pod's init and regular container images present on the node. */
export function sumImageScores(nodeInfo: NodeInfo, pod: Pod, totalNumNodes: number): number {
  if (nodeInfo.imageStates.size === 0) return 0;
  let sum = 0;
  for (const list of [pod.spec?.initContainers, pod.spec?.containers])
    for (const c of list ?? []) {
      const state = c.image === undefined ? undefined : nodeInfo.imageStates.get(normalizedImageName(c.image));
      if (state) sum += scaledImageScore(state, totalNumNodes);
    }
  return sum;
}

/** Maps a sum onto [0, 100] between the minimum and `numContainers` × the per-container maximum. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  // Clamp in upstream's order, so a pod without containers still scores 0 rather than 100.
  let sum = sumScores;
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > maxThreshold) sum = maxThreshold;
  const score = Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
  return score === 0 ? 0 : score; // no -0 when maxThreshold < MIN_THRESHOLD
}

/** Scores nodes 0..100 by the (spread-scaled) bytes of the pod's images they already hold. */
export class ImageLocality implements ScorePlugin {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const totalNumNodes = this.handle.snapshot().list().length;
    const numContainers = (pod.spec?.initContainers?.length ?? 0) + (pod.spec?.containers?.length ?? 0);
    return calculatePriority(sumImageScores(nodeInfo, pod, totalNumNodes), numContainers);
  }

  /** None: scores are already on [0, 100]. */
  scoreExtensions(): ScoreExtensions | undefined {
    return undefined;
  }
}

/** Builds ImageLocality over the handle's snapshot; it takes no args. */
export const factory: PluginFactory = (_args, handle) => new ImageLocality(handle);

/**
 * What kwok keeps of each cached object: only the fields it reads. A pod as served carries
 * managedFields, volumes, env, probes and more, ten times what kwok needs; with 100,000 pods in
 * the informer's cache that is the difference between a few hundred megabytes and several
 * gigabytes. Applied to every listed and watched object before it reaches the cache (client-go's
 * informer TransformFunc).
 */
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ListWatch } from '../client/informers/list-watch.js';
import { KWOK_NODE_ANNOTATION } from './node.js';
import { HEARTBEAT_ANNOTATION } from './node-state.js';
import { COMPLETE_AFTER_ANNOTATION, COMPLETE_ANNOTATION } from './pod.js';

/** `annotations` narrowed to `keys`; undefined when none is set. */
function pick(
  annotations: Record<string, string> | undefined,
  keys: readonly string[],
): Record<string, string> | undefined {
  if (!annotations) return undefined;
  let out: Record<string, string> | undefined;
  for (const k of keys) if (annotations[k] !== undefined) (out ??= {})[k] = annotations[k];
  return out;
}

const POD_ANNOTATIONS = [COMPLETE_ANNOTATION, COMPLETE_AFTER_ANNOTATION];
const NODE_ANNOTATIONS = [KWOK_NODE_ANNOTATION, HEARTBEAT_ANNOTATION];

const slimContainer = (c: Container): Container =>
  c.restartPolicy ? { name: c.name, image: c.image, restartPolicy: c.restartPolicy } : { name: c.name, image: c.image };

/**
 * The pod as kwok reads it: identity, resourceVersion, kwok's annotations, deletion, the node,
 * hostNetwork, container names, images and restart policies, readiness gates, and the whole status
 * (a status write is computed from it).
 */
export function slimPod(pod: Pod): Pod {
  const m = pod.metadata ?? {};
  const s = pod.spec;
  return {
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      annotations: pick(m.annotations, POD_ANNOTATIONS),
      deletionTimestamp: m.deletionTimestamp,
      deletionGracePeriodSeconds: m.deletionGracePeriodSeconds,
    },
    spec: s && {
      nodeName: s.nodeName,
      hostNetwork: s.hostNetwork,
      containers: (s.containers ?? []).map(slimContainer),
      initContainers: s.initContainers?.map(slimContainer),
      readinessGates: s.readinessGates,
    },
    status: pod.status,
  };
}

/** The node as kwok reads it: identity, kwok's annotations, podCIDR(s), conditions and addresses. */
export function slimNode(node: Node): Node {
  const m = node.metadata ?? {};
  return {
    metadata: {
      name: m.name,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      annotations: pick(m.annotations, NODE_ANNOTATIONS),
    },
    spec: node.spec && { podCIDR: node.spec.podCIDR, podCIDRs: node.spec.podCIDRs },
    status: node.status && { conditions: node.status.conditions, addresses: node.status.addresses },
  };
}

/** `lw` with `transform` applied to every listed object and every watched ADDED/MODIFIED/DELETED one. */
export function transformListWatch<T>(lw: ListWatch<T>, transform: (obj: T) => T): ListWatch<T> {
  return {
    list: async (opts) => {
      const list = await lw.list(opts);
      return { ...list, items: list.items.map(transform) };
    },
    watch: (opts) => ({
      async *[Symbol.asyncIterator]() {
        for await (const e of lw.watch(opts)) {
          yield e.type === 'ERROR' || e.type === 'BOOKMARK' ? e : { ...e, object: transform(e.object) };
        }
      },
    }),
  };
}

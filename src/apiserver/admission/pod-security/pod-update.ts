/**
 * Upstream `isSignificantPodUpdate`: a pod update is re-evaluated only when something the policy
 * can newly be violated by changes — the number of containers or init containers, a container's
 * image or seccomp container annotation, or an added or changed ephemeral container. Other
 * updates (labels, status, resources, ...) are always let through.
 */
import type { Json } from './types.js';

const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Json) : {})) : [];
}

function annotation(annotations: Json, key: string): string {
  const v = annotations[key];
  return typeof v === 'string' ? v : '';
}

function significantContainerUpdate(c: Json, old: Json, annotations: Json, oldAnnotations: Json): boolean {
  if ((c.image ?? '') !== (old.image ?? '')) return true;
  const key = SECCOMP_CONTAINER_PREFIX + (c.name ?? '');
  return annotation(annotations, key) !== annotation(oldAnnotations, key);
}

/** Whether an update from `oldPod` to `pod` must be evaluated against the policy. */
export function isSignificantPodUpdate(pod: Json, oldPod: Json): boolean {
  const spec = pod.spec ?? {};
  const oldSpec = oldPod.spec ?? {};
  const ann = pod.metadata?.annotations ?? {};
  const oldAnn = oldPod.metadata?.annotations ?? {};
  for (const field of ['containers', 'initContainers'] as const) {
    const cs = list(spec[field]);
    const old = list(oldSpec[field]);
    if (cs.length !== old.length) return true;
    if (cs.some((c, i) => significantContainerUpdate(c, old[i], ann, oldAnn))) return true;
  }
  const oldEphemeral = list(oldSpec.ephemeralContainers);
  for (const c of list(spec.ephemeralContainers)) {
    const old = oldEphemeral.find((o) => o.name === c.name);
    if (!old) return true;
    if (significantContainerUpdate(c, old, ann, oldAnn)) return true;
  }
  return false;
}

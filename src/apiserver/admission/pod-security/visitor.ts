/**
 * Walks a pod spec's containers the way upstream's `visitContainers` does: init containers,
 * then containers, then ephemeral containers.
 */
import type { Json } from './types.js';

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter((x): x is Json => x !== null && typeof x === 'object') : [];
}

/** Every container of the spec, in upstream's order. */
export function allContainers(podSpec: Json): Json[] {
  return [...list(podSpec?.initContainers), ...list(podSpec?.containers), ...list(podSpec?.ephemeralContainers)];
}

/** The `name` of a container (or volume), `""` when unset. */
export function containerName(c: Json): string {
  return typeof c.name === 'string' ? c.name : '';
}

/** A container's securityContext, or undefined when unset/null. */
export function containerSC(c: Json): Json | undefined {
  const sc = c.securityContext;
  return sc !== null && typeof sc === 'object' ? sc : undefined;
}

/** The pod-level securityContext, or undefined when unset/null. */
export function podSC(podSpec: Json): Json | undefined {
  const sc = podSpec?.securityContext;
  return sc !== null && typeof sc === 'object' ? sc : undefined;
}

/** A non-null object field, or undefined. */
export function obj(parent: Json | undefined, key: string): Json | undefined {
  const v = parent?.[key];
  return v !== null && typeof v === 'object' ? v : undefined;
}

/** A string field read as Go would (zero value `""`). */
export function str(parent: Json | undefined, key: string): string {
  const v = parent?.[key];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** Items of an array field, `[]` when unset. */
export function arr(parent: Json | undefined, key: string): unknown[] {
  const v = parent?.[key];
  return Array.isArray(v) ? v : [];
}

/** Whether the pod is explicitly a Windows pod (`spec.os.name: windows`). */
export function isWindowsPod(podSpec: Json): boolean {
  return obj(podSpec, 'os')?.name === 'windows';
}

/**
 * The LimitRanger's mutating half (upstream's `PodMutateLimitFunc`): each LimitRange's Container
 * `default` and `defaultRequest` fill the limits and requests a container or init container leaves
 * out, and the pod is annotated with what was set:
 * `kubernetes.io/limit-ranger: LimitRanger plugin set: cpu, memory request for container nginx; cpu limit for container nginx`.
 */
import { parseQuantity } from '../../../machinery/quantity.js';
import { compareBytes } from '../../../machinery/label-requirement.js';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Canonical form of a LimitRange amount, as the copy of a parsed Quantity prints. */
function canonical(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantity(String(v)).toString();
  } catch {
    return undefined;
  }
}

interface Defaults {
  requests: Map<string, string>;
  limits: Map<string, string>;
}

/** Upstream's `defaultContainerResourceRequirements`: later Container items override earlier ones. */
function containerDefaults(limitRange: Obj): Defaults {
  const d: Defaults = { requests: new Map(), limits: new Map() };
  const items = limitRange?.spec?.limits;
  for (const item of Array.isArray(items) ? items : []) {
    if (!isObj(item) || item.type !== 'Container') continue;
    for (const [field, into] of [
      ['defaultRequest', d.requests],
      ['default', d.limits],
    ] as const) {
      for (const [k, v] of Object.entries(isObj(item[field]) ? item[field] : {})) {
        const q = canonical(v);
        if (q !== undefined) into.set(k, q);
      }
    }
  }
  return d;
}

/** Fills one list of a container from defaults; the names set, sorted as Go's sort.Strings. */
function fill(resources: Obj, field: 'requests' | 'limits', defaults: Map<string, string>): string[] {
  const set: string[] = [];
  for (const [k, v] of defaults) {
    const list = isObj(resources[field]) ? resources[field] : undefined;
    if (list && Object.hasOwn(list, k)) continue;
    (resources[field] = list ?? {})[k] = v;
    set.push(k);
  }
  return set.sort(compareBytes);
}

function mergeContainer(c: Obj, d: Defaults, kind: string, notes: string[]): void {
  if (!d.requests.size && !d.limits.size) return;
  const resources: Obj = isObj(c.resources) ? c.resources : {};
  const limits = fill(resources, 'limits', d.limits);
  const requests = fill(resources, 'requests', d.requests);
  if (limits.length || requests.length) c.resources = resources;
  if (requests.length) notes.push(`${requests.join(', ')} request for ${kind} ${c.name}`);
  if (limits.length) notes.push(`${limits.join(', ')} limit for ${kind} ${c.name}`);
}

/**
 * Applies every LimitRange's container defaults to `pod` in place, in order; each LimitRange that
 * sets anything rewrites the annotation (so the last such one is what it shows, as upstream).
 */
export function defaultPodLimits(pod: Obj, limitRanges: readonly Obj[]): Obj {
  for (const lr of limitRanges) {
    const d = containerDefaults(lr);
    const notes: string[] = [];
    for (const [field, kind] of [
      ['containers', 'container'],
      ['initContainers', 'init container'],
    ] as const) {
      const list = pod?.spec?.[field];
      for (const c of Array.isArray(list) ? list : []) if (isObj(c)) mergeContainer(c, d, kind, notes);
    }
    if (notes.length) {
      pod.metadata ??= {};
      pod.metadata.annotations = {
        ...(isObj(pod.metadata.annotations) ? pod.metadata.annotations : {}),
        [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
      };
    }
  }
  return pod;
}

/**
 * A `NodeGraphSource` over fixed lists of objects, indexed once (for tests and one-shot checks).
 * Its revision is constant, so what a node reaches is computed once per node.
 */
import type { NodeGraphSource } from './graph.js';
import type { Obj } from './refs.js';

/** The objects a static source serves. */
export interface StaticGraphObjects {
  pods?: Obj[];
  pvcs?: Obj[];
  pvs?: Obj[];
  volumeAttachments?: Obj[];
  resourceSlices?: Obj[];
}

const nsName = (o: Obj) => `${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;
const byName = (list: Obj[] = []) => new Map(list.map((o) => [o?.metadata?.name ?? '', o]));

/** Builds a source over the objects; pods are grouped by `spec.nodeName` (unbound pods are left out). */
export function staticGraphSource(objects: StaticGraphObjects): NodeGraphSource {
  const podsByNode = new Map<string, Obj[]>();
  for (const p of objects.pods ?? []) {
    const node: string | undefined = p?.spec?.nodeName;
    if (!node) continue;
    const list = podsByNode.get(node) ?? [];
    list.push(p);
    podsByNode.set(node, list);
  }
  const pvcs = new Map((objects.pvcs ?? []).map((o) => [nsName(o), o]));
  const pvs = byName(objects.pvs);
  const vas = byName(objects.volumeAttachments);
  const slices = byName(objects.resourceSlices);
  return {
    revision: () => 0,
    podsOnNode: (node) => podsByNode.get(node) ?? [],
    pvc: (ns, name) => pvcs.get(`${ns}/${name}`),
    pv: (name) => pvs.get(name),
    volumeAttachment: (name) => vas.get(name),
    resourceSlice: (name) => slices.get(name),
  };
}

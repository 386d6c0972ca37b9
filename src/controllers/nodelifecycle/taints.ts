/**
 * The node lifecycle controller's taint decisions (upstream's `nodeConditionToTaintKeyStatusMap`,
 * `doNoScheduleTaintingPass` and `pkg/util/taints`): which NoSchedule taints a node's conditions
 * call for, and set arithmetic over taints matched by key and effect.
 */
import type { Node, Taint } from 'kubernetes-types/core/v1.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

/** The NoExecute taint of a node that stopped reporting (upstream's `UnreachableTaintTemplate`). */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
/** The NoExecute taint of a node that reports NotReady (upstream's `NotReadyTaintTemplate`). */
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** condition type → condition status → taint key. */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};

/** The taint keys this controller derives from conditions (upstream's `taintKeyToNodeConditionMap`). */
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

/** Upstream's `MatchTaint`: same key and effect (value and timeAdded do not matter). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** Upstream's `TaintExists`: some taint in `taints` has `taint`'s key and effect. */
export function taintExists(taints: readonly Taint[] | undefined, taint: Taint): boolean {
  return (taints ?? []).some((t) => matchTaint(t, taint));
}

/**
 * The NoSchedule taints `node`'s conditions and `spec.unschedulable` call for, in condition order
 * (then unschedulable last), as upstream's `doNoScheduleTaintingPass` builds them.
 */
export function noScheduleTaintsFor(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

/** Whether `t` is a NoSchedule taint this controller manages (from a condition or unschedulable). */
export function isManagedNoScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key));
}

/**
 * Upstream's `TaintSetDiff`: the taints of `want` that `have` lacks (by key and effect), and the
 * taints of `have` that `want` lacks.
 */
export function taintSetDiff(want: readonly Taint[], have: readonly Taint[]): { add: Taint[]; remove: Taint[] } {
  return {
    add: want.filter((t) => !taintExists(have, t)),
    remove: have.filter((t) => !taintExists(want, t)),
  };
}

/**
 * The NoSchedule taints to add and remove so that the node's managed NoSchedule taints match its
 * conditions; empty lists when nothing is to change.
 */
export function noScheduleTaintChanges(node: Node): { add: Taint[]; remove: Taint[] } {
  const have = (node.spec?.taints ?? []).filter(isManagedNoScheduleTaint);
  return taintSetDiff(noScheduleTaintsFor(node), have);
}

/**
 * `taints` with `remove` taken out and `add` put in (matched by key and effect). A taint to add
 * that is already there is kept as it is, with its own timeAdded, so that repeating a swap does
 * not rewrite the node. Returns undefined when the result equals `taints`.
 */
export function swapTaints(
  taints: readonly Taint[] | undefined,
  add: readonly Taint[],
  remove: readonly Taint[],
): Taint[] | undefined {
  const current = taints ?? [];
  let changed = false;
  const out: Taint[] = [];
  for (const t of current) {
    if (remove.some((r) => matchTaint(r, t)) && !add.some((a) => matchTaint(a, t))) {
      changed = true;
      continue;
    }
    out.push(t);
  }
  for (const a of add) {
    if (out.some((t) => matchTaint(t, a))) continue;
    out.push(a);
    changed = true;
  }
  return changed ? out : undefined;
}

/** Stable labels and the beta labels kept in step with them (upstream's `labelReconcileInfo`). */
const BETA_LABELS: readonly [string, string][] = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

/**
 * Upstream's `reconcileNodeLabels`: the beta os/arch labels to set so they exist and equal the
 * stable ones; undefined when none need changing.
 */
export function betaLabelUpdates(node: Node): Record<string, string> | undefined {
  const labels = node.metadata?.labels;
  if (!labels) return undefined;
  const out: Record<string, string> = {};
  for (const [stable, beta] of BETA_LABELS) {
    const v = labels[stable];
    if (v !== undefined && labels[beta] !== v) out[beta] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

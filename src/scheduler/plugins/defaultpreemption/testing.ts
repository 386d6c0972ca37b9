/**
 * Test-only helpers for this plugin's tests: a Handle whose Filter is a small NodeResourcesFit
 * (cpu, memory, pod count, with upstream's reasons), and pods and nodes in upstream's test sizes.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { CycleState, Handle } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { fakeHandle, makeNode, makePod, nodeInfo, type RecordingClient } from '../../framework/testing.js';

export const NEG = -100;
export const LOW = 0;
export const MID = 100;
export const HIGH = 1000;
export const VERY_HIGH = 10000;

export const SMALL = { cpu: '100m', memory: '100' };
export const MEDIUM = { cpu: '200m', memory: '200' };
export const LARGE = { cpu: '300m', memory: '300' };
export const VERY_LARGE = { cpu: '500m', memory: '500' };
export const ONE_POD = { pods: '1' };

/** NodeResourcesFit's Filter, reduced to cpu, memory and the pod count. */
export function fitFilter(_state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
  const req = new PodInfo(pod).requests.requests;
  const reasons: string[] = [];
  if (ni.pods.length + 1 > ni.allocatable.allowedPodNumber) reasons.push('Too many pods');
  if (req.milliCPU > 0 && req.milliCPU > ni.allocatable.milliCPU - ni.requested.milliCPU)
    reasons.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > ni.allocatable.memory - ni.requested.memory) reasons.push('Insufficient memory');
  return reasons.length ? Status.unschedulable(...reasons) : undefined;
}

/** A pod of `priority` with `requests`, on `node` if given, started at second `start` if given. */
export function pod(
  name: string,
  o: {
    node?: string;
    priority?: number;
    req?: Record<string, string>;
    start?: number;
    labels?: Record<string, string>;
    extra?: Partial<Pod['spec']>;
    status?: Pod['status'];
    terminating?: boolean;
  } = {},
): Pod {
  const p = makePod(name, {
    uid: name,
    nodeName: o.node,
    priority: o.priority,
    requests: o.req,
    labels: o.labels,
    spec: o.extra,
  });
  const status: Pod['status'] = {
    ...(o.start !== undefined ? { startTime: new Date(o.start * 1000).toISOString() } : {}),
    ...o.status,
  };
  const metadata = o.terminating ? { ...p.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } : p.metadata;
  return { ...p, metadata, ...(Object.keys(status).length ? { status } : {}) };
}

/** A node with `allocatable` (pods 32 unless given, as upstream's test nodes). */
export function node(name: string, allocatable: Record<string, string> = VERY_LARGE, labels?: Record<string, string>) {
  return makeNode(name, { allocatable: { pods: '32', ...allocatable }, labels });
}

/** A PDB in `default` selecting `app=<app>` with `allowed` disruptions. */
export function pdb(name: string, app: string, allowed: number, disrupted: string[] = []): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: { app } } },
    status: {
      disruptionsAllowed: allowed,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      disruptedPods: Object.fromEntries(disrupted.map((d) => [d, '2024-01-01T00:00:00Z'])),
    },
  };
}

export type TestHandle = Handle & { client: RecordingClient; filterCalls: number };

/**
 * A fakeHandle over `nodes` (each with the pods naming it) whose Filter is {@link fitFilter} and
 * counts its calls; PreFilter extensions fail on nodes labelled `error=true`, as upstream's
 * TestPlugin does.
 */
export function handleWith(
  nodes: ReturnType<typeof makeNode>[],
  pods: Pod[],
  o: { pdbs?: PodDisruptionBudget[]; nominated?: Map<string, PodInfo[]>; lister?: Pod[] } = {},
): TestHandle {
  const infos = nodes.map((n) => nodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
  const h = fakeHandle(
    infos,
    { podDisruptionBudgets: o.pdbs, ...(o.lister ? { pods: o.lister } : {}) },
    o.nominated,
  ) as TestHandle;
  h.filterCalls = 0;
  h.runFilterPluginsWithNominatedPods = (state, p, ni) => {
    h.filterCalls++;
    return fitFilter(state, p, ni);
  };
  const failing = (verb: string) => (_s: CycleState, p: Pod, _pi: PodInfo, ni: NodeInfo) =>
    ni.node?.metadata?.labels?.error === 'true'
      ? Status.error(
          `running ${verb} on PreFilter plugin "test-plugin": failed to ${verb === 'AddPod' ? 'add' : 'remove'} pod: ${p.metadata?.name}`,
        )
      : undefined;
  h.runPreFilterExtensionAddPod = failing('AddPod');
  h.runPreFilterExtensionRemovePod = failing('RemovePod');
  return h;
}

/** Node → status for every named node, Unschedulable unless listed in `unresolvable`. */
export function statuses(names: string[], unresolvable: string[] = []): Map<string, Status> {
  return new Map(names.map((n) => [n, unresolvable.includes(n) ? Status.unresolvable() : Status.unschedulable()]));
}

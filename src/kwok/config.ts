/**
 * `k8ts kwok`'s configuration: what the flags set, the defaults, and the checks run before
 * anything connects. Times are in milliseconds.
 */
import { isQuantity } from '../machinery/quantity.js';
import { formatCIDR, parseCIDR } from './cidr.js';
import { NODE_LEASE_RENEW_INTERVAL_MS } from './lease.js';
import { DEFAULT_NODE_RESOURCES } from './node.js';

/** The kubelet's `nodeStatusReportFrequency`: an unchanged status is still posted this often. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;

/** Mask of each node's fallback pod CIDR (the node-ipam controller's `--node-cidr-mask-size`). */
export const NODE_CIDR_MASK_SIZE = 24;

/** What `k8ts kwok` is told; everything but `kubeconfig` has a default (see DEFAULT_KWOK_CONFIG). */
export interface KwokConfig {
  /** Kubeconfig to reach the apiserver; the usual search (`$KUBECONFIG`, `~/.kube/config`) when unset. */
  kubeconfig?: string;
  /** How many nodes to register: `<nodeNamePrefix>0` … `<nodeNamePrefix><nodes-1>`. */
  nodes?: number;
  /** Prefix of the registered nodes' names (`kwok-node-`). */
  nodeNamePrefix?: string;
  /** Zones spread round-robin over the nodes as `topology.kubernetes.io/zone`; none when empty. */
  zones?: string[];
  /** Each node's allocatable (and capacity) cpu, memory and pods. */
  nodeCpu?: string;
  nodeMemory?: string;
  nodePods?: string;
  /**
   * Pod addresses for nodes without `spec.podCIDR`: node i takes the i-th /24 of this range,
   * `nthCIDR(<network>/24, i)` (`10.244.3.0/24` for `kwok-node-3`), and reports its `.1` as InternalIP.
   */
  cidr?: string;
  /** Client-side rate limit towards the apiserver: one process carries thousands of nodes. */
  kubeApiQps?: number;
  kubeApiBurst?: number;
  /**
   * Manage every node in the cluster, not only those annotated `kwok.x-k8s.io/node` (which the
   * nodes kwok registers are). Only for clusters without real kubelets.
   */
  manageAllNodes?: boolean;
  /** Lease renewal period (the kubelet's 10 s); tests shorten it. */
  leaseRenewIntervalMs?: number;
  /** How often an unchanged node status is posted anyway (the kubelet's 5 min). */
  nodeStatusReportFrequencyMs?: number;
  /** Nodes registered at once. */
  registerConcurrency?: number;
  /**
   * Workers of the pod queue and of the node-status queue. The lease queue has one per node, and
   * the pod queue at least one per node too.
   */
  podWorkers?: number;
  nodeWorkers?: number;
}

/** Every field of KwokConfig filled in. */
export type ResolvedKwokConfig = Required<Omit<KwokConfig, 'kubeconfig'>> & { kubeconfig?: string };

export const DEFAULT_KWOK_CONFIG: Readonly<Omit<ResolvedKwokConfig, 'kubeconfig'>> = Object.freeze({
  nodes: 1,
  nodeNamePrefix: 'kwok-node-',
  zones: [],
  nodeCpu: DEFAULT_NODE_RESOURCES.cpu,
  nodeMemory: DEFAULT_NODE_RESOURCES.memory,
  nodePods: DEFAULT_NODE_RESOURCES.pods,
  cidr: '10.244.0.0/16',
  kubeApiQps: 5000,
  kubeApiBurst: 10000,
  manageAllNodes: false,
  leaseRenewIntervalMs: NODE_LEASE_RENEW_INTERVAL_MS,
  nodeStatusReportFrequencyMs: NODE_STATUS_REPORT_FREQUENCY_MS,
  registerConcurrency: 100,
  podWorkers: 64,
  nodeWorkers: 32,
});

const positiveInts = [
  'leaseRenewIntervalMs',
  'nodeStatusReportFrequencyMs',
  'registerConcurrency',
  'podWorkers',
  'nodeWorkers',
] as const;

/**
 * `config` over the defaults, checked. Throws an Error naming the flag and the value:
 * `invalid --nodes "x": must be a non-negative integer`, `invalid --cidr "…": invalid CIDR
 * address: …`, `invalid --node-cpu "…": quantities must match the regular expression …`.
 */
export function resolveConfig(config: KwokConfig): ResolvedKwokConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const c = { ...DEFAULT_KWOK_CONFIG, ...defined } as ResolvedKwokConfig;
  if (!Number.isInteger(c.nodes) || c.nodes < 0) {
    throw new Error(`invalid --nodes "${c.nodes}": must be a non-negative integer`);
  }
  try {
    c.cidr = formatCIDR(parseCIDR(c.cidr));
  } catch (err) {
    throw new Error(`invalid --cidr "${c.cidr}": ${(err as Error).message}`);
  }
  if (parseCIDR(c.cidr).prefixLength > NODE_CIDR_MASK_SIZE) {
    throw new Error(`invalid --cidr "${c.cidr}": must be a /${NODE_CIDR_MASK_SIZE} or larger`);
  }
  for (const [flag, v] of [
    ['--node-cpu', c.nodeCpu],
    ['--node-memory', c.nodeMemory],
    ['--node-pods', c.nodePods],
  ] as const) {
    if (!isQuantity(v)) {
      throw new Error(
        `invalid ${flag} "${v}": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      );
    }
  }
  for (const k of positiveInts) {
    if (!Number.isInteger(c[k]) || c[k] <= 0) throw new Error(`invalid ${k} "${c[k]}": must be a positive integer`);
  }
  if (!Number.isFinite(c.kubeApiQps)) throw new Error(`invalid --kube-api-qps "${c.kubeApiQps}": must be a number`);
  if (!Number.isInteger(c.kubeApiBurst) || c.kubeApiBurst < 0) {
    throw new Error(`invalid --kube-api-burst "${c.kubeApiBurst}": must be a non-negative integer`);
  }
  c.zones = c.zones.map((z) => z.trim()).filter(Boolean);
  return c;
}

/** How many /24 blocks `cidr` holds (256 for a /16). */
export function nodeBlocks(cidr: string): number {
  return 2 ** (NODE_CIDR_MASK_SIZE - parseCIDR(cidr).prefixLength);
}

/** The first /24 of `cidr`, from which nthCIDR counts the nodes' blocks. */
export function firstNodeBlock(cidr: string): string {
  const c = parseCIDR(cidr);
  return formatCIDR({ ...c, prefixLength: NODE_CIDR_MASK_SIZE });
}

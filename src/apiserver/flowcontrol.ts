/**
 * API Priority and Fairness, as upstream's default configuration sets it up (kube-apiserver's
 * `--enable-priority-and-fairness`, on by default): every request other than a watch is
 * classified by upstream's default FlowSchemas into a priority level; each level has a share of
 * the server's concurrency (`--max-requests-inflight` plus `--max-mutating-requests-inflight`,
 * 600 by default, split by the levels' nominal shares), and a request that finds its level full
 * waits in the level's queue instead of being refused. So a burst of controller writes waits its
 * turn while node heartbeats (`node-high`) and leader election keep their own seats; only a full
 * queue, or 15 s of waiting, gets 429.
 *
 * Simplified from upstream: one FIFO queue per level (upstream shuffle-shards flows over many
 * queues for fairness between users), every request one seat (upstream weighs LISTs by size), no
 * borrowing between levels, and the configuration is built in (the flowcontrol.apiserver.k8s.io
 * objects are not served).
 */
import type { UserInfo } from './auth/authn/user.js';
import type { ResourceRequest } from './request-info.js';

/** A level's nominal concurrency shares and queue room (upstream's defaults: queues × queueLengthLimit). */
interface LevelConfig {
  shares: number;
  queueRoom: number;
}

/** Upstream's default priority levels (`exempt` aside). catch-all rejects instead of queueing. */
export const LEVELS = {
  system: { shares: 30, queueRoom: 64 * 50 },
  'leader-election': { shares: 10, queueRoom: 16 * 50 },
  'node-high': { shares: 40, queueRoom: 64 * 50 },
  'workload-high': { shares: 40, queueRoom: 128 * 50 },
  'workload-low': { shares: 100, queueRoom: 128 * 50 },
  'global-default': { shares: 20, queueRoom: 128 * 50 },
  'catch-all': { shares: 5, queueRoom: 0 },
} satisfies Record<string, LevelConfig>;

export type LevelName = keyof typeof LEVELS | 'exempt';

/** How long a request may wait in a queue before it is refused (upstream: a quarter of the 60 s request timeout). */
export const QUEUE_WAIT_MS = 15_000;

const PROBES = new Set(['/healthz', '/livez', '/readyz']);
const isProbe = (path: string) => PROBES.has(path) || [...PROBES].some((p) => path.startsWith(`${p}/`));

/** Leases, endpoints and configmaps read and written in kube-system: where components elect leaders. */
function isLeaderElection(ri: ResourceRequest | undefined): boolean {
  if (!ri || ri.namespace !== 'kube-system' || !['get', 'create', 'update'].includes(ri.verb)) return false;
  if (ri.group === 'coordination.k8s.io') return ri.resource === 'leases';
  return ri.group === '' && (ri.resource === 'endpoints' || ri.resource === 'configmaps');
}

/** A node's own Node object and its Lease in kube-node-lease: its heartbeats. */
function isNodeHeartbeat(ri: ResourceRequest | undefined): boolean {
  if (!ri) return false;
  if (ri.group === '') return ri.resource === 'nodes';
  return ri.group === 'coordination.k8s.io' && ri.resource === 'leases' && ri.namespace === 'kube-node-lease';
}

/**
 * The priority level upstream's default FlowSchemas give a request, in their order of precedence:
 * exempt (system:masters, health probes), system-leader-election, system-node-high,
 * system-nodes, kube-controller-manager and kube-scheduler, kube-system-service-accounts,
 * service-accounts, global-default, catch-all.
 */
export function classify(user: UserInfo, path: string, ri: ResourceRequest | undefined): LevelName {
  const groups = user.groups;
  if (groups.includes('system:masters') || (!ri && isProbe(path))) return 'exempt';
  const component = user.name === 'system:kube-controller-manager' || user.name === 'system:kube-scheduler';
  const serviceAccountNs = user.name.startsWith('system:serviceaccount:') ? user.name.split(':')[2] : undefined;
  if ((component || serviceAccountNs === 'kube-system') && isLeaderElection(ri)) return 'leader-election';
  if (groups.includes('system:nodes')) return isNodeHeartbeat(ri) ? 'node-high' : 'system';
  if (component || serviceAccountNs === 'kube-system') return 'workload-high';
  if (serviceAccountNs !== undefined) return 'workload-low';
  if (groups.includes('system:authenticated') || groups.includes('system:unauthenticated')) return 'global-default';
  return 'catch-all';
}

interface Waiter {
  admit(ok: boolean): void;
  since: number;
}

/** How often a level with requests waiting refuses the ones past {@link QUEUE_WAIT_MS}. */
const SWEEP_MS = 250;

/** One priority level: its seats, and the requests waiting for one, first come first served. */
class Level {
  inUse = 0;
  private readonly waiting: Waiter[] = [];
  private head = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    readonly limit: number,
    private readonly queueRoom: number,
  ) {}

  /** Resolves once a seat is taken (synchronously when one is free); false when refused. */
  acquire(): boolean | Promise<boolean> {
    if (this.inUse < this.limit) {
      this.inUse++;
      return true;
    }
    if (this.queued >= this.queueRoom) return false;
    // One timer per level, not per request: the queue is in arrival order, so the requests that
    // have waited too long are always at its head.
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    return new Promise((admit) => this.waiting.push({ admit, since: Date.now() }));
  }

  /** Gives the seat back, to the first waiter if there is one. */
  release(): void {
    const next = this.shift();
    if (next) next.admit(true);
    else this.inUse--;
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  private shift(): Waiter | undefined {
    if (this.head === this.waiting.length) return undefined;
    const w = this.waiting[this.head++];
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      // A queue that never drains is compacted now and then, not on every admission.
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    return w;
  }

  private sweep(): void {
    const cutoff = Date.now() - QUEUE_WAIT_MS;
    while (this.queued > 0 && this.waiting[this.head].since <= cutoff) this.shift()!.admit(false);
  }
}

/** The server's priority levels, sized from its concurrency limit. */
export class FlowControl {
  private readonly levels = new Map<LevelName, Level>();

  /** `serverConcurrency` seats split by the levels' shares (upstream: ceil(limit × shares / total)). */
  constructor(serverConcurrency: number) {
    const total = Object.values(LEVELS).reduce((sum, l) => sum + l.shares, 0);
    for (const [name, l] of Object.entries(LEVELS)) {
      this.levels.set(name as LevelName, new Level(Math.ceil((serverConcurrency * l.shares) / total), l.queueRoom));
    }
  }

  /** A level's seats, seats taken and requests queued, for tests and metrics. */
  state(name: Exclude<LevelName, 'exempt'>): { limit: number; inUse: number; queued: number } {
    const l = this.levels.get(name)!;
    return { limit: l.limit, inUse: l.inUse, queued: l.queued };
  }

  /**
   * Takes a seat of `level` for one request: the release function once it has one, `undefined`
   * when refused (queue full, or waited too long). Exempt requests take no seat.
   */
  admit(level: LevelName): (() => void) | undefined | Promise<(() => void) | undefined> {
    if (level === 'exempt') return noop;
    const l = this.levels.get(level)!;
    const release = () => l.release();
    const got = l.acquire();
    if (typeof got === 'boolean') return got ? release : undefined;
    return got.then((ok) => (ok ? release : undefined));
  }
}

const noop = () => {};

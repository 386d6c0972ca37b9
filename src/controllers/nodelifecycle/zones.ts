/**
 * Zones and the rate limits on NoExecute tainting (upstream's `nodetopology.GetZoneKey`,
 * `ComputeZoneState`, `ReducedQPSFunc` and `scheduler.RateLimitedTimedQueue`). Each zone taints at
 * most `nodeEvictionRate` nodes per second; a zone where many nodes are down slows down
 * (PartialDisruption), and when every zone is down the controller stops tainting altogether, on
 * the theory that the controller, not the nodes, has lost the network.
 */
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

/** Upstream's `GetZoneKey`: `region:\0:zone` from the topology labels, `''` without either. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const pick = (keys: string[]) => keys.map((k) => labels[k]).find((v) => v) ?? '';
  const region = pick(REGION_LABELS);
  const zone = pick(ZONE_LABELS);
  if (!region && !zone) return '';
  return `${region}:\x00:${zone}`;
}

/** Nodes with this label are left out of zone health (upstream's `labelNodeDisruptionExclusion`). */
export const LABEL_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

/**
 * Upstream's `ComputeZoneState`: FullDisruption with no Ready node, PartialDisruption with more
 * than two not-Ready nodes making up at least `unhealthyThreshold` of the zone, else Normal.
 * Returns the count of not-Ready nodes too.
 */
export function computeZoneState(
  readyConditions: readonly (NodeCondition | undefined)[],
  unhealthyThreshold: number,
): { unhealthy: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { unhealthy: notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold)
    return { unhealthy: notReady, state: 'PartialDisruption' };
  return { unhealthy: notReady, state: 'Normal' };
}

/** The eviction rates of the manager's flags. */
export interface EvictionRates {
  /** `--node-eviction-rate` (nodes/s). */
  primary: number;
  /** `--secondary-node-eviction-rate` (nodes/s). */
  secondary: number;
  /** `--large-cluster-size-threshold`. */
  largeClusterThreshold: number;
}

/** The tainting rate for a zone of `zoneSize` nodes in `state` (upstream's `setLimiterInZone`). */
export function zoneRate(state: ZoneState, zoneSize: number, rates: EvictionRates): number {
  switch (state) {
    case 'PartialDisruption':
      // Small zones stop entirely; large ones go on slowly.
      return zoneSize > rates.largeClusterThreshold ? rates.secondary : 0;
    default:
      return rates.primary;
  }
}

/**
 * client-go's token bucket (`flowcontrol.NewTokenBucketRateLimiter`) without blocking: `qps`
 * tokens a second up to `burst`, starting full. A rate of 0 never accepts.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes a token if one is there. */
  tryAccept(): boolean {
    if (!(this.qps > 0)) return false;
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface TimedValue {
  value: string;
  uid: string;
  /** Monotonic ms before which the value is not tried. */
  processAt: number;
  seq: number;
}

/**
 * Upstream's `RateLimitedTimedQueue`: a set of node names, each tried in the order it was added
 * (or is due again), one per token of the zone's limiter.
 */
export class RateLimitedTimedQueue {
  private readonly items = new Map<string, TimedValue>();
  private seq = 0;
  private limiter: TokenBucket;

  constructor(
    qps: number,
    private readonly now: () => number,
    private readonly burst = 1,
  ) {
    this.limiter = new TokenBucket(qps, burst, now);
  }

  /** The zone's current rate. */
  get qps(): number {
    return this.limiter.qps;
  }

  /** Adds `value` unless already queued; true when added. */
  add(value: string, uid: string): boolean {
    if (this.items.has(value)) return false;
    this.items.set(value, { value, uid, processAt: this.now(), seq: this.seq++ });
    return true;
  }

  /** Removes `value`; true when it was queued. */
  remove(value: string): boolean {
    return this.items.delete(value);
  }

  has(value: string): boolean {
    return this.items.has(value);
  }

  get size(): number {
    return this.items.size;
  }

  /** Replaces the limiter with one of `qps` (a fresh bucket, as upstream's `SwapLimiter`). */
  swapLimiter(qps: number): void {
    if (this.limiter.qps === qps) return;
    this.limiter = new TokenBucket(qps, this.burst, this.now);
  }

  /**
   * Tries the due values in order while the limiter gives tokens: `fn` returns `{ done: true }` to
   * drop the value, or `{ done: false, retryAfterMs }` to try it again later.
   */
  async try(fn: (value: string, uid: string) => Promise<{ done: boolean; retryAfterMs?: number }>): Promise<void> {
    for (;;) {
      const head = this.head();
      if (!head) return;
      if (!this.limiter.tryAccept()) return;
      const t = this.now();
      if (t < head.processAt) return;
      const r = await fn(head.value, head.uid);
      // The value may have been removed or re-added while `fn` ran.
      if (this.items.get(head.value) !== head) continue;
      if (r.done) this.items.delete(head.value);
      else {
        head.processAt = t + (r.retryAfterMs ?? 0) + 1;
        head.seq = this.seq++;
      }
    }
  }

  private head(): TimedValue | undefined {
    let best: TimedValue | undefined;
    for (const v of this.items.values()) {
      if (!best || v.processAt < best.processAt || (v.processAt === best.processAt && v.seq < best.seq)) best = v;
    }
    return best;
  }
}

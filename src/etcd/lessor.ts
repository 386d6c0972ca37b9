/**
 * Leases: IDs with a time to live, to which keys are attached. The lessor holds their state in
 * memory; grants and revokes are persisted by the server through the commit queue, renewals are
 * not (as in etcd, a restart gives every lease its full TTL again).
 */
import { randomBytes } from 'node:crypto';
import { Errors } from './errors.js';

/** etcd's MaxLeaseTTL, in seconds. */
export const MAX_LEASE_TTL = 9_000_000_000;

export interface Lease {
  id: string;
  /** The TTL granted, in seconds (after raising it to the minimum). */
  ttl: number;
  /** Milliseconds since the epoch at which it expires. */
  expiry: number;
  /** Attached keys (latin1). */
  keys: Set<string>;
  /** Set once a revoke of it is queued, so that expiry revokes it once. */
  revoking?: boolean;
}

export class Lessor {
  private readonly leases = new Map<string, Lease>();

  constructor(
    /** The smallest TTL handed out, in seconds (etcd: 1.5 × election timeout, rounded up). */
    readonly minTtl = 2,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: string): Lease | undefined {
    return this.leases.get(id);
  }

  ids(): string[] {
    return [...this.leases.keys()];
  }

  /** A fresh lease ID: random, positive, not in use. */
  newId(): string {
    for (;;) {
      const id = (randomBytes(8).readBigUInt64BE() >> 1n).toString();
      if (id !== '0' && !this.leases.has(id)) return id;
    }
  }

  /** Checks a grant request and returns the TTL it would get; throws etcd's errors. */
  checkGrant(id: string, ttl: number): number {
    if (ttl > MAX_LEASE_TTL) throw Errors.leaseTTLTooLarge();
    if (this.leases.has(id)) throw Errors.leaseExist();
    return Math.max(ttl, this.minTtl);
  }

  /** Adds a lease (granted, or loaded at start); it expires `ttl` seconds from now. */
  add(id: string, ttl: number): Lease {
    const lease: Lease = { id, ttl, expiry: this.now() + ttl * 1000, keys: new Set() };
    this.leases.set(id, lease);
    return lease;
  }

  remove(id: string): Lease | undefined {
    const lease = this.leases.get(id);
    this.leases.delete(id);
    return lease;
  }

  /** Renews a lease for its full TTL; returns the TTL, or 0 when there is no such lease. */
  renew(id: string): number {
    const lease = this.leases.get(id);
    if (!lease || lease.revoking) return 0;
    lease.expiry = this.now() + lease.ttl * 1000;
    return lease.ttl;
  }

  /** Whole seconds left (truncated, as etcd answers); -1 when there is no such lease. */
  remaining(id: string): number {
    const lease = this.leases.get(id);
    if (!lease) return -1;
    return Math.max(0, Math.floor((lease.expiry - this.now()) / 1000));
  }

  attach(id: string, key: string): void {
    if (id !== '0') this.leases.get(id)?.keys.add(key);
  }

  detach(id: string, key: string): void {
    if (id !== '0') this.leases.get(id)?.keys.delete(key);
  }

  /** Leases past their expiry that no revoke has been queued for yet. */
  expired(): Lease[] {
    const now = this.now();
    const out: Lease[] = [];
    for (const lease of this.leases.values()) if (!lease.revoking && lease.expiry <= now) out.push(lease);
    return out;
  }
}

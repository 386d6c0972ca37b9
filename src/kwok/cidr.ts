/**
 * IPv4 CIDR helpers and the per-node pod address allocator.
 *
 * kwok hands out pod IPs from the node's `spec.podCIDR`, starting at the address written in the
 * CIDR (kwokctl writes `10.0.N.1/24`), never bounds-checking and reusing released addresses first.
 * We follow the host-local CNI IPAM instead, which is what a real bridge network does and what pods
 * expect: the network address, the first host (the node's bridge/gateway) and the broadcast address
 * are never handed out, the search continues after the last address given (so a just-released IP
 * is not reused at once), and running out is an error worded as host-local's.
 */

/** A parsed IPv4 CIDR; addresses are unsigned 32-bit integers. */
export interface IPv4CIDR {
  /** The address as written, e.g. `10.244.3.7` in `10.244.3.7/24`. */
  address: number;
  /** The address with the host bits cleared. */
  network: number;
  /** The last address of the block. */
  broadcast: number;
  prefixLength: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The IPv4 address `s` as an unsigned integer; throws `invalid IPv4 address "s"`. */
export function parseIPv4(s: string): number {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) {
    throw new Error(`invalid IPv4 address ${JSON.stringify(s)}`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Dotted-quad form of the unsigned integer `n`. */
export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `a.b.c.d/len`; throws `invalid CIDR address: s` (Go's net.ParseCIDR wording). */
export function parseCIDR(s: string): IPv4CIDR {
  const slash = s.indexOf('/');
  const len = s.slice(slash + 1);
  if (slash < 0 || !/^(3[0-2]|[12]?\d)$/.test(len)) throw new Error(`invalid CIDR address: ${s}`);
  let address: number;
  try {
    address = parseIPv4(s.slice(0, slash));
  } catch {
    throw new Error(`invalid CIDR address: ${s}`);
  }
  const prefixLength = Number(len);
  const hostBits = 32 - prefixLength;
  const size = 2 ** hostBits;
  const network = address - (address % size);
  return { address, network, broadcast: network + size - 1, prefixLength };
}

/** `network/len` of `cidr`, host bits cleared (`10.244.3.7/24` → `10.244.3.0/24`). */
export function formatCIDR(cidr: IPv4CIDR): string {
  return `${formatIPv4(cidr.network)}/${cidr.prefixLength}`;
}

/** Whether the IPv4 address `ip` lies inside `cidr`; false for anything that is not an address. */
export function cidrContains(cidr: IPv4CIDR | string, ip: string): boolean {
  const c = typeof cidr === 'string' ? parseCIDR(cidr) : cidr;
  let n: number;
  try {
    n = parseIPv4(ip);
  } catch {
    return false;
  }
  return n >= c.network && n <= c.broadcast;
}

/**
 * The `index`-th block of the same size after `cidr` (kwok's `AddCIDR`, which kwokctl uses to give
 * node N its podCIDR): `nthCIDR('10.244.0.0/24', 3)` is `10.244.3.0/24`. Throws when the result
 * would leave the IPv4 space.
 */
export function nthCIDR(cidr: string, index: number): string {
  const c = parseCIDR(cidr);
  const size = c.broadcast - c.network + 1;
  const network = c.network + size * index;
  if (!Number.isInteger(index) || network < 0 || network + size - 1 > 0xffffffff) {
    throw new Error(`CIDR ${cidr} has no block at index ${index}`);
  }
  return `${formatIPv4(network)}/${c.prefixLength}`;
}

/**
 * Pod addresses for one node's podCIDR. `allocate(uid)` is idempotent per pod UID; `release`
 * returns the address to the pool; `reserve` records an address a pod already had (a restart must
 * not hand it out twice). Not safe to share across nodes: make one per podCIDR.
 */
export class IPAllocator {
  readonly cidr: IPv4CIDR;
  /** First and last address handed out (inclusive). */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  private readonly byUid = new Map<string, number>();
  private readonly byIp = new Map<number, string>();
  private last: number;

  /** Throws `invalid CIDR address: …` for a bad CIDR. */
  constructor(cidr: string) {
    this.cidr = parseCIDR(cidr);
    // Skip the network address and .1 (the node's bridge); keep the broadcast address out.
    this.rangeStart = this.cidr.network + 2;
    this.rangeEnd = this.cidr.broadcast - 1;
    this.last = this.rangeEnd;
  }

  /** How many addresses the pool can hand out in all (0 for a /31 or /32). */
  get size(): number {
    return Math.max(0, this.rangeEnd - this.rangeStart + 1);
  }

  /** How many addresses are in use. */
  get used(): number {
    return this.byIp.size;
  }

  /**
   * The address of pod `uid`: the one it already holds, else the next free one after the last
   * address handed out, wrapping once. Throws
   * `no IP addresses available in range set: <start>-<end>` when the pool is full.
   */
  allocate(uid: string): string {
    const held = this.byUid.get(uid);
    if (held !== undefined) return formatIPv4(held);
    const size = this.size;
    for (let i = 1; i <= size; i++) {
      const candidate = this.rangeStart + ((this.last - this.rangeStart + i) % size);
      if (!this.byIp.has(candidate)) {
        this.take(uid, candidate);
        this.last = candidate;
        return formatIPv4(candidate);
      }
    }
    throw new Error(
      `no IP addresses available in range set: ${formatIPv4(this.rangeStart)}-${formatIPv4(this.rangeEnd)}`,
    );
  }

  /**
   * Records that pod `uid` holds `ip` (read back from an existing pod's status). Returns false,
   * changing nothing, when `ip` is outside the allocatable range or held by another pod; a pod that
   * held a different address moves to `ip`.
   */
  reserve(uid: string, ip: string): boolean {
    let n: number;
    try {
      n = parseIPv4(ip);
    } catch {
      return false;
    }
    if (n < this.rangeStart || n > this.rangeEnd) return false;
    const owner = this.byIp.get(n);
    if (owner !== undefined) return owner === uid;
    this.release(uid);
    this.take(uid, n);
    return true;
  }

  /** Frees the address of pod `uid`; returns it, or undefined when the pod held none. */
  release(uid: string): string | undefined {
    const held = this.byUid.get(uid);
    if (held === undefined) return undefined;
    this.byUid.delete(uid);
    this.byIp.delete(held);
    return formatIPv4(held);
  }

  /** The address pod `uid` holds, if any. */
  lookup(uid: string): string | undefined {
    const held = this.byUid.get(uid);
    return held === undefined ? undefined : formatIPv4(held);
  }

  private take(uid: string, ip: number): void {
    this.byUid.set(uid, ip);
    this.byIp.set(ip, uid);
  }
}

/**
 * Node pod-CIDR blocks out of the cluster CIDR (upstream's `ipam/cidrset`, IPv4 only): one bit
 * per block of the node mask size, handed out round-robin from after the last one given, so a
 * just-released block is not reused at once.
 */

/** A parsed IPv4 CIDR: the network address as an unsigned integer and the prefix length. */
export interface IPv4Net {
  network: number;
  prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses `a.b.c.d/len` (host bits cleared, as Go's `net.ParseCIDR`); throws `invalid CIDR address: s`. */
export function parseIPv4CIDR(s: string): IPv4Net {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s.trim());
  const parts = m?.[1].split('.') ?? [];
  const prefix = Number(m?.[2]);
  if (!m || parts.length !== 4 || !parts.every((p) => OCTET.test(p)) || prefix > 32) {
    throw new Error(`invalid CIDR address: ${s}`);
  }
  const address = parts.reduce((acc, p) => acc * 256 + Number(p), 0);
  const size = 2 ** (32 - prefix);
  return { network: address - (address % size), prefix };
}

/** `a.b.c.d/len` of `net`. */
export function formatIPv4CIDR(net: IPv4Net): string {
  const n = net.network;
  return `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/${net.prefix}`;
}

/** Upstream's `ErrCIDRRangeNoCIDRsRemaining`. */
export const NO_CIDRS_REMAINING =
  'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

/** The blocks of `nodeMaskSize` inside one cluster CIDR and which of them are in use. */
export class CidrSet {
  readonly cluster: IPv4Net;
  readonly maxCIDRs: number;
  private readonly used = new Set<number>();
  private nextCandidate = 0;

  /** Throws `New CIDR set failed; the node CIDR size is too big` when the node mask is wider than the cluster's. */
  constructor(
    clusterCIDR: string,
    readonly nodeMaskSize: number,
  ) {
    this.cluster = parseIPv4CIDR(clusterCIDR);
    if (!(nodeMaskSize >= this.cluster.prefix && nodeMaskSize <= 32)) {
      throw new Error('New CIDR set failed; the node CIDR size is too big');
    }
    this.maxCIDRs = 2 ** (nodeMaskSize - this.cluster.prefix);
  }

  /** How many blocks are in use. */
  get allocated(): number {
    return this.used.size;
  }

  private blockSize(): number {
    return 2 ** (32 - this.nodeMaskSize);
  }

  private cidrAt(index: number): string {
    return formatIPv4CIDR({ network: this.cluster.network + index * this.blockSize(), prefix: this.nodeMaskSize });
  }

  /** The next free block; throws {@link NO_CIDRS_REMAINING} when all are used. */
  allocateNext(): string {
    if (this.used.size >= this.maxCIDRs) throw new Error(NO_CIDRS_REMAINING);
    let candidate = this.nextCandidate;
    while (this.used.has(candidate)) candidate = (candidate + 1) % this.maxCIDRs;
    this.nextCandidate = (candidate + 1) % this.maxCIDRs;
    this.used.add(candidate);
    return this.cidrAt(candidate);
  }

  /**
   * The block indexes `cidr` covers (a wider CIDR covers several); throws
   * `cidr <cidr> is out the range of cluster cidr <cluster>` when they do not overlap.
   */
  private indices(cidr: string): [number, number] {
    const c = parseIPv4CIDR(cidr);
    const clusterEnd = this.cluster.network + 2 ** (32 - this.cluster.prefix) - 1;
    const end = c.network + 2 ** (32 - c.prefix) - 1;
    if (end < this.cluster.network || c.network > clusterEnd) {
      throw new Error(`cidr ${formatIPv4CIDR(c)} is out the range of cluster cidr ${formatIPv4CIDR(this.cluster)}`);
    }
    const lo = Math.max(c.network, this.cluster.network);
    const hi = Math.min(end, clusterEnd);
    const size = this.blockSize();
    return [Math.floor((lo - this.cluster.network) / size), Math.floor((hi - this.cluster.network) / size)];
  }

  /** Marks the blocks of `cidr` used (already used is fine). */
  occupy(cidr: string): void {
    const [begin, end] = this.indices(cidr);
    for (let i = begin; i <= end; i++) this.used.add(i);
  }

  /** Marks the blocks of `cidr` free. */
  release(cidr: string): void {
    const [begin, end] = this.indices(cidr);
    for (let i = begin; i <= end; i++) this.used.delete(i);
  }
}

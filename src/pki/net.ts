/**
 * Address helpers for the PKI: the service VIP (first address of the service CIDR), the default
 * advertise address, and the DNS-1123 check kubeadm applies to extra SANs.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** kubeadm's default `--service-cidr`. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
/** kubeadm's default `--service-dns-domain`. */
export const DEFAULT_DNS_DOMAIN = 'cluster.local';

function ipToBigInt(ip: string): bigint {
  if (isIP(ip) === 4) return ip.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
  let parts = ip.split('::');
  const head = parts[0] ? parts[0].split(':') : [];
  const tail = parts.length > 1 && parts[1] ? parts[1].split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const last = tail.length ? tail : head;
  if (last.length && last[last.length - 1].includes('.')) {
    const v4 = ipToBigInt(last.pop() as string);
    last.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
  }
  parts = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return parts.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function bigIntToIp(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as Go's net.IP.String does (runs of two or more).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** An IP address in Go's canonical text form (`net.ParseIP(s).String()`), or undefined if not one. */
export function canonicalIP(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 0) return undefined;
  return bigIntToIp(ipToBigInt(ip), family as 4 | 6);
}

/**
 * The first usable address of a CIDR (`10.96.0.0/12` → `10.96.0.1`): the kubernetes service's
 * ClusterIP. With a dual-stack list (`a,b`) the first CIDR decides, as in kubeadm.
 */
export function firstServiceIP(serviceCidr: string): string {
  const cidr = serviceCidr.split(',')[0].trim();
  const [addr, bitsText] = cidr.split('/');
  const family = isIP(addr ?? '');
  const width = family === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (family === 0 || !/^\d+$/.test(bitsText ?? '') || bits > width) {
    throw new Error(`unable to get first IP address from the given CIDR: ${serviceCidr}: invalid CIDR address`);
  }
  const size = 1n << BigInt(width - bits);
  const network = (ipToBigInt(addr) / size) * size;
  if (size < 2n) throw new Error(`unable to get first IP address from the given CIDR (${cidr}): too small`);
  return bigIntToIp(network + 1n, family as 4 | 6);
}

/** The address to advertise when none is given: the first non-loopback IPv4, else 127.0.0.1. */
export function defaultAdvertiseAddress(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const WILDCARD_DNS1123 = new RegExp(`^\\*\\.${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);

/** Whether `name` is an RFC 1123 subdomain (or `*.` one), as kubeadm demands of a DNS SAN. */
export function isDnsName(name: string): boolean {
  return name.length <= 253 && (DNS1123_SUBDOMAIN.test(name) || WILDCARD_DNS1123.test(name));
}

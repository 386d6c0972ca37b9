/**
 * Where a request came from (upstream's `utilnet.SourceIPs`): the X-Forwarded-For chain, then
 * X-Real-Ip unless already in it, then the connection's remote address unless it repeats the last
 * entry. Addresses are written as Go's `net.IP.String()` writes them.
 */
import { parseIPSloppy } from '../../machinery/validation/ip.js';

/** Request headers as Node hands them over (lower-case names). */
export type Headers = Record<string, string | string[] | undefined>;

/** The first value of a header, as Go's `Header.Get` returns it (`''` when absent). */
export function headerValue(headers: Headers, name: string): string {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function isV4(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** Go's `net.IP.String()` of a 16-byte address: dotted IPv4, or RFC 5952 IPv6 (longest zero run ≥ 2 elided). */
export function formatIP(ip: Uint8Array): string {
  if (isV4(ip)) return Array.from(ip.subarray(12)).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i] << 8) | ip[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

const same = (a: Uint8Array, b: Uint8Array) => a.every((x, i) => x === b[i]);

/** Go's `net.SplitHostPort` host part, or undefined when `addr` is not host:port. */
function splitHost(addr: string): string | undefined {
  if (addr.startsWith('[')) {
    const end = addr.indexOf(']');
    return end > 0 && addr[end + 1] === ':' ? addr.slice(1, end) : undefined;
  }
  const colon = addr.indexOf(':');
  return colon >= 0 && colon === addr.lastIndexOf(':') ? addr.slice(0, colon) : undefined;
}

/**
 * The event's `sourceIPs`. `remoteAddress` is the socket's address (`::ffff:10.0.0.1`, `::1`) or
 * Go-style `host:port`.
 */
export function sourceIPs(headers: Headers, remoteAddress: string | undefined): string[] {
  const ips: Uint8Array[] = [];
  const forwarded = headerValue(headers, 'X-Forwarded-For');
  if (forwarded) {
    for (const part of forwarded.split(',')) {
      const ip = parseIPSloppy(part.trim());
      if (ip) ips.push(ip);
    }
  }
  const realIP = headerValue(headers, 'X-Real-Ip');
  if (realIP) {
    const ip = parseIPSloppy(realIP);
    if (ip && !ips.some((x) => same(x, ip))) ips.push(ip);
  }
  if (remoteAddress) {
    const host = splitHost(remoteAddress);
    const remote = (host !== undefined ? parseIPSloppy(host) : undefined) ?? parseIPSloppy(remoteAddress);
    if (remote && (ips.length === 0 || !same(remote, ips[ips.length - 1]))) ips.push(remote);
  }
  return ips.map(formatIP);
}

/**
 * IP and CIDR syntax as upstream accepts it (`netutils.ParseIPSloppy`, `ParseCIDRSloppy`: Go 1.16's
 * parser, which still takes IPv4 octets with leading zeros as decimal), with upstream's messages
 * (`k8s.io/apimachinery/pkg/util/validation/ip.go`).
 */

const IPV4_LEN = 4;
const IPV6_LEN = 16;
// Go's `big`: a cap that stops digit runs from overflowing.
const BIG = 0xffffff;

/** Go's `dtoi`: decimal digits at the start of s: [value, digits consumed] or undefined. */
function dtoi(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

/** Go's `xtoi`: hexadecimal digits at the start of s. */
function xtoi(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], 16);
    if (Number.isNaN(d)) break;
    n = n * 16 + d;
    if (n >= BIG) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

function parseIPv4(s: string): Uint8Array | undefined {
  const ip = new Uint8Array(IPV6_LEN);
  ip[10] = 0xff;
  ip[11] = 0xff;
  for (let i = 0; i < IPV4_LEN; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== '.') return undefined;
      s = s.slice(1);
    }
    const r = dtoi(s);
    if (!r || r[0] > 0xff) return undefined;
    ip[12 + i] = r[0];
    s = s.slice(r[1]);
  }
  return s.length === 0 ? ip : undefined;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const ip = new Uint8Array(IPV6_LEN);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < IPV6_LEN) {
    const r = xtoi(s);
    if (!r || r[0] > 0xffff) return undefined;
    const [n, c] = r;
    if (c < s.length && s[c] === '.') {
      // A trailing IPv4 address, only in the last 32 bits.
      if (ellipsis < 0 && i !== IPV6_LEN - IPV4_LEN) return undefined;
      if (i + IPV4_LEN > IPV6_LEN) return undefined;
      const ip4 = parseIPv4(s);
      if (!ip4) return undefined;
      ip.set(ip4.subarray(12), i);
      s = '';
      i += IPV4_LEN;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < IPV6_LEN) {
    if (ellipsis < 0) return undefined;
    const n = IPV6_LEN - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    // The ellipsis must stand for at least one group of zeros.
    return undefined;
  }
  return ip;
}

/**
 * Upstream's `ParseIPSloppy`: the 16-byte form of an IPv4 or IPv6 address, or undefined. IPv4
 * octets may carry leading zeros (`010.1.1.1` is 10.1.1.1); zones (`%eth0`) are refused.
 */
export function parseIPSloppy(s: string): Uint8Array | undefined {
  for (const ch of s) {
    if (ch === '.') return parseIPv4(s);
    if (ch === ':') return parseIPv6(s);
  }
  return undefined;
}

/** True when a 16-byte address is an IPv4 one (`::ffff:a.b.c.d`). */
function isV4(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/**
 * Upstream's `ParseCIDRSloppy`: the address, its family's bit length and the prefix length, or
 * undefined.
 */
export function parseCIDRSloppy(s: string): { ip: Uint8Array; bits: 32 | 128; prefix: number } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bits: 32 | 128 = 32;
  let ip = parseIPv4(addr);
  if (!ip) {
    bits = 128;
    ip = parseIPv6(addr);
  }
  const m = dtoi(mask);
  if (!ip || !m || m[1] !== mask.length || m[0] > bits) return undefined;
  return { ip, bits, prefix: m[0] };
}

/** Upstream's `IsValidIP`. */
export function isValidIP(value: string): string[] {
  return parseIPSloppy(value) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

/** Upstream's `IsValidIPv4Address`. */
export function isValidIPv4Address(value: string): string[] {
  const ip = parseIPSloppy(value);
  return ip && isV4(ip) ? [] : ['must be a valid IPv4 address'];
}

/** Upstream's `IsValidIPv6Address`. */
export function isValidIPv6Address(value: string): string[] {
  const ip = parseIPSloppy(value);
  return ip && !isV4(ip) ? [] : ['must be a valid IPv6 address'];
}

/** Upstream's `IsValidCIDR`. */
export function isValidCIDR(value: string): string[] {
  return parseCIDRSloppy(value) ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

/** Service IP ranges (`--service-cluster-ip-range`): parsing and the first address, the `kubernetes` Service's. */

/** An IPv4 CIDR as numbers: the network address and the count of addresses. */
export function parseCIDR(cidr: string): { base: number; size: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!m) throw new Error(`invalid CIDR address: ${cidr}`);
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) throw new Error(`invalid CIDR address: ${cidr}`);
  const ip = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), size, bits };
}

export const ipToString = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

/** The first usable address of the range (network address + 1). */
export function firstServiceIP(cidr: string): string {
  return ipToString(parseCIDR(cidr).base + 1);
}

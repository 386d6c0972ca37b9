/**
 * IP address properties upstream's validators ask about: family, and the special ranges Endpoints,
 * EndpointSlices and external IPs may not use (`ValidateNonSpecialIP`).
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { parseIPSloppy } from '../../../machinery/validation/ip.js';
import type { Errs } from '../util.js';

/** Whether an address is IPv6 (upstream's `netutils.IsIPv6String`). */
export function isIPv6(ip: string): boolean {
  const b = parseIPSloppy(ip);
  if (!b) return false;
  return !(b.slice(0, 10).every((x: number) => x === 0) && b[10] === 0xff && b[11] === 0xff);
}

/** Upstream's `ValidateNonSpecialIP`: no unspecified, loopback or link-local addresses. */
export function validateNonSpecialIP(ip: string, path: string, errs: Errs): void {
  const b = parseIPSloppy(ip);
  if (!b) return void errs.push(fieldErrors.invalid(path, ip, 'must be a valid IP address'));
  const v4 = b.slice(0, 10).every((x: number) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const zero = v4 ? b.slice(12).every((x: number) => x === 0) : b.every((x: number) => x === 0);
  if (zero) errs.push(fieldErrors.invalid(path, ip, `may not be unspecified (${ip})`));
  const loopback = v4 ? b[12] === 127 : b.slice(0, 15).every((x: number) => x === 0) && b[15] === 1;
  if (loopback) errs.push(fieldErrors.invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  const linkLocal = v4 ? b[12] === 169 && b[13] === 254 : b[0] === 0xfe && (b[1] & 0xc0) === 0x80;
  if (linkLocal)
    errs.push(fieldErrors.invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  const llMulticast = v4 ? b[12] === 224 && b[13] === 0 && b[14] === 0 : b[0] === 0xff && (b[1] & 0x0f) === 0x02;
  if (llMulticast) {
    errs.push(fieldErrors.invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
}

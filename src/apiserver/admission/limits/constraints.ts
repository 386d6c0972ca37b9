/**
 * The LimitRanger's three checks of one resource against one LimitRange bound — min, max and the
 * limit-to-request ratio — with upstream's messages word for word (`minimum memory usage per Pod is
 * 1Gi, but request is 512Mi`). Each returns the message, or undefined when the bound holds.
 */
import { parseQuantity, type Quantity } from '../../../machinery/quantity.js';
import type { ResourceList } from '../../../api/pod-resources.js';

const MAX_MILLI_VALUE = ((1n << 63n) - 1n) / 1000n;
const ZERO = parseQuantity('0');

/**
 * Upstream's `requestLimitEnforcedValues`: the three amounts in thousandths when none is too large
 * for that, else in units (rounded up). A missing amount is 0.
 */
function comparable(req: Quantity | undefined, lim: Quantity | undefined, enforced: Quantity): bigint[] {
  const all = [req ?? ZERO, lim ?? ZERO, enforced];
  const units = all.map((q) => q.value());
  return units.every((v) => v <= MAX_MILLI_VALUE) ? all.map((q) => q.milliValue()) : units;
}

/** Upstream's `minConstraint`: a request is required, and request and limit must reach the minimum. */
export function minConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l, e] = comparable(req, lim, enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  if (lim && l < e) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  return undefined;
}

/** Upstream's `maxConstraint`: a limit is required, and limit and request must stay within the maximum. */
export function maxConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l, e] = comparable(req, lim, enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  if (req && r > e) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

/** Upstream's `maxRequestConstraint` (PersistentVolumeClaims, which have only requests). */
export function maxRequestConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
): string | undefined {
  const req = requests.get(name);
  const [r, , e] = comparable(req, undefined, enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r > e) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

/** Upstream's `limitRequestRatioConstraint`: limit ÷ request must not exceed the ratio. */
export function limitRequestRatioConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l] = comparable(req, lim, enforced);
  const head = `${name} max limit to request ratio per ${type} is ${enforced}`;
  if (!req || r === 0n) return `${head}, but no request is specified or request is 0`;
  if (!lim || l === 0n) return `${head}, but no limit is specified or limit is 0`;
  const ratio = Number(l) / Number(r);
  let observed = ratio;
  let max = Number(enforced.value());
  if (enforced.value() <= MAX_MILLI_VALUE) {
    observed = ratio * 1000;
    max = Number(enforced.milliValue());
  }
  if (observed > max) return `${head}, but provided ratio is ${goFixed6(ratio)}`;
  return undefined;
}

/** Go's `%f`: six decimals, an exact tie rounded to even (JavaScript's toFixed rounds it up). */
export function goFixed6(x: number): string {
  const twice = x * 2e6;
  if (Number.isFinite(x) && Number.isInteger(twice) && Math.abs(twice % 2) === 1) {
    const below = Math.floor(x * 1e6);
    const n = below % 2 === 0 ? below : below + 1;
    const sign = n < 0 ? '-' : '';
    const digits = String(Math.abs(n)).padStart(7, '0');
    return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
  }
  return x.toFixed(6);
}

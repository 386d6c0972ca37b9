/**
 * resource.Quantity: exact decimal amounts (`100m`, `1Gi`, `1.5`, `1e3`) parsed, compared, added and
 * printed in canonical form exactly as upstream's `k8s.io/apimachinery/pkg/api/resource` does. A
 * value is `unscaled × 10^scale` with a BigInt unscaled part, so nothing is lost to floating point.
 * Like upstream, a string that is already canonical is kept and printed as given (`+1`, `100m`).
 */
import {
  ERR_NUMERIC,
  ERR_SUFFIX,
  ERR_FORMAT_WRONG,
  interpretSuffix,
  QuantityError,
  type QuantityFormat,
  scanQuantity,
  suffixFor,
} from './quantity-parse.js';

export { ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX, QuantityError, type QuantityFormat } from './quantity-parse.js';

const MAX_INT64 = (1n << 63n) - 1n;
// Upstream's maxInt64Factors: digits an int64 always holds.
const MAX_INT64_FACTORS = 18;
// Aligning two amounts whose scales differ by more than this would build a number of that many
// digits; upstream would too (and hang), so refuse.
const MAX_ALIGN = 100_000;

const abs = (v: bigint) => (v < 0n ? -v : v);
const pow10 = (n: number) => 10n ** BigInt(n);
const digits = (v: bigint) => (v === 0n ? 0 : abs(v).toString().length);

/** ceil(|v| / 10^shift) with v's sign: upstream's rounding "up", away from zero. */
function divAwayFromZero(v: bigint, shift: number): bigint {
  if (v === 0n) return 0n;
  const a = abs(v);
  let q: bigint;
  if (digits(a) <= shift) q = 1n;
  else {
    const p = pow10(shift);
    q = a / p + (a % p === 0n ? 0n : 1n);
  }
  return v < 0n ? -q : q;
}

/**
 * An immutable amount with its print format. Build one with parseQuantity, newQuantity or
 * newMilliQuantity; arithmetic returns new quantities, as upstream's methods would after a DeepCopy.
 */
export class Quantity {
  private constructor(
    /** The value is unscaled × 10^scale. */
    readonly unscaled: bigint,
    readonly scale: number,
    /** How the value prints. */
    readonly format: QuantityFormat,
    private cached?: string,
  ) {}

  /** unscaled × 10^scale in a format; `cached` is a string to print as is (a canonical input). */
  static of(unscaled: bigint, scale: number, format: QuantityFormat, cached?: string): Quantity {
    return new Quantity(unscaled, unscaled === 0n ? 0 : scale, format, cached);
  }

  /** True for any zero amount (`0`, `0Mi`, `0m`). */
  isZero(): boolean {
    return this.unscaled === 0n;
  }

  /** -1, 0 or 1. */
  sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** Upstream's `Cmp`: -1, 0 or 1 as this is less than, equal to or greater than other. */
  cmp(other: Quantity): number {
    const sa = this.sign();
    const sb = other.sign();
    if (sa !== sb) return sa > sb ? 1 : -1;
    if (sa === 0) return 0;
    // Orders of magnitude first, so that 1e2000000000 never has to be written out.
    const ma = digits(this.unscaled) + this.scale;
    const mb = digits(other.unscaled) + other.scale;
    if (ma !== mb) return ma > mb ? sa : -sa;
    const [a, b] = align(this, other);
    return a === b ? 0 : a > b ? 1 : -1;
  }

  /** Same amount, whatever the formats (`1Ki` equals `1024`). */
  equal(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /**
   * Upstream's `Add`, without mutation: the sum keeps this format, or other's if this is zero. Throws
   * a RangeError when the two scales are more than 100000 digits apart.
   */
  add(other: Quantity): Quantity {
    if (other.isZero()) return Quantity.of(this.unscaled, this.scale, this.isZero() ? other.format : this.format);
    if (this.isZero()) return Quantity.of(other.unscaled, other.scale, other.format);
    const [a, b, scale] = align(this, other);
    return Quantity.of(a + b, scale, this.format);
  }

  /** Upstream's `Sub`, without mutation. */
  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  /** The negated amount, in the same format. */
  neg(): Quantity {
    return Quantity.of(-this.unscaled, this.scale, this.format);
  }

  /**
   * Upstream's `ScaledValue`: the value in units of 10^scale, rounded up (away from zero):
   * `parseQuantity('1').scaledValue(-3)` is 1000n.
   */
  scaledValue(scale: number): bigint {
    const diff = this.scale - scale;
    if (diff > MAX_ALIGN) throw new RangeError('quantity too large to scale');
    if (diff >= 0) return this.unscaled * pow10(diff);
    return divAwayFromZero(this.unscaled, -diff);
  }

  /** Upstream's `Value`: the value rounded up to an integer (`1500m` → 2n). */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** Upstream's `MilliValue`: the value in thousandths, rounded up. */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /** Upstream's `AsApproximateFloat64`. */
  asApproximateFloat64(): number {
    return Number(this.unscaled) * 10 ** this.scale;
  }

  /** Upstream's canonical string form (or the string parsed, when that was already canonical). */
  toString(): string {
    this.cached ??= canonical(this);
    return this.cached;
  }

  /** Quantities travel as strings. */
  toJSON(): string {
    return this.toString();
  }
}

const K = Quantity.of(1024n, 0, 'DecimalSI');
const MINUS_K = Quantity.of(-1024n, 0, 'DecimalSI');
const ONE = Quantity.of(1n, 0, 'DecimalSI');
const MAX = Quantity.of(MAX_INT64, 0, 'DecimalSI');

/** Both unscaled parts at the smaller scale. */
function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.min(a.scale, b.scale);
  const da = a.scale - scale;
  const db = b.scale - scale;
  if (da > MAX_ALIGN || db > MAX_ALIGN) throw new RangeError('quantities too far apart in magnitude to combine');
  return [a.unscaled * pow10(da), b.unscaled * pow10(db), scale];
}

/** Upstream's `CanonicalizeBytes`. */
function canonical(q: Quantity): string {
  if (q.isZero()) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    // Small amounts, and ones with a fraction, print in decimal rather than round.
    const small = q.cmp(K) < 0 && q.cmp(MINUS_K) > 0;
    const exact = q.scale >= 0 || q.unscaled % pow10(-q.scale) === 0n;
    if (small || !exact) format = 'DecimalSI';
    else {
      let integer = q.scale >= 0 ? q.unscaled * pow10(q.scale) : q.unscaled / pow10(-q.scale);
      let exponent = 0;
      while (integer % 1024n === 0n) {
        integer /= 1024n;
        exponent++;
      }
      return `${integer}${suffixFor(2, exponent * 10, format)}`;
    }
  }
  // All factors of 10 into the exponent, then down to a multiple of 3.
  let amount = q.unscaled;
  let exponent = q.scale;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  const extra = ((exponent % 3) + 3) % 3;
  amount *= pow10(extra);
  exponent -= extra;
  return `${amount}${suffixFor(10, exponent, format)}`;
}

/**
 * Upstream's `ParseQuantity`: throws a QuantityError with upstream's message (`quantities must match
 * the regular expression …`, `unable to parse quantity's suffix`, `unable to parse numeric part of
 * quantity`). Amounts are rounded up to whole nanos; BinarySI amounts are capped at 2^63-1 and ones
 * strictly between 0 and 1 become DecimalSI.
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
  if (str === '0') return Quantity.of(0n, 0, 'DecimalSI', str);
  const { positive, value, num, denom, suffix } = scanQuantity(str);
  const suf = interpretSuffix(suffix);
  if (!suf) throw new QuantityError(ERR_SUFFIX);
  const { base, exponent } = suf;
  let format = suf.format;

  // Upstream's fast path: few digits, no sub-nano part. Only here may the input be kept as printed.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      const product = v * mantissa;
      if (product <= MAX_INT64) {
        const result = positive ? product : -product;
        const keep =
          format === 'BinarySI'
            ? exponent % 10 === 0 && (v & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return Quantity.of(result, scale, format, keep ? str : undefined);
      }
    }
  }

  // The slow path: an exact decimal of the numeric part as written.
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m || (m[2] + (m[3] ?? '')).length === 0) throw new QuantityError(ERR_NUMERIC);
  let unscaled = BigInt(m[2] + (m[3] ?? '') || '0');
  scale = -(m[3] ?? '').length;
  if (base === 10) scale += exponent;
  else unscaled <<= BigInt(exponent);
  if (scale < -9) {
    unscaled = divAwayFromZero(unscaled, -9 - scale);
    scale = -9;
  }
  if (format === 'BinarySI') {
    const amount = Quantity.of(unscaled, scale, format);
    if (amount.cmp(MAX) > 0) {
      unscaled = MAX_INT64;
      scale = 0;
    } else if (!amount.isZero() && amount.cmp(ONE) < 0) format = 'DecimalSI';
  }
  return Quantity.of(positive ? unscaled : -unscaled, scale, format);
}

/**
 * Upstream's `NewQuantity`: an integer amount in a format (`newQuantity(1024n, 'BinarySI')` prints
 * `1Ki`).
 */
export function newQuantity(value: bigint | number, format: QuantityFormat): Quantity {
  return Quantity.of(BigInt(value), 0, format);
}

/** Upstream's `NewMilliQuantity`: an amount in thousandths (`newMilliQuantity(500, 'DecimalSI')` is `500m`). */
export function newMilliQuantity(value: bigint | number, format: QuantityFormat): Quantity {
  return Quantity.of(BigInt(value), -3, format);
}

/** Upstream's `NewScaledQuantity`: value × 10^scale, DecimalSI. */
export function newScaledQuantity(value: bigint | number, scale: number): Quantity {
  return Quantity.of(BigInt(value), scale, 'DecimalSI');
}

/** True when the value is a valid quantity string. */
export function isQuantity(value: string): boolean {
  try {
    parseQuantity(value);
    return true;
  } catch {
    return false;
  }
}

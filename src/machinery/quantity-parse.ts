/**
 * The scanner and suffix table behind `parseQuantity`: upstream's `parseQuantityString` and
 * `quantitySuffixer` (`k8s.io/apimachinery/pkg/api/resource`), byte for byte, with its three errors.
 */

/** The three ways a Quantity can print: `12e6`, `12Mi`, `12M`. */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** Upstream's `ErrFormatWrong` message. */
export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** Upstream's `ErrNumeric` message. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** Upstream's `ErrSuffix` message. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

/** A string that is not a quantity; the message is upstream's. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

/** What the scanner found: sign, the numeric part as written, digits before and after `.`, suffix. */
export interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Upstream's `parseQuantityString`: a lenient scan; the suffix is judged later. */
export function scanQuantity(str: string): Scanned {
  const out: Scanned = { positive: true, value: '', num: '', denom: '', suffix: '' };
  const end = str.length;
  let pos = 0;
  if (str[0] === '-') {
    out.positive = false;
    pos++;
  } else if (str[0] === '+') pos++;

  // Leading zeros: a string of nothing but zeros is 0.
  for (let i = pos; ; i++) {
    if (i >= end) {
      out.num = out.value = '0';
      return out;
    }
    if (str[i] !== '0') break;
    pos++;
  }
  for (let i = pos; ; i++) {
    if (i >= end) {
      out.num = str.slice(pos, end);
      out.value = str.slice(0, end);
      return out;
    }
    if (!isDigit(str[i])) {
      out.num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (out.num.length === 0) out.num = '0';

  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) {
        out.denom = str.slice(pos, end);
        out.value = str.slice(0, end);
        return out;
      }
      if (!isDigit(str[i])) {
        out.denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  out.value = str.slice(0, pos);

  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) {
      out.suffix = str.slice(suffixStart, end);
      return out;
    }
    if (!'eEinumkKMGTP'.includes(str[i])) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) {
      out.suffix = str.slice(suffixStart, end);
      return out;
    }
    if (!isDigit(str[i])) break;
  }
  // A character after the suffix that is not part of an exponent.
  throw new QuantityError(ERR_FORMAT_WRONG);
}

const DECIMAL_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);
const BINARY_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);

/** A suffix's meaning: value × base^exponent, printed in format. */
export interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/**
 * Upstream's `interpret`: the SI tables first, then `e`/`E` and an int64 exponent, which upstream
 * narrows to int32 (wrapping) as 1.32 does.
 */
export function interpretSuffix(s: string): Suffix | undefined {
  const dec = DECIMAL_SUFFIXES.get(s);
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES.get(s);
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E')) {
    const digits = s.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const v = BigInt(digits);
    if (v < -(1n << 63n) || v >= 1n << 63n) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, v)), format: 'DecimalExponent' };
  }
  return undefined;
}

const DECIMAL_NAMES: ReadonlyMap<number, string> = new Map([...DECIMAL_SUFFIXES].map(([k, v]) => [v, k]));
const BINARY_NAMES: ReadonlyMap<number, string> = new Map([...BINARY_SUFFIXES].map(([k, v]) => [v, k]));

/**
 * Upstream's `constructBytes`: the suffix that prints base^exponent in format. Where upstream has
 * none (a DecimalSI exponent above 18, a binary one above 60) it prints no suffix at all, and so do
 * we.
 */
export function suffixFor(base: 2 | 10, exponent: number, format: QuantityFormat): string {
  if (format === 'DecimalExponent') return exponent === 0 ? '' : `e${exponent}`;
  if (format === 'BinarySI') return base === 2 ? (BINARY_NAMES.get(exponent) ?? '') : '';
  return base === 10 ? (DECIMAL_NAMES.get(exponent) ?? '') : '';
}

/**
 * Canonical quantity strings, as `resource.Quantity.String()` prints them in table cells (PV
 * capacity, quota usage, HPA targets): `1024Mi` → `1Gi`, `1.5G` → `1500M`, `0.5` → `500m`,
 * `1.5Ki` → `1536`. A value the grammar rejects is returned unchanged.
 */

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact value, mantissa × 10^exp, with the format its suffix asked for. */
interface Parsed {
  mantissa: bigint;
  exp: number;
  format: Format;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXP = new Map([[0, ''], ...Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s] as const)]);

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);

function parse(text: string): Parsed | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, frac = '', suffix] = m;
  if (whole === '' && frac === '') return undefined;
  let mantissa = BigInt((whole || '0') + frac);
  if (sign === '-') mantissa = -mantissa;
  let exp = -frac.length;
  let format: Format;
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    exp += DECIMAL_SUFFIXES[suffix];
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    mantissa *= 2n ** BigInt(BINARY_SUFFIXES[suffix]);
  } else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!e) return undefined;
    format = 'DecimalExponent';
    exp += Number(e[1]);
  }
  // Upstream keeps nano precision and rounds anything finer up, away from zero.
  if (exp < -9) {
    const div = pow10(-9 - exp);
    const neg = mantissa < 0n;
    const abs = neg ? -mantissa : mantissa;
    const q = (abs + div - 1n) / div;
    mantissa = neg ? -q : q;
    exp = -9;
  }
  return { mantissa, exp, format };
}

/** Moves factors of `base` out of `n`; returns the rest and how many were moved. */
function removeFactors(n: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (n !== 0n && n % base === 0n) {
    n /= base;
    times++;
  }
  return [n, times];
}

function decimal(q: Parsed, format: Format): string {
  const [stripped, times] = removeFactors(q.mantissa, TEN);
  let amount = stripped;
  let exp = q.exp + times;
  while (exp % 3 !== 0) {
    amount *= TEN;
    exp--;
  }
  if (format === 'DecimalExponent') return exp === 0 ? `${amount}` : `${amount}e${exp}`;
  // Upstream prints no suffix for an exponent SI has no letter for.
  return `${amount}${DECIMAL_BY_EXP.get(exp) ?? ''}`;
}

/** The integer value of `q` when it has no fraction. */
function integral(q: Parsed): bigint | undefined {
  if (q.exp >= 0) return q.mantissa * pow10(q.exp);
  const div = pow10(-q.exp);
  return q.mantissa % div === 0n ? q.mantissa / div : undefined;
}

/**
 * `Quantity.String()` of a quantity given as its JSON value (a string, or a number). `undefined`
 * and `null` print as the zero quantity, `0`; an unparseable string is returned as is.
 */
export function formatQuantity(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '0';
  const text = String(value);
  const q = parse(text);
  if (!q) return text;
  if (q.mantissa === 0n) return '0';
  if (q.format !== 'BinarySI') return decimal(q, q.format);
  const n = integral(q);
  // Small or fractional binary values print as decimal, so nothing is rounded away.
  if (n === undefined || (n > -1024n && n < 1024n)) return decimal(q, 'DecimalSI');
  const [amount, times] = removeFactors(n, 1024n);
  return `${amount}${BINARY_BY_EXP.get(times * 10) ?? ''}`;
}

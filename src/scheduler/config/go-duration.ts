/**
 * Go's `time.ParseDuration` and `Duration.String` on nanosecond bigints: metav1.Duration fields are
 * parsed with the first and encoded with the second, so `60s` in a config reads back as `1m0s`.
 */
import { goQuote } from '../../machinery/go-quote.js';

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5
  μs: 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX = (1n << 63n) - 1n;

/** Parses a Go duration; throws an Error worded as Go's (`time: invalid duration "x"`). */
export function parseGoDuration(orig: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${goQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!/^[0-9.]/.test(s)) throw invalid();
    const int = /^[0-9]*/.exec(s)![0];
    s = s.slice(int.length);
    let frac = '';
    let hasFrac = false;
    if (s[0] === '.') {
      frac = /^[0-9]*/.exec(s.slice(1))![0];
      hasFrac = frac.length > 0;
      s = s.slice(1 + frac.length);
    }
    if (int === '' && !hasFrac) throw invalid();
    const unitText = /^[^0-9.]*/.exec(s)![0];
    if (unitText === '') throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
    s = s.slice(unitText.length);
    const unit = UNITS[unitText];
    if (unit === undefined) throw new Error(`time: unknown unit ${goQuote(unitText)} in duration ${goQuote(orig)}`);
    let v = BigInt(int || '0') * unit;
    if (frac) v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += v;
    if (total > MAX + (neg ? 1n : 0n)) throw invalid();
  }
  return neg ? -total : total;
}

/** Formats nanoseconds as Go's `Duration.String` does: `0s`, `1.5ms`, `1h2m3s`. */
export function formatGoDuration(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1_000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${fmtFrac(u, 3)}µs`;
    else out = `${fmtFrac(u, 6)}ms`;
  } else {
    out = `${fmtFrac(u % 60_000_000_000n, 9)}s`;
    u /= 60_000_000_000n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** `v / 10^prec` with the fraction's trailing zeros (and a bare dot) dropped. */
function fmtFrac(v: bigint, prec: number): string {
  const scale = 10n ** BigInt(prec);
  const frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  return frac ? `${v / scale}.${frac}` : `${v / scale}`;
}

/**
 * IntOrString (`maxSurge: 1` or `maxSurge: "25%"`), as upstream's `k8s.io/apimachinery/pkg/util/intstr`.
 * On the wire it is a JSON number or a JSON string, and the distinction matters: a string is only
 * ever read as a percentage by `getScaledValueFromIntOrPercent`, so `"1"` is an error there, not 1.
 */

/** A JSON number (upstream's Type Int) or a JSON string (Type String). */
export type IntOrString = number | string;

/**
 * Go's `strconv.Atoi`: the integer, or an Error worded as Go's (`strconv.Atoi: parsing "x":
 * invalid syntax`, `… value out of range`).
 */
export function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const v = BigInt(s);
  if (v < -(1n << 63n) || v >= 1n << 63n) {
    throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return Number(v);
}

/** Upstream's `IntValue`: the number, or a string read as an integer (0 when it is not one). */
export function intOrStringValue(v: IntOrString): number {
  if (typeof v === 'number') return v;
  try {
    return atoi(v);
  } catch {
    return 0;
  }
}

/** Upstream's `Parse`: an integer if the string is one, else the string. */
export function parseIntOrString(s: string): IntOrString {
  try {
    return atoi(s);
  } catch {
    return s;
  }
}

/** Upstream's `getIntOrPercentValueSafely`: [value, isPercent]. */
function intOrPercentValue(v: IntOrString): [number, boolean] {
  if (typeof v === 'number') return [v, false];
  if (typeof v !== 'string') throw new Error('invalid type: neither int nor percentage');
  if (!v.endsWith('%')) throw new Error('invalid type: string is not a percentage');
  try {
    return [atoi(v.slice(0, -1)), true];
  } catch (err) {
    throw new Error(`invalid value ${JSON.stringify(v)}: ${(err as Error).message}`);
  }
}

/**
 * Upstream's `GetScaledValueFromIntOrPercent`: an integer as is, or a percentage of total rounded
 * up or down (`"25%"` of 10 is 3 rounding up, 2 down). Throws upstream's errors: `nil value for
 * IntOrString`, and `invalid value for IntOrString: invalid type: string is not a percentage` or
 * `… invalid value "x%": strconv.Atoi: parsing "x": invalid syntax`.
 */
export function getScaledValueFromIntOrPercent(
  v: IntOrString | undefined | null,
  total: number,
  roundUp: boolean,
): number {
  if (v === undefined || v === null) throw new Error('nil value for IntOrString');
  let value: number;
  let isPercent: boolean;
  try {
    [value, isPercent] = intOrPercentValue(v);
  } catch (err) {
    throw new Error(`invalid value for IntOrString: ${(err as Error).message}`);
  }
  if (!isPercent) return value;
  // Same float64 operations, in the same order, as upstream.
  const scaled = (value * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * Cron schedules as the CronJob controller reads them: `github.com/robfig/cron/v3`'s
 * `ParseStandard` (five fields — minute hour day-of-month month day-of-week — with `*`, `?`,
 * ranges, steps, lists and three-letter month/weekday names; the descriptors `@yearly`,
 * `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and `@every <duration>`;
 * an optional `TZ=`/`CRON_TZ=` prefix) and its `Next`, with the library's error messages.
 * Validation refuses `TZ=` in `spec.schedule`; the controller adds it itself from `spec.timeZone`.
 */
import { fromWallTime, isKnownTimeZone, wallTime } from './time-zone.js';

/** A parsed schedule: the first activation strictly after an instant (ms; 0 when there is none). */
export interface CronSchedule {
  next(afterMs: number): number;
}

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MINUTE: Bounds = { min: 0, max: 59 };
const HOUR: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTH: Bounds = { min: 1, max: 12, names: MONTHS };
const DOW: Bounds = { min: 0, max: 6, names: DAYS };

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** The values a field allows, and whether it was written `*`/`?` (robfig's starBit). */
interface Field {
  set: boolean[];
  star: boolean;
}

function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function mustParseInt(expr: string): number {
  let n: number;
  try {
    n = atoi(expr);
  } catch (err) {
    throw new Error(`failed to parse int from ${expr}: ${(err as Error).message}`);
  }
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Readonly<Record<string, number>>): number {
  const named = names?.[expr.toLowerCase() as keyof typeof names];
  return named !== undefined ? named : mustParseInt(expr);
}

/** robfig's `getRange`: one `a`, `a-b`, `*`, with an optional `/step`, into `field`. */
function addRange(expr: string, r: Bounds, field: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expr}`);
  if (start < r.min) throw new Error(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new Error(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) field.set[i] = true;
  if (star) field.star = true;
}

function parseField(text: string, r: Bounds): Field {
  const field: Field = { set: new Array<boolean>(r.max + 1).fill(false), star: false };
  for (const expr of text.split(',')) addRange(expr, r, field);
  return field;
}

/** Go's `time.ParseDuration`, in ms, with its error messages. */
export function parseGoDuration(s: string): number {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const quoted = JSON.stringify(s);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== '') {
    const num = /^[0-9]*(?:\.[0-9]*)?/.exec(rest)![0];
    if (num === '' || num === '.') throw new Error(`time: invalid duration ${quoted}`);
    rest = rest.slice(num.length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    if (!(unit in units)) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    total += Number(num) * units[unit];
    rest = rest.slice(unit.length);
  }
  return sign * total;
}

/** robfig's `ConstantDelaySchedule` (`@every`): whole seconds, at least one. */
function everySchedule(delayMs: number): CronSchedule {
  const delay = delayMs < 1000 ? 1000 : delayMs - (delayMs % 1000);
  return { next: (t) => t - (((t % 1000) + 1000) % 1000) + delay };
}

/** robfig's `SpecSchedule` (seconds fixed at 0) in the zone `tz`. */
class SpecSchedule implements CronSchedule {
  constructor(
    private readonly minute: Field,
    private readonly hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
    private readonly tz: string,
  ) {}

  private dayMatches(w: { day: number; weekday: number }): boolean {
    const domMatch = this.dom.set[w.day];
    const dowMatch = this.dow.set[w.weekday];
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  /** robfig's `Next`, step by step (it walks months, days, hours, minutes, five years at most). */
  next(afterMs: number): number {
    const tz = this.tz;
    // The upcoming whole second.
    let t = Math.floor(afterMs / 1000) * 1000 + 1000;
    let added = false;
    const yearLimit = wallTime(tz, t).year + 5;
    wrap: for (;;) {
      let w = wallTime(tz, t);
      if (w.year > yearLimit) return 0;
      while (!this.month.set[w.month]) {
        if (!added) {
          added = true;
          t = fromWallTime(tz, w.year, w.month, 1);
          w = wallTime(tz, t);
        }
        // AddDate(0, 1, 0): the same wall time one month on.
        t = fromWallTime(tz, w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
        w = wallTime(tz, t);
        if (w.month === 1) continue wrap;
      }
      while (!this.dayMatches(w)) {
        if (!added) {
          added = true;
          t = fromWallTime(tz, w.year, w.month, w.day);
          w = wallTime(tz, t);
        }
        t = fromWallTime(tz, w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
        w = wallTime(tz, t);
        // A DST change can leave the day's start at 23:00 or 01:00: go back to midnight.
        if (w.hour !== 0) {
          t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000;
          w = wallTime(tz, t);
        }
        if (w.day === 1) continue wrap;
      }
      while (!this.hour.set[w.hour]) {
        if (!added) {
          added = true;
          t = fromWallTime(tz, w.year, w.month, w.day, w.hour);
        }
        t += 3_600_000;
        w = wallTime(tz, t);
        if (w.hour === 0) continue wrap;
      }
      while (!this.minute.set[w.minute]) {
        if (!added) {
          added = true;
          t = Math.floor(t / 60_000) * 60_000;
        }
        t += 60_000;
        w = wallTime(tz, t);
        if (w.minute === 0) continue wrap;
      }
      if (w.second !== 0) {
        // robfig steps second by second to the next :00 and wraps; jump there at once.
        t = Math.floor(t / 60_000) * 60_000 + 60_000;
        added = true;
        continue wrap;
      }
      return t;
    }
  }
}

/**
 * robfig's `cron.ParseStandard(spec)`: throws an Error with the library's message when `spec`
 * does not parse (`expected exactly 5 fields, found 4: [* * * *]`, `unrecognized descriptor: @x`,
 * `end of range (60) above maximum (59): 60` …).
 */
export function parseStandard(spec: string): CronSchedule {
  if (spec.length === 0) throw new Error('empty spec string');
  let tz = '';
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    tz = spec.slice(eq + 1, i < 0 ? undefined : i);
    if (!isKnownTimeZone(tz) || tz === 'Local') throw new Error(`provided bad location ${tz}: unknown time zone ${tz}`);
    spec = i < 0 ? '' : spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    const fixed = DESCRIPTORS[spec];
    if (fixed !== undefined) spec = fixed;
    else if (spec.startsWith('@every ')) {
      const d = spec.slice('@every '.length);
      let ms: number;
      try {
        ms = parseGoDuration(d);
      } catch (err) {
        throw new Error(`failed to parse duration ${spec}: ${(err as Error).message}`);
      }
      return everySchedule(ms);
    } else throw new Error(`unrecognized descriptor: ${spec}`);
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return new SpecSchedule(
    parseField(fields[0], MINUTE),
    parseField(fields[1], HOUR),
    parseField(fields[2], DOM),
    parseField(fields[3], MONTH),
    parseField(fields[4], DOW),
    tz,
  );
}

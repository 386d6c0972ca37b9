/**
 * JSON values as CEL values, typed by the schema (upstream's `UnstructuredToVal`): an `integer`
 * becomes a CEL int (a bigint), a `number` a double, an object with properties a message-like
 * value whose absent fields are `has() == false` and `no such key` when selected.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { CelType, ListCelType, ObjectCelType } from './schema-types.js';

type Json = Record<string, unknown>;

const durationProgram = new Environment().registerVariable('s', 'string').parse('duration(s)');

/**
 * An object value: fields are converted from the raw JSON on first selection, so a rule that reads
 * one field of a large object does not convert the rest. Absent and null fields read as undefined.
 */
export class CelObject extends Map<string, unknown> {
  readonly raw: Json;
  readonly celType: ObjectCelType;

  constructor(raw: Json, celType: ObjectCelType) {
    super();
    this.raw = raw;
    this.celType = celType;
  }

  override get(key: string): unknown {
    if (super.has(key)) return super.get(key);
    const field = this.celType.fields.get(key);
    if (!field || !Object.hasOwn(this.raw, field.json)) return undefined;
    const v = this.raw[field.json];
    if (v === null || v === undefined) return undefined;
    const converted = toCelValue(v, field.type);
    super.set(key, converted);
    return converted;
  }
}

/** A constructor for `t`'s values, distinct per type so the CEL library can tell types apart. */
export function objectConstructor(t: ObjectCelType): new (raw: Json) => CelObject {
  return {
    [t.name]: class extends CelObject {
      constructor(raw: Json) {
        super(raw, t);
      }
    },
  }[t.name];
}

/** A JSON number as a CEL int when it is integral (JSON does not tell 1 from 1.0). */
function toInt(v: unknown): unknown {
  return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
}

/** An untyped JSON value (`x-kubernetes-int-or-string`, dyn): integral numbers become ints. */
function toDyn(v: unknown): unknown {
  if (typeof v === 'number') return toInt(v);
  if (Array.isArray(v)) return v.map(toDyn);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toDyn(x)]));
  return v;
}

/**
 * `raw` (decoded JSON) as a CEL value of type `t`. Values of the wrong JSON type are passed through
 * unchanged, so that selecting them fails at evaluation rather than here. Object types must have
 * been registered in an environment (see `celEnvironment`).
 */
export function toCelValue(raw: unknown, t: CelType): unknown {
  if (raw === null || raw === undefined) return null;
  switch (t.kind) {
    case 'int':
      return toInt(raw);
    case 'double':
      return typeof raw === 'bigint' ? Number(raw) : raw;
    case 'dyn':
      return toDyn(raw);
    case 'bytes':
      return typeof raw === 'string' ? new Uint8Array(Buffer.from(raw, 'base64')) : raw;
    case 'timestamp':
      return typeof raw === 'string' ? new Date(raw) : raw;
    case 'duration':
      return typeof raw === 'string' ? durationProgram({ s: raw }) : raw;
    case 'list':
      return Array.isArray(raw) ? raw.map((x) => toCelValue(x, t.items)) : raw;
    case 'map':
      if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
      return new Map(Object.entries(raw as Json).map(([k, v]) => [k, toCelValue(v, t.values)]));
    case 'object':
      if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
      if (!t.ctor) throw new Error(`CEL type ${t.name} is not registered`);
      return new t.ctor(raw as Json);
    default:
      return raw;
  }
}

/** JSON deep equality; object keys with null values count as absent. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  return keysEqual(a as Json, b as Json, (_k, x, y) => jsonEqual(x, y));
}

function keysEqual(a: Json, b: Json, eq: (key: string, x: unknown, y: unknown) => boolean): boolean {
  const present = (o: Json) => Object.keys(o).filter((k) => o[k] !== null && o[k] !== undefined);
  const ka = present(a);
  if (ka.length !== present(b).length) return false;
  return ka.every((k) => b[k] !== null && b[k] !== undefined && eq(k, a[k], b[k]));
}

function listEqual(a: unknown[], b: unknown[], t: ListCelType): boolean {
  if (a.length !== b.length) return false;
  if (t.listType === 'set') return a.every((x) => b.some((y) => typedEqual(x, y, t.items)));
  if (t.listType === 'map' && t.mapKeys?.length) {
    const keys = t.mapKeys;
    const sameKey = (x: unknown, y: unknown) => keys.every((k) => jsonEqual((x as Json)?.[k], (y as Json)?.[k]));
    return a.every((x) => {
      const y = b.find((e) => sameKey(x, e));
      return y !== undefined && typedEqual(x, y, t.items);
    });
  }
  return a.every((x, i) => typedEqual(x, b[i], t.items));
}

/**
 * Equality of two raw JSON values of type `t`, with upstream's list semantics: `set` lists
 * compare as sets and `map` lists by their keys, regardless of order.
 */
export function typedEqual(a: unknown, b: unknown, t: CelType): boolean {
  if (t.kind === 'list' && Array.isArray(a) && Array.isArray(b)) return listEqual(a, b, t);
  if (t.kind === 'object' && a && b && typeof a === 'object' && typeof b === 'object') {
    return keysEqual(a as Json, b as Json, (k, x, y) => {
      const field = [...t.fields.values()].find((f) => f.json === k);
      return field ? typedEqual(x, y, field.type) : jsonEqual(x, y);
    });
  }
  if (t.kind === 'map' && a && b && typeof a === 'object' && typeof b === 'object') {
    return keysEqual(a as Json, b as Json, (_k, x, y) => typedEqual(x, y, t.values));
  }
  return jsonEqual(a, b);
}

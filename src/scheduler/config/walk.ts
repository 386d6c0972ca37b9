/**
 * Schema-driven passes over a config tree: the strict decode check (upstream's
 * `sigs.k8s.io/json` strict unmarshal: unknown and duplicate fields, Go type errors), turning a
 * checked tree into plain values, and encoding values back the way Go's `omitempty` rules would.
 */
import { goQuote } from '../../machinery/go-quote.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';
import { goTypeName } from './schema.js';
import type { Schema, StructSchema } from './schema.js';
import { jsonTypeName, toPlain } from './source.js';
import type { JNode } from './source.js';

/** What the strict decode found: strict errors in document order, and the error Go would return. */
export interface CheckResult {
  strict: string[];
  /** A type error or a field's own unmarshal error: decoding fails with it, strict errors unreported. */
  error?: string;
}

interface Ctx {
  strict: string[];
  saved?: string;
  fatal?: string;
  dupCheck: boolean;
}

interface Where {
  struct: string;
  stack: string[];
}

const INT_RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

/** Strictly decodes `root` as `schema`; `dupCheck` reports repeated keys (JSON input only). */
export function checkTree(root: JNode, schema: StructSchema, dupCheck: boolean): CheckResult {
  const ctx: Ctx = { strict: [], dupCheck };
  walk(root, schema, '', ctx, { struct: '', stack: [] });
  return { strict: ctx.strict, error: ctx.fatal ?? ctx.saved };
}

function walk(n: JNode, s: Schema, path: string, ctx: Ctx, where: Where): void {
  if (ctx.fatal || n.kind === 'null') return;
  const mismatch = (value = jsonTypeName(n)) => {
    ctx.saved ??= `json: cannot unmarshal ${value} into Go struct field ${where.struct}.${where.stack.join('.')} of type ${goTypeName(s)}`;
  };
  switch (s.t) {
    case 'string':
      if (n.kind !== 'string') mismatch();
      return;
    case 'bool':
      if (n.kind !== 'bool') mismatch();
      return;
    case 'float':
      if (n.kind !== 'number') mismatch();
      return;
    case 'int': {
      if (n.kind !== 'number') return mismatch();
      const [lo, hi] = INT_RANGE[s.go];
      if (!Number.isInteger(n.value) || n.value < lo || n.value > hi) mismatch(`number ${n.value}`);
      return;
    }
    case 'duration':
      // metav1.Duration's own UnmarshalJSON: its errors end the decode at once.
      if (n.kind !== 'string') {
        ctx.fatal = `json: cannot unmarshal ${jsonTypeName(n)} into Go struct field ${where.struct}.${where.stack.join('.')} of type string`;
        return;
      }
      try {
        parseGoDuration(n.value);
      } catch (e) {
        ctx.fatal = (e as Error).message;
      }
      return;
    case 'bytes':
      if (n.kind !== 'string') return mismatch();
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(n.value) || n.value.length % 4 !== 0) {
        const bad = n.value.search(/[^A-Za-z0-9+/=]/);
        ctx.saved ??= `illegal base64 data at input byte ${bad >= 0 ? bad : n.value.length}`;
      }
      return;
    case 'raw':
      return;
    case 'list':
      if (n.kind !== 'array') return mismatch();
      n.items.forEach((item, i) => walk(item, s.of, `${path}[${i}]`, ctx, where));
      return;
    case 'map':
    case 'struct': {
      if (n.kind !== 'object') return mismatch();
      const seen = new Set<string>();
      for (const [key, value] of n.pairs) {
        const child = path ? `${path}.${key}` : key;
        if (ctx.dupCheck && seen.has(key)) ctx.strict.push(`duplicate field ${goQuote(child)}`);
        seen.add(key);
        if (s.t === 'map') {
          walk(value, s.of, child, ctx, where);
          continue;
        }
        const field = Object.hasOwn(s.fields, key) ? s.fields[key] : undefined;
        if (!field) {
          ctx.strict.push(`unknown field ${goQuote(child)}`);
          continue;
        }
        walk(value, field.s, child, ctx, { struct: shortName(s.go), stack: [...where.stack, key] });
      }
      return;
    }
  }
}

function shortName(go: string): string {
  return go.slice(go.lastIndexOf('.') + 1);
}

/** The plain value of a checked tree; nulls drop out, null list items become zero values. */
export function materialize(n: JNode, s: Schema): unknown {
  if (n.kind === 'null') return undefined;
  switch (s.t) {
    case 'raw':
      return toPlain(n);
    case 'list':
      return n.kind === 'array' ? n.items.map((item) => materialize(item, s.of) ?? zero(s.of)) : undefined;
    case 'map':
    case 'struct': {
      if (n.kind !== 'object') return undefined;
      const out: Record<string, unknown> = {};
      for (const [key, value] of n.pairs) {
        const fs = s.t === 'map' ? s.of : s.fields[key]?.s;
        if (!fs) continue;
        const v = materialize(value, fs);
        if (v === undefined) delete out[key];
        else out[key] = v;
      }
      return out;
    }
    default:
      return n.kind === 'object' || n.kind === 'array' ? undefined : n.value;
  }
}

/** Go's zero value of a type, as its encoder prints it. */
function zero(s: Schema): unknown {
  switch (s.t) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'float':
      return 0;
    case 'duration':
      return '0s';
    case 'struct':
      return encode({}, s);
    default:
      return null;
  }
}

function isZero(v: unknown, s: Schema): boolean {
  if (v === undefined || v === null) return true;
  if (s.t === 'list' || s.t === 'map') return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
  if (s.t === 'struct' || s.t === 'raw') return false;
  return v === '' || v === 0 || v === false || (s.t === 'duration' && v === '0s');
}

/** Encodes a value as Go would: fields in declaration order, `omitempty` honoured, durations normalized. */
export function encode(v: unknown, s: Schema): unknown {
  if (v === undefined || v === null) return zero(s);
  switch (s.t) {
    case 'duration':
      return formatGoDuration(parseGoDuration(v as string));
    case 'list':
      return (v as unknown[]).map((item) => encode(item, s.of));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) out[k] = encode(item, s.of);
      return out;
    }
    case 'struct': {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, f] of Object.entries(s.fields)) {
        const fv = o[key];
        if (f.emit === 'ptr' && (fv === undefined || fv === null)) continue;
        if (f.emit === 'omit' && isZero(fv, f.s)) continue;
        out[key] = encode(fv, f.s);
      }
      return out;
    }
    default:
      return v;
  }
}

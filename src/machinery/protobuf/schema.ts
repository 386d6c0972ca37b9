/**
 * Lookups over schema-data.ts (notation: schema-notation.ts): messages resolved for the codec,
 * and the message of each top-level kind.
 */
import { MESSAGES, ROOT_KINDS } from './schema-data.js';
import {
  FLAG_ALWAYS,
  FLAG_INLINE,
  FLAG_MAP,
  FLAG_POINTER,
  FLAG_REPEATED,
  META_KINDS,
  messageKeyFor,
} from './schema-notation.js';

/** A field, resolved for the codec. */
export interface Field {
  name: string;
  num: number;
  type: string;
  repeated: boolean;
  map: boolean;
  inline: boolean;
  pointer: boolean;
  /** A zero value read from the wire is kept (a pointer, or a field upstream's JSON always writes). */
  keepZero: boolean;
  /** The type is a message key rather than a scalar code. */
  message: boolean;
}

/** A message, resolved for the codec. */
export interface Message {
  key: string;
  /** Go struct order, which is JSON's. */
  fields: Field[];
  /** Field-number order, which is the wire's. */
  wireOrder: Field[];
  byNumber: Map<number, Field>;
}

const SCALAR_CODES = new Set(['s', 'i32', 'i64', 'u32', 'u64', 'b', 'd', 'f', 'y']);

const compiled = new Map<string, Message>();

/** The message `key` resolved, or undefined when the schema has no such message. */
export function message(key: string): Message | undefined {
  const hit = compiled.get(key);
  if (hit) return hit;
  const raw = MESSAGES[key];
  if (!raw) return undefined;
  const fields = raw.map(([name, num, type, flags = 0]): Field => ({
    name,
    num,
    type,
    repeated: (flags & FLAG_REPEATED) !== 0,
    map: (flags & FLAG_MAP) !== 0,
    inline: (flags & FLAG_INLINE) !== 0,
    pointer: (flags & FLAG_POINTER) !== 0,
    keepZero: (flags & (FLAG_POINTER | FLAG_ALWAYS)) !== 0,
    message: !SCALAR_CODES.has(type),
  }));
  const m: Message = {
    key,
    fields,
    wireOrder: [...fields].sort((a, b) => a.num - b.num),
    byNumber: new Map(fields.map((f) => [f.num, f])),
  };
  compiled.set(key, m);
  return m;
}

/**
 * The message key of a top-level object of `kind` in `apiVersion`, or undefined when it has none:
 * a served kind (and its List, and subresource kinds such as `autoscaling/v1 Scale`), or one of the
 * meta/v1 kinds (Status, DeleteOptions …) under any served group-version.
 */
export function rootMessageKey(apiVersion: string, kind: string): string | undefined {
  const kinds = ROOT_KINDS[apiVersion];
  if (kinds?.includes(kind)) return messageKeyFor(apiVersion, kind);
  if ((kinds || apiVersion === 'meta.k8s.io/v1') && (META_KINDS as readonly string[]).includes(kind)) {
    return `meta.v1.${kind}`;
  }
  return undefined;
}

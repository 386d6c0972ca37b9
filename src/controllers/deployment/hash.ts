/**
 * The pod-template-hash (upstream's `controller.ComputeHash` + `rand.SafeEncodeString`) and the
 * template comparison that ignores it (`EqualIgnoreHash`). Upstream hashes Go's in-memory struct
 * with DeepHashObject, which we cannot reproduce byte for byte; we hash a canonical JSON of the
 * template instead, with the same FNV-32a, collisionCount suffix and encoding, so names look and
 * behave like upstream's (`web-7c5ddbdf54`).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';

/** Upstream's `DefaultDeploymentUniqueLabelKey`. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** The alphabet of `rand.SafeEncodeString`: no vowels (no words), no look-alikes (0/O, 1/l, 3/E). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream's `rand.SafeEncodeString`: each byte of `s` mapped into {@link ALPHANUMS}. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += ALPHANUMS[b % ALPHANUMS.length];
  return out;
}

/** FNV-1a, 32 bits, over `bytes`, continuing from `hash`. */
export function fnv32a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A JSON value reduced to what upstream's semantic equality sees: null, empty lists and empty
 * maps count as absent (Go's nil and empty slices/maps compare equal), keys sorted.
 */
export function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x) ?? null);
    return items.length ? items : undefined;
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normalize((v as Record<string, unknown>)[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** The canonical JSON of `v` (see {@link normalize}). */
export function canonicalJSON(v: unknown): string {
  return JSON.stringify(normalize(v) ?? null);
}

/**
 * Upstream's `ComputeHash(template, collisionCount)`: FNV-32a over the template, then the
 * collision count as 4 little-endian bytes when set, rendered in decimal and safe-encoded.
 */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(Buffer.from(canonicalJSON(template), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(collisionCount >>> 0);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}

/** `template` without the pod-template-hash label. */
function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return t;
}

/** Upstream's `EqualIgnoreHash`: the templates are semantically equal once the hash label is dropped. */
export function equalIgnoreHash(t1: PodTemplateSpec | undefined, t2: PodTemplateSpec | undefined): boolean {
  return canonicalJSON(withoutHash(t1)) === canonicalJSON(withoutHash(t2));
}

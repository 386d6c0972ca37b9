/**
 * The hashes behind ControllerRevision names and `controller-revision-hash` labels: upstream's
 * `HashControllerRevision` (FNV-1 32-bit over the revision's raw JSON, plus the collision count),
 * `controller.ComputeHash` (FNV-1a 32-bit over a pod template) and `rand.SafeEncodeString`, which
 * maps the decimal digits of the hash onto letters and digits that never spell words.
 */

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1 32-bit (Go's `hash/fnv.New32`) of `bytes`, continuing from `seed`. */
export function fnv32(bytes: Uint8Array, seed = FNV32_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) h = (Math.imul(h, FNV32_PRIME) ^ b) >>> 0;
  return h;
}

/** FNV-1a 32-bit (Go's `hash/fnv.New32a`) of `bytes`, continuing from `seed`. */
export function fnv32a(bytes: Uint8Array, seed = FNV32_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, FNV32_PRIME) >>> 0;
  return h;
}

/** Upstream's `rand` alphabet: no vowels, no 0/1/3, so encoded hashes never read as words. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream's `rand.SafeEncodeString`: each character's code modulo the alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += ALPHANUMS[b % ALPHANUMS.length];
  return out;
}

/**
 * The JSON Go's `json.Marshal` writes for a value decoded into `map[string]interface{}`: object
 * keys sorted at every depth, no whitespace, and `<`, `>`, `&`, U+2028 and U+2029 escaped. Two
 * revisions compare equal exactly when their canonical JSON does, whatever order the API server
 * returned the fields in.
 */
export function canonicalJSON(value: unknown): string {
  return goEscape(JSON.stringify(sortKeys(value)) ?? 'null');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}

function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Upstream's `HashControllerRevision`: FNV-1 over the revision data's JSON, then the collision
 * count (when given) in decimal, safe-encoded.
 */
export function hashRevisionData(data: unknown, probe?: number): string {
  let h = fnv32(Buffer.from(canonicalJSON(data), 'utf8'));
  if (probe !== undefined) h = fnv32(Buffer.from(String(probe), 'utf8'), h);
  return safeEncodeString(String(h));
}

/**
 * Upstream's `controller.ComputeHash` of a pod template with a collision count: FNV-1a, safe-encoded.
 * Upstream hashes Go's printed form of the struct, which no other language reproduces; we hash the
 * template's canonical JSON, which is as stable and changes exactly when the template does.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(Buffer.from(canonicalJSON(template), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    // Upstream writes the count as a little-endian uint32 into an 8-byte buffer, all 8 hashed.
    const b = Buffer.alloc(8);
    b.writeUInt32LE(collisionCount >>> 0);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}

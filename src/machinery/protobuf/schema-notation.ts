/**
 * The schema notation of schema-data.ts, apart from the data so that generate-schema.ts can use it
 * while the data is being rewritten. A message is a list of fields in Go struct order; a field is
 * `[jsonName, number, type, flags?]` where type is a scalar code (`s` string, `i32`, `i64`, `u32`,
 * `u64`, `b` bool, `d` double, `f` float, `y` bytes) or a message key (`core.v1.PodSpec`,
 * `meta.v1.Time`), and flags combine the FLAG_* bits below. Message keys are the proto names with
 * the package shortened: `k8s.io.api.apps.v1.Deployment` → `apps.v1.Deployment`,
 * `k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta` → `meta.v1.ObjectMeta`.
 */

/** `[jsonName, fieldNumber, type, flags]`. */
export type FieldSchema = readonly [name: string, num: number, type: string, flags?: number];

/** A repeated field: a JSON array. */
export const FLAG_REPEATED = 1;
/** A `map<string, type>` field: a JSON object. */
export const FLAG_MAP = 2;
/** A Go field embedded with `json:",inline"`: its message's fields sit in the parent's object. */
export const FLAG_INLINE = 4;
/** A Go pointer (gogoproto.nullable): a zero value on the wire is a value, not an absence. */
export const FLAG_POINTER = 8;
/**
 * A value field upstream's JSON always writes (required in its OpenAPI, so no `omitempty`): a zero
 * value on the wire is kept, as for a pointer (`PriorityClass.value: 0`, `status.currentHealthy: 0`).
 */
export const FLAG_ALWAYS = 16;

/** meta/v1 kinds every served group-version also answers to, as upstream's AddToGroupVersion registers. */
export const META_KINDS = [
  'Status',
  'DeleteOptions',
  'CreateOptions',
  'PatchOptions',
  'UpdateOptions',
  'ListOptions',
  'GetOptions',
  'WatchEvent',
] as const;

/** Splits `apps/v1` into group and version (`v1` is the core group ''). */
export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/**
 * The message key a kind of a group-version would have, whether or not the schema holds it:
 * core → `core`, `meta.k8s.io` → `meta`, otherwise the group's first label (`rbac.authorization.k8s.io`
 * → `rbac`), then the version and the kind.
 */
export function messageKeyFor(apiVersion: string, kind: string): string {
  const [group, version] = splitApiVersion(apiVersion);
  const pkg = group === '' ? 'core' : group.split('.')[0];
  return `${pkg}.${version}.${kind}`;
}

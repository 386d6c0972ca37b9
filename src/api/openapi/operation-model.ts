/**
 * The neutral model of documented REST operations (`operations.ts` builds it from the registry,
 * `render.ts` writes it as OpenAPI v2 or v3) and the naming and response helpers upstream's
 * endpoint installer follows.
 */
import type { GroupVersionKind } from '../resources.js';
import { customDefinitionPrefix, definitionPrefix } from './build-definitions.js';
import type { Param } from './parameters.js';

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

/** A request or response body: a definition name, or a plain string (logs, connect streams). */
export interface Body {
  schema: string | { type: 'string' };
  contentTypes: string[];
}

export interface Operation {
  method: Method;
  description: string;
  operationId: string;
  tag: string;
  action?: string;
  gvk?: GroupVersionKind;
  params: Param[];
  requestBody?: Body & { required: boolean };
  responses: { code: string; description: string; body?: Body }[];
}

export interface PathItem {
  path: string;
  /** Parameters every operation of the path takes, hoisted as upstream does. */
  params: Param[];
  operations: Operation[];
}

/** Content types every object response comes in. */
export const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
/** The watch-stream content types list and watch responses add. */
export const STREAM_TYPES = ['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];
/** Content types of PATCH bodies for built-in kinds; kubectl's client-side apply looks for SMP. */
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];
/** The PATCH content types of `r`: custom resources take no strategic merge patch. */
export const patchTypesOf = (r: { custom?: unknown }) =>
  r.custom ? PATCH_TYPES.filter((t) => t !== 'application/strategic-merge-patch+json') : PATCH_TYPES;
/** The package of the meta types (Status, DeleteOptions, Patch …). */
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** The 401 every operation documents. */
export const UNAUTHORIZED = { code: '401', description: 'Unauthorized' };

/** `foo` → `Foo`. */
export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `apps` → `Apps`, `rbac.authorization.k8s.io` → `RbacAuthorization`, core → `Core`. */
export function groupCamel(group: string): string {
  return group === ''
    ? 'Core'
    : group
        .replace(/\.k8s\.io$/, '')
        .split('.')
        .map(cap)
        .join('');
}

/** The operation tag of a group-version: `apps_v1`, `core_v1`, `rbacAuthorization_v1`. */
export function tagOf(group: string, version?: string): string {
  const camel = groupCamel(group);
  const name = camel.charAt(0).toLowerCase() + camel.slice(1);
  return version ? `${name}_${version}` : name;
}

/** ` a `, ` an `, or ` ` before a plural, as upstream's installer words descriptions. */
export const article = (noun: string) =>
  noun.endsWith('s') && !noun.endsWith('ss') ? ' ' : /^[AEIOU]/.test(noun) ? ' an ' : ' a ';

/** The definition name of a group/version/kind, built-in or (`custom`) a custom resource's. */
export const definitionOf = (gvk: GroupVersionKind, custom = false) =>
  (custom ? customDefinitionPrefix : definitionPrefix)(gvk.group, gvk.version) + gvk.kind;

/** A body of definition `schema` in the object content types. */
export const objectBody = (schema: string): Body => ({ schema, contentTypes: OBJECT_TYPES });
/** A 200 response. */
export const ok = (body?: Body) => ({ code: '200', description: 'OK', body });
const CREATED: [string, string] = ['201', 'Created'];
const ACCEPTED: [string, string] = ['202', 'Accepted'];
/** Status codes besides 200 OK, by action, as upstream documents them. */
const MORE_CODES: Record<string, [string, string][]> = {
  post: [CREATED, ACCEPTED],
  put: [CREATED],
  patch: [CREATED],
  delete: [ACCEPTED],
};
/** The responses of an action (`post`, `put`, `patch`, `delete`, others) returning `schema`. */
export const responsesFor = (action: string, schema: string) => [
  ...[['200', 'OK'], ...(MORE_CODES[action] ?? [])].map(([code, description]) => ({
    code,
    description,
    body: objectBody(schema),
  })),
  UNAUTHORIZED,
];

/** Moves the parameters all operations of a path share to the path, and sorts both lists. */
export function finish(path: string, operations: Operation[]): PathItem {
  const key = (p: Param) => `${p.in}:${p.name}`;
  const sort = (ps: Param[]) => [...ps].sort((a, b) => (a.name === b.name ? cmp(a.in, b.in) : cmp(a.name, b.name)));
  const common = operations[0].params.filter((p) => operations.every((op) => op.params.some((q) => key(q) === key(p))));
  const hoisted = new Set(common.map(key));
  for (const op of operations) op.params = sort(op.params.filter((p) => !hoisted.has(key(p))));
  return { path, params: sort(common), operations };
}

/** Code-unit order, as Go sorts strings. */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

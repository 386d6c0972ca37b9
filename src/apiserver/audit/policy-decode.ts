/**
 * Decoding an audit Policy document the way upstream's audit scheme does (`LoadPolicyFromBytes`):
 * YAML 1.1 (or JSON), the apiVersion/kind resolved against the scheme, fields type-checked with
 * encoding/json's wording, unknown fields reported as strict-decoding errors (upstream then falls
 * back to lenient decoding, so they are only warned about).
 */
import { parseAllDocuments } from 'yaml';

/** Thrown with the exact message upstream's loader fails with. */
export class PolicyLoadError extends Error {
  override name = 'PolicyLoadError';
}

/**
 * Where upstream's audit scheme is created (`runtime.NewScheme()` in pkg/audit/scheme.go): part of
 * the "no kind is registered" message. The line is that of release-1.32's file.
 */
export const AUDIT_SCHEME_NAME = 'pkg/audit/scheme.go:31';

const FIND_KIND_TYPE =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** A JSON-ish field schema: the Go type's name and how to check it. */
type Spec =
  | { go: string; t: 'string' | 'bool' | 'any' }
  | { go: string; t: 'slice'; elem: Spec }
  | { go: string; t: 'struct'; name: string; fields: Record<string, Spec> };

const str: Spec = { go: 'string', t: 'string' };
const strs: Spec = { go: '[]string', t: 'slice', elem: str };
const stages: Spec = { go: '[]v1.Stage', t: 'slice', elem: { go: 'v1.Stage', t: 'string' } };
const bool: Spec = { go: 'bool', t: 'bool' };
const groupResources: Spec = {
  go: 'v1.GroupResources',
  t: 'struct',
  name: 'GroupResources',
  fields: { group: str, resources: strs, resourceNames: strs },
};
const policyRule: Spec = {
  go: 'v1.PolicyRule',
  t: 'struct',
  name: 'PolicyRule',
  fields: {
    level: { go: 'v1.Level', t: 'string' },
    users: strs,
    userGroups: strs,
    verbs: strs,
    resources: { go: '[]v1.GroupResources', t: 'slice', elem: groupResources },
    namespaces: strs,
    nonResourceURLs: strs,
    omitStages: stages,
    omitManagedFields: bool,
  },
};
const policySpec: Spec = {
  go: 'v1.Policy',
  t: 'struct',
  name: 'Policy',
  fields: {
    apiVersion: str,
    kind: str,
    metadata: { go: 'v1.ObjectMeta', t: 'any' },
    rules: { go: '[]v1.PolicyRule', t: 'slice', elem: policyRule },
    omitStages: stages,
    omitManagedFields: bool,
  },
};

/** encoding/json's name for the kind of a JSON value. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

interface Walk {
  typeError?: string;
  unknown: string[];
}

/** Checks `v` against `spec`, returning the value with unknown fields dropped (or undefined on a type error). */
function check(v: unknown, spec: Spec, struct: string, field: string, at: string, w: Walk): unknown {
  if (v === null || v === undefined) return undefined; // null leaves Go's zero value
  if (v instanceof Date) v = v.toISOString();
  const fail = () => {
    w.typeError ??= `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${field} of type ${spec.go}`;
    return undefined;
  };
  switch (spec.t) {
    case 'any':
      return v;
    case 'string':
      return typeof v === 'string' ? v : fail();
    case 'bool':
      return typeof v === 'boolean' ? v : fail();
    case 'slice': {
      if (!Array.isArray(v)) return fail();
      const out: unknown[] = [];
      v.forEach((item, i) => out.push(check(item, spec.elem, struct, field, `${at}[${i}]`, w) ?? zero(spec.elem)));
      return out;
    }
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v)) return fail();
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const fs = spec.fields[k];
        const path = at ? `${at}.${k}` : k;
        if (!fs) {
          w.unknown.push(path);
          continue;
        }
        const got = check(item, fs, spec.name, field ? `${field}.${k}` : k, path, w);
        if (got !== undefined) out[k] = got;
      }
      return out;
    }
  }
}

function zero(spec: Spec): unknown {
  return spec.t === 'string' ? '' : spec.t === 'bool' ? false : spec.t === 'struct' ? {} : undefined;
}

/** The decoded document: plain data in the Policy's shape, not yet validated, and strict-decoding complaints. */
export interface DecodedPolicy {
  body: Record<string, unknown>;
  /** `strict decoding error: unknown field "…"` when there were unknown fields, else undefined. */
  strictError?: string;
}

/**
 * Parses and type-checks a Policy document. Throws `PolicyLoadError` with upstream's message for
 * syntax errors, type mismatches, a group/version/kind the audit scheme does not know, and a
 * document with neither apiVersion nor kind (`unknown group version field …`).
 */
export function decodePolicy(text: string): DecodedPolicy {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (first && first.errors.length > 0) {
    throw new PolicyLoadError(`failed decoding: ${first.errors[0].message.split('\n')[0]}`);
  }
  const raw: unknown = first ? first.toJS({ maxAliasCount: 100 }) : null;
  const doc = raw ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PolicyLoadError(
      `failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(doc)} into Go value of type ${FIND_KIND_TYPE}`,
    );
  }
  const o = doc as Record<string, unknown>;
  for (const k of ['apiVersion', 'kind'] as const) {
    if (o[k] !== undefined && o[k] !== null && typeof o[k] !== 'string') {
      throw new PolicyLoadError(
        `failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(o[k])} into Go struct field .${k} of type string`,
      );
    }
  }
  const gvk = resolveGVK((o.apiVersion as string | undefined) ?? '', (o.kind as string | undefined) ?? '');
  const known = gvk.group === 'audit.k8s.io' && gvk.kind === 'Policy';
  if (!known || (gvk.version !== 'v1' && gvk.version !== '__internal')) {
    const gv = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    throw new PolicyLoadError(
      `failed decoding: no kind ${JSON.stringify(gvk.kind)} is registered for version ${JSON.stringify(gv)} in scheme ${JSON.stringify(AUDIT_SCHEME_NAME)}`,
    );
  }
  const w: Walk = { unknown: [] };
  const body = check(o, policySpec, 'Policy', '', '', w) as Record<string, unknown>;
  if (w.typeError) throw new PolicyLoadError(`failed decoding: ${w.typeError}`);
  if (gvk.version !== 'v1') {
    throw new PolicyLoadError(`unknown group version field ${gvk.group}/${gvk.version}, Kind=${gvk.kind} in policy`);
  }
  const strictError = w.unknown.length
    ? `strict decoding error: ${w.unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`
    : undefined;
  return { body, strictError };
}

/**
 * The group/version/kind a serializer decodes into: the document's, with what is missing taken from
 * the target type (the internal Policy, `audit.k8s.io/__internal`), as `gvkWithDefaults` does.
 */
function resolveGVK(apiVersion: string, kind: string): { group: string; version: string; kind: string } {
  let group = '';
  let version = '';
  if (apiVersion) {
    const parts = apiVersion.split('/');
    if (parts.length > 2) throw new PolicyLoadError(`failed decoding: unexpected GroupVersion string: ${apiVersion}`);
    if (parts.length === 2) [group, version] = parts;
    else version = apiVersion;
  }
  const def = { group: 'audit.k8s.io', version: '__internal', kind: 'Policy' };
  if (!kind) kind = def.kind;
  if (!version && !group) {
    group = def.group;
    version = def.version;
  }
  if (!version && group === def.group) version = def.version;
  return { group, version, kind };
}

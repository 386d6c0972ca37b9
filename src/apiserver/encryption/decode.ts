/**
 * Strict decoding of an `EncryptionConfiguration` document (YAML or JSON), as upstream's strict
 * universal decoder does it: the type must be `apiserver.config.k8s.io/v1`
 * `EncryptionConfiguration`, field types must match, and unknown fields are errors. JSON `null`
 * reads as absent. Messages follow upstream's where they are stable (Go's struct and scheme
 * names are approximated).
 */
import { parse } from 'yaml';
import { ENCRYPTION_CONFIG_API_VERSION, ENCRYPTION_CONFIG_KIND, type EncryptionConfiguration } from './types.js';

type Schema = 'string' | 'number' | 'any' | { list: Schema } | { struct: string; fields: Record<string, Schema> };

const KEYS: Schema = {
  struct: 'AESConfiguration',
  fields: { keys: { list: { struct: 'Key', fields: { name: 'string', secret: 'string' } } } },
};
const SECRETBOX: Schema = { ...KEYS, struct: 'SecretboxConfiguration' };
const KMS: Schema = {
  struct: 'KMSConfiguration',
  fields: { apiVersion: 'string', name: 'string', cachesize: 'number', endpoint: 'string', timeout: 'any' },
};
const PROVIDER: Schema = {
  struct: 'ProviderConfiguration',
  fields: {
    aesgcm: KEYS,
    aescbc: KEYS,
    secretbox: SECRETBOX,
    identity: { struct: 'IdentityConfiguration', fields: {} },
    kms: KMS,
  },
};
const ROOT: Schema = {
  struct: 'EncryptionConfiguration',
  fields: {
    apiVersion: 'string',
    kind: 'string',
    resources: {
      list: {
        struct: 'ResourceConfiguration',
        fields: { resources: { list: 'string' }, providers: { list: PROVIDER } },
      },
    },
  },
};

interface Walk {
  typeError?: string;
  unknown: string[];
}

const jsonKind = (v: unknown): string =>
  Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;

const goType = (s: Schema): string =>
  typeof s === 'string'
    ? ({ string: 'string', number: 'int32', any: 'interface {}' } as const)[s]
    : 'list' in s
      ? `[]${goType(s.list)}`
      : `apiserver.${s.struct}`;

/** Checks `value` against `schema`, normalising nulls away; records the first type error. */
function walk(value: unknown, schema: Schema, path: string, goPath: string, owner: string, w: Walk): unknown {
  if (value === null || value === undefined || schema === 'any') return value ?? undefined;
  const mismatch = () => {
    w.typeError ??= `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${owner}.${goPath} of type ${goType(schema)}`;
    return undefined;
  };
  if (schema === 'string') return typeof value === 'string' ? value : mismatch();
  if (schema === 'number') return typeof value === 'number' ? value : mismatch();
  if ('list' in schema) {
    if (!Array.isArray(value)) return mismatch();
    return value.map((v, i) => walk(v, schema.list, `${path}[${i}]`, goPath, owner, w) ?? emptyOf(schema.list));
  }
  if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${k}` : k;
    const field = schema.fields[k];
    if (!field) {
      w.unknown.push(`unknown field ${JSON.stringify(childPath)}`);
      continue;
    }
    const child = walk(v, field, childPath, goPath ? `${goPath}.${k}` : k, schema.struct, w);
    if (child !== undefined) out[k] = child;
  }
  return out;
}

/** The zero value Go leaves in a list slot that held `null`. */
const emptyOf = (s: Schema): unknown => (s === 'string' ? '' : s === 'number' ? 0 : {});

/**
 * Decodes `text` into an {@link EncryptionConfiguration} (lists defaulted to `[]`, keys' name and
 * secret to `''`). Throws an Error worded as upstream's decoder would.
 */
export function decodeEncryptionConfiguration(text: string): EncryptionConfiguration {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`error converting YAML to JSON: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(doc)} into Go value of type struct { APIVersion string; Kind string }`,
    );
  }
  const { apiVersion, kind } = doc as Record<string, unknown>;
  if (typeof kind !== 'string' || kind === '') throw new Error(`Object 'Kind' is missing in '${text.trim()}'`);
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw new Error(`Object 'apiVersion' is missing in '${text.trim()}'`);
  }
  if (apiVersion !== ENCRYPTION_CONFIG_API_VERSION || kind !== ENCRYPTION_CONFIG_KIND) {
    throw new Error(
      `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go"`,
    );
  }
  const w: Walk = { unknown: [] };
  const out = walk(doc, ROOT, '', '', 'EncryptionConfiguration', w) as Record<string, unknown>;
  if (w.typeError) throw new Error(w.typeError);
  if (w.unknown.length > 0) throw new Error(`strict decoding error: ${w.unknown.join(', ')}`);
  return normalise(out);
}

/** Fills in the lists and strings Go would hold as empty values. */
function normalise(raw: Record<string, unknown>): EncryptionConfiguration {
  const config = raw as unknown as EncryptionConfiguration;
  config.resources ??= [];
  for (const rule of config.resources) {
    rule.resources ??= [];
    rule.providers ??= [];
    for (const p of rule.providers) {
      for (const keyed of [p.aescbc, p.aesgcm, p.secretbox]) {
        if (!keyed) continue;
        keyed.keys ??= [];
        for (const k of keyed.keys) {
          k.name ??= '';
          k.secret ??= '';
        }
      }
    }
  }
  return config;
}

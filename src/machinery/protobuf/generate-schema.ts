/**
 * Writes schema-data.ts: the protobuf schema of every kind the apiserver serves, derived from the
 * gogo FileDescriptorProtos that kubectl 1.32 (k8s.io/api, apimachinery) and helm 3.17
 * (apiextensions-apiserver, built against k8s.io 0.32) carry inside their binaries. Only the
 * messages reachable from the served kinds are written.
 *
 *   node --import tsx src/machinery/protobuf/generate-schema.ts [kubectl-binary] [helm-binary]
 *
 * The output is formatted with the repository's prettier settings.
 *
 * Both default to the copies test/e2e/support unpacks under node_modules/.cache/k8ts/.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as prettier from 'prettier';

import { RESOURCES, apiVersionOf } from '../../api/resources.js';
import { descriptorsInBinary, type FieldDescriptor, type MessageDescriptor } from './descriptor.js';
import {
  FLAG_ALWAYS,
  FLAG_INLINE,
  FLAG_MAP,
  FLAG_POINTER,
  FLAG_REPEATED,
  META_KINDS,
  messageKeyFor,
} from './schema-notation.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');

function findCached(name: string): string {
  const cache = join(root, 'node_modules/.cache/k8ts');
  for (const d of readdirSync(cache)) if (d.startsWith('layer-')) return join(cache, d, name, name);
  throw new Error(`no ${name} under ${cache}; pass its path`);
}

/** Short message keys, as schema.ts's messageKeyFor builds them. */
const PREFIXES: [string, string][] = [
  ['k8s.io.apimachinery.pkg.apis.meta.v1.', 'meta.v1.'],
  ['k8s.io.apimachinery.pkg.runtime.schema.', 'schema.'],
  ['k8s.io.apimachinery.pkg.runtime.', 'runtime.'],
  ['k8s.io.apimachinery.pkg.api.resource.', 'resource.'],
  ['k8s.io.apimachinery.pkg.util.intstr.', 'intstr.'],
  ['k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.', 'apiextensions.'],
  ['k8s.io.api.', ''],
];
const shortName = (full: string): string => {
  for (const [p, s] of PREFIXES) if (full.startsWith(p)) return s + full.slice(p.length);
  return full;
};

/**
 * Go fields embedded with `json:",inline"` other than TypeMeta: their message's fields sit in the
 * parent's JSON object. Found by comparing each message with kubernetes-types' declarations.
 */
const INLINE = new Set([
  'core.v1.Volume.volumeSource',
  'core.v1.PersistentVolumeSpec.persistentVolumeSource',
  'core.v1.Probe.handler',
  'core.v1.EphemeralContainer.ephemeralContainerCommon',
  'core.v1.ConfigMapKeySelector.localObjectReference',
  'core.v1.SecretKeySelector.localObjectReference',
  'core.v1.ConfigMapEnvSource.localObjectReference',
  'core.v1.SecretEnvSource.localObjectReference',
  'core.v1.ConfigMapVolumeSource.localObjectReference',
  'core.v1.ConfigMapProjection.localObjectReference',
  'core.v1.SecretProjection.localObjectReference',
  'admissionregistration.v1.RuleWithOperations.rule',
  'networking.v1.IngressRule.ingressRuleValue',
]);

/** Proto names that are not the JSON name (the Go field's protobuf tag names it differently). */
const RENAMED: Record<string, string> = {
  'admissionregistration.v1.MutatingWebhookConfiguration.Webhooks': 'webhooks',
  'admissionregistration.v1.ValidatingWebhookConfiguration.Webhooks': 'webhooks',
  'authentication.v1.BoundObjectReference.uID': 'uid',
  'networking.v1.IngressClassParametersReference.aPIGroup': 'apiGroup',
};

/** JSON names that differ from the proto name (apiextensions' `$ref` and `x-kubernetes-*`). */
function jsonName(message: string, proto: string): string {
  const renamed = RENAMED[`${message}.${proto}`];
  if (renamed) return renamed;
  if (!message.startsWith('apiextensions.')) return proto;
  if (message.endsWith('.JSONSchemaProps') && (proto === 'ref' || proto === 'schema')) return `$${proto}`;
  if (proto.startsWith('xKubernetes')) return proto.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return proto;
}

/**
 * Required properties per kubernetes-types interface (`core/v1.d.ts` PodSpec → containers): the
 * fields without `omitempty`, which upstream's JSON writes even when zero.
 */
const requiredCache = new Map<string, Map<string, Set<string>>>();
function requiredFields(messageKey: string): Set<string> {
  const parts = messageKey.split('.');
  const name = parts.pop()!;
  const file = join(root, 'node_modules/kubernetes-types', `${parts.join('/')}.d.ts`);
  let byInterface = requiredCache.get(file);
  if (!byInterface) {
    byInterface = new Map();
    requiredCache.set(file, byInterface);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // no declarations for this package (resource, intstr, runtime)
    }
    for (const m of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
      const required = new Set<string>();
      for (const p of m[2].matchAll(/^ {4}("[^"]+"|[\w$]+):/gm)) required.add(p[1].replace(/"/g, ''));
      byInterface.set(m[1], required);
    }
  }
  return byInterface.get(name) ?? new Set();
}

const SCALARS: Record<string, string> = {
  string: 's',
  int32: 'i32',
  int64: 'i64',
  uint32: 'u32',
  uint64: 'u64',
  bool: 'b',
  double: 'd',
  float: 'f',
  bytes: 'y',
};

const files = [
  ...descriptorsInBinary(readFileSync(process.argv[2] ?? findCached('kubectl')), 'k8s.io/'),
  ...descriptorsInBinary(readFileSync(process.argv[3] ?? findCached('helm')), 'k8s.io/apiextensions-apiserver/'),
];
const all = new Map<string, MessageDescriptor>();
for (const f of files) for (const m of f.messages) if (!all.has(m.fullName)) all.set(m.fullName, m);
const byShort = new Map<string, MessageDescriptor>();
for (const m of all.values()) {
  if (m.fullName.startsWith('k8s.io.')) byShort.set(shortName(m.fullName), m);
}

/** Root kinds: apiVersion → kinds, with List kinds and the subresource kinds. */
const roots = new Map<string, Set<string>>();
const addRoot = (apiVersion: string, kind: string) => {
  if (!byShort.has(messageKeyFor(apiVersion, kind))) return false;
  let s = roots.get(apiVersion);
  if (!s) roots.set(apiVersion, (s = new Set()));
  s.add(kind);
  return true;
};
for (const r of RESOURCES) {
  const av = apiVersionOf(r);
  if (!addRoot(av, r.kind)) throw new Error(`no message for ${av} ${r.kind}`);
  addRoot(av, `${r.kind}List`);
  for (const s of r.subresources) {
    const gv = s.responseKind.group || s.responseKind.version ? apiVersionOf(s.responseKind) : av;
    addRoot(gv, s.responseKind.kind);
  }
}
for (const k of META_KINDS) addRoot('meta.k8s.io/v1', k);
addRoot('meta.k8s.io/v1', 'PartialObjectMetadata');
addRoot('meta.k8s.io/v1', 'PartialObjectMetadataList');

type FieldTuple = [string, number, string, number?];
const out = new Map<string, FieldTuple[]>();
const queue: string[] = [];
for (const [av, kinds] of roots) for (const k of kinds) queue.push(messageKeyFor(av, k));

function fieldTuple(msg: string, f: FieldDescriptor): FieldTuple {
  let flags = 0;
  let type: string;
  if (f.type === 'message') {
    const target = all.get(f.typeName!);
    if (!target) throw new Error(`${msg}.${f.name}: unknown type ${f.typeName}`);
    if (target.mapEntry) {
      const [key, value] = target.fields;
      if (key.type !== 'string') throw new Error(`${msg}.${f.name}: map key ${key.type}`);
      flags |= FLAG_MAP;
      type = value.type === 'message' ? shortName(value.typeName!) : SCALARS[value.type];
      if (value.type === 'message') queue.push(type);
    } else {
      type = shortName(f.typeName!);
      queue.push(type);
      if (f.repeated) flags |= FLAG_REPEATED;
    }
  } else {
    type = SCALARS[f.type];
    if (!type) throw new Error(`${msg}.${f.name}: ${f.type}`);
    if (f.repeated) flags |= FLAG_REPEATED;
    if (f.packed) throw new Error(`${msg}.${f.name}: packed`);
  }
  if (f.nullable && !f.repeated) flags |= FLAG_POINTER;
  else if (!f.repeated && requiredFields(msg).has(jsonName(msg, f.name))) flags |= FLAG_ALWAYS;
  if (INLINE.has(`${msg}.${f.name}`)) flags |= FLAG_INLINE;
  const t: FieldTuple = [jsonName(msg, f.name), f.number, type];
  if (flags) t.push(flags);
  return t;
}

while (queue.length) {
  const key = queue.shift()!;
  if (out.has(key)) continue;
  const m = byShort.get(key);
  if (!m) throw new Error(`message ${key} not found`);
  out.set(
    key,
    m.fields.map((f) => fieldTuple(key, f)),
  );
}

const used = new Set([...INLINE].map((s) => s.slice(0, s.lastIndexOf('.'))));
for (const u of used) if (!out.has(u)) console.warn(`INLINE entry for unreachable ${u}`);

const lines: string[] = [];
lines.push('/**');
lines.push(' * The protobuf schema of every served kind, generated by generate-schema.ts from the gogo');
lines.push(' * descriptors in kubectl 1.32.3 and helm 3.17.2 (apiextensions). Do not edit; regenerate.');
lines.push(' * Each field: [JSON name, field number, type, flags] — see schema-notation.ts for the notation.');
lines.push(' */');
lines.push("import type { FieldSchema } from './schema-notation.js';");
lines.push('');
lines.push('/** apiVersion → the kinds that are encoded as top-level objects. */');
lines.push('export const ROOT_KINDS: Record<string, readonly string[]> = {');
for (const [av, kinds] of [...roots].sort(([a], [b]) => a.localeCompare(b))) {
  lines.push(`  ${JSON.stringify(av)}: ${JSON.stringify([...kinds].sort())},`);
}
lines.push('};');
lines.push('');
lines.push('/** Message key → fields in Go struct order (the order upstream writes JSON in). */');
lines.push('export const MESSAGES: Record<string, readonly FieldSchema[]> = {');
for (const key of [...out.keys()].sort()) {
  const fields = out.get(key)!;
  lines.push(`  ${JSON.stringify(key)}: [`);
  for (const f of fields) lines.push(`    ${JSON.stringify(f)},`);
  lines.push('  ],');
}
lines.push('};');
const target = join(here, 'schema-data.ts');
const options = (await prettier.resolveConfig(target)) ?? {};
writeFileSync(target, await prettier.format(lines.join('\n') + '\n', { ...options, filepath: target }));
console.log(`wrote ${out.size} messages, ${[...roots.values()].reduce((n, s) => n + s.size, 0)} kinds`);

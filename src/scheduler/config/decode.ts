/**
 * Decoding as upstream's `scheme.Codecs.UniversalDecoder()` does for kube-scheduler: find the
 * apiVersion and kind, insist they are registered, decode strictly, then decode each in-tree
 * plugin's args as its own kind (upstream's `DecodeNestedObjects`). Every failure is a ConfigError
 * carrying upstream's message.
 */
import { ARGS_KINDS, KINDS } from './schema.js';
import { parseSource, toPlain } from './source.js';
import type { JNode } from './source.js';
import { API_VERSION, ConfigError, GROUP, KIND, SCHEME_NAME, VERSION } from './types.js';
import type { Loose, SchedulerConfiguration } from './types.js';
import { checkTree, materialize } from './walk.js';

interface GVK {
  group: string;
  version: string;
  kind: string;
}

const FIND_KIND_TYPE =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

class DecodeError extends Error {}

const groupVersion = (g: GVK) => (g.group ? `${g.group}/${g.version}` : g.version);
const groupKind = (kind: string, group: string) => (group ? `${kind}.${group}` : kind);
const strictError = (errs: string[]) => `strict decoding error: ${errs.join(', ')}`;

/**
 * Decodes config text into a v1 KubeSchedulerConfiguration, not yet defaulted. Plugin args of the
 * in-tree kinds come back with their `apiVersion` and `kind` set; other args as given.
 */
export function decodeConfig(text: string, source?: string): Loose<SchedulerConfiguration> {
  try {
    return decode(text, source);
  } catch (e) {
    if (e instanceof DecodeError) throw new ConfigError(e.message, source);
    throw e;
  }
}

function decode(text: string, source?: string): Loose<SchedulerConfiguration> {
  const parsed = parseSource(text, source);
  const gvk = interpret(parsed.root);
  if (!gvk.kind) throw new DecodeError(`Object 'Kind' is missing in '${text}'`);
  if (!gvk.version) throw new DecodeError(`Object 'apiVersion' is missing in '${text}'`);
  const schema = registered(gvk);

  const top = checkTree(parsed.root, schema, parsed.json);
  if (top.error) throw new DecodeError(top.error);
  const strict = parsed.duplicateKeys ? [parsed.duplicateKeys, ...top.strict] : [...top.strict];

  const obj = materialize(parsed.root, schema) as Record<string, unknown>;
  if (gvk.kind !== KIND) {
    if (strict.length) throw new DecodeError(strictError(strict));
    throw new DecodeError(
      `couldn't decode as KubeSchedulerConfiguration, got ${groupVersion(gvk)}, Kind=${gvk.kind}: `,
    );
  }

  const profileNodes = objectField(parsed.root, 'profiles');
  const profiles = (obj.profiles ?? []) as { pluginConfig?: { name?: string; args?: unknown }[] }[];
  profiles.forEach((profile, i) => {
    const configNodes = objectField(profileNodes?.kind === 'array' ? profileNodes.items[i] : undefined, 'pluginConfig');
    profile.pluginConfig?.forEach((pc, j) => {
      const argsNode = objectField(configNodes?.kind === 'array' ? configNodes.items[j] : undefined, 'args');
      const where = `decoding .profiles[${i}].pluginConfig[${j}]`;
      try {
        const r = decodeArgs(pc.name ?? '', argsNode);
        if (r.strict) strict.push(`${where}: ${r.strict}`);
        if (r.args === undefined) delete pc.args;
        else pc.args = r.args;
      } catch (e) {
        if (e instanceof DecodeError) throw new DecodeError(`${where}: ${e.message}`);
        throw e;
      }
    });
  });
  if (strict.length) throw new DecodeError(strictError(strict));
  return obj as Loose<SchedulerConfiguration>;
}

/** The value of an object's key (the last, as Go keeps), or undefined. */
function objectField(n: JNode | undefined, key: string): JNode | undefined {
  if (n?.kind !== 'object') return undefined;
  let found: JNode | undefined;
  for (const [k, v] of n.pairs) if (k === key) found = v;
  return found;
}

/** Upstream's `SimpleMetaFactory.Interpret`: apiVersion and kind read as plain JSON. */
function interpret(root: JNode): GVK {
  const prefix = "couldn't get version/kind; json parse error: ";
  if (root.kind === 'null') return { group: '', version: '', kind: '' };
  if (root.kind !== 'object')
    throw new DecodeError(`${prefix}json: cannot unmarshal ${root.kind} into Go value of type ${FIND_KIND_TYPE}`);
  const read = (key: string): string => {
    const v = objectField(root, key);
    if (!v || v.kind === 'null') return '';
    if (v.kind !== 'string')
      throw new DecodeError(`${prefix}json: cannot unmarshal ${v.kind} into Go struct field .${key} of type string`);
    return v.value;
  };
  const apiVersion = read('apiVersion');
  const kind = read('kind');
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '', kind };
  const parts = apiVersion.split('/');
  if (parts.length > 2) throw new DecodeError(`unexpected GroupVersion string: ${apiVersion}`);
  return parts.length === 1 ? { group: '', version: apiVersion, kind } : { group: parts[0], version: parts[1], kind };
}

function registered(gvk: GVK) {
  const schema = gvk.group === GROUP && gvk.version === VERSION ? KINDS[gvk.kind] : undefined;
  if (!schema)
    throw new DecodeError(
      `no kind "${gvk.kind}" is registered for version "${groupVersion(gvk)}" in scheme "${SCHEME_NAME}"`,
    );
  return schema;
}

/**
 * One plugin's args (upstream's `PluginConfig.decodeNestedObjects`): out-of-tree args stay as
 * given; in-tree ones decode strictly as `<name>Args`, whose kind they may restate.
 */
function decodeArgs(name: string, node: JNode | undefined): { args?: unknown; strict?: string } {
  const expected = `${name}Args`;
  if (!Object.hasOwn(ARGS_KINDS, expected)) return { args: node ? (toPlain(node) ?? undefined) : undefined };
  const typed = (obj: Record<string, unknown>) => ({ ...obj, kind: expected, apiVersion: API_VERSION });
  if (!node || node.kind === 'null') return { args: typed({}) };

  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DecodeError) throw new DecodeError(`decoding args for plugin ${name}: ${e.message}`);
      throw e;
    }
  };
  const actual = wrap(() => interpret(node));
  if (!actual.kind) actual.kind = expected;
  if (!actual.version && !actual.group) {
    actual.group = GROUP;
    actual.version = VERSION;
  }
  if (!actual.version && actual.group === GROUP) actual.version = VERSION;
  if (!actual.version)
    throw new DecodeError(
      `decoding args for plugin ${name}: Object 'apiVersion' is missing in '${JSON.stringify(toPlain(node))}'`,
    );
  const schema = wrap(() => registered(actual));

  const r = checkTree(node, schema, true);
  if (r.error) throw new DecodeError(`decoding args for plugin ${name}: ${r.error}`);
  if (actual.kind !== expected || actual.group !== GROUP)
    throw new DecodeError(
      `args for plugin ${name} were not of type ${groupKind(expected, GROUP)}, got ${groupKind(actual.kind, actual.group)}`,
    );
  return {
    args: typed(materialize(node, schema) as Record<string, unknown>),
    strict: r.strict.length ? strictError([`decoding args for plugin ${name}: ${strictError(r.strict)}`]) : undefined,
  };
}

/**
 * Building the per-resource transformers from a validated configuration, as upstream's
 * `getTransformerOverridesAndKMSPluginProbes` and `prefixTransformersAndProbes`
 * (`staging/src/k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go`).
 */
import { aesCbcTransformer, aesGcmTransformer } from './aes.js';
import { decodeStdBase64 } from './base64.js';
import { groupResourceKey, groupResourceYAML, parseGroupResource } from './group-resource.js';
import { identityTransformer } from './identity.js';
import { prefixTransformers, type PrefixTransformer } from './prefix.js';
import { secretboxTransformer } from './secretbox.js';
import type { EncryptionConfiguration, Key, ProviderConfiguration, Transformer } from './types.js';

/** Stored-value prefixes, exactly as upstream writes them (the key name and `:` follow). */
export const AESCBC_PREFIX = 'k8s:enc:aescbc:v1:';
export const AESGCM_PREFIX = 'k8s:enc:aesgcm:v1:';
export const SECRETBOX_PREFIX = 'k8s:enc:secretbox:v1:';

/** One prefix transformer per key (`<name>:`), the first key writing; then the provider prefix. */
function keyedProvider(
  keys: readonly Key[],
  prefix: string,
  noMatch: string,
  make: (k: Buffer) => Transformer,
): PrefixTransformer {
  const perKey = keys.map((key): PrefixTransformer => {
    const material = decodeStdBase64(key.secret);
    if (!material) throw new Error(`could not obtain secret for named key ${key.name}: illegal base64 data`);
    return { prefix: Buffer.from(`${key.name}:`), transformer: make(material) };
  });
  return { prefix: Buffer.from(prefix), transformer: prefixTransformers(noMatch, perKey) };
}

/** The prefix transformer for one provider entry (validated: exactly one member, not KMS). */
export function providerTransformer(provider: ProviderConfiguration): PrefixTransformer {
  if (provider.aesgcm) {
    return keyedProvider(
      provider.aesgcm.keys,
      AESGCM_PREFIX,
      'no matching key was found for the provided AES transformer',
      aesGcmTransformer,
    );
  }
  if (provider.aescbc) {
    return keyedProvider(
      provider.aescbc.keys,
      AESCBC_PREFIX,
      'no matching key was found for the provided AES transformer',
      aesCbcTransformer,
    );
  }
  if (provider.secretbox) {
    return keyedProvider(
      provider.secretbox.keys,
      SECRETBOX_PREFIX,
      'no matching key was found for the provided Secretbox transformer',
      secretboxTransformer,
    );
  }
  if (provider.identity) return { prefix: Buffer.alloc(0), transformer: identityTransformer };
  throw new Error('provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity');
}

/**
 * Maps each configured group-resource (keyed by {@link groupResourceKey}) to its transformer. A
 * resource named in several rules gets all of their providers, in file order. A rule naming a
 * resource already covered by an earlier `*.group` or `*.*` rule is an error (upstream's
 * `resource "x" is masked by earlier rule "y"`).
 */
export function buildOverrides(config: EncryptionConfiguration): Map<string, Transformer> {
  const lists = new Map<string, PrefixTransformer[]>();
  const anyAny = { group: '*', resource: '*' };
  for (const rule of config.resources) {
    const providers = rule.providers.map(providerTransformer);
    for (const resource of rule.resources) {
      const gr = parseGroupResource(resource);
      const anyInGroup = { group: gr.group, resource: '*' };
      for (const mask of [anyInGroup, anyAny]) {
        if (lists.has(groupResourceKey(mask))) {
          throw new Error(
            `resource ${JSON.stringify(groupResourceYAML(gr))} is masked by earlier rule ${JSON.stringify(groupResourceYAML(mask))}`,
          );
        }
      }
      const key = groupResourceKey(gr);
      lists.set(key, [...(lists.get(key) ?? []), ...providers]);
    }
  }
  const overrides = new Map<string, Transformer>();
  for (const [key, list] of lists) overrides.set(key, prefixTransformers('no matching prefix found', list));
  return overrides;
}

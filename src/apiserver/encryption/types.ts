/**
 * The `apiserver.config.k8s.io/v1` `EncryptionConfiguration` shapes (as kube-apiserver 1.32 reads
 * them from `--encryption-provider-config`) and the value transformer contract.
 */

/** The only accepted `apiVersion`. */
export const ENCRYPTION_CONFIG_API_VERSION = 'apiserver.config.k8s.io/v1';
/** The only accepted `kind`. */
export const ENCRYPTION_CONFIG_KIND = 'EncryptionConfiguration';

/** A named key; `secret` is the base64 (standard, padded) key material. */
export interface Key {
  name: string;
  secret: string;
}

/** `aescbc`, `aesgcm` and `secretbox` all carry a list of keys; the first one encrypts. */
export interface KeysConfiguration {
  keys: Key[];
}

/** Kept only so it can be refused: k8ts does not talk to KMS plugins. */
export interface KMSConfiguration {
  apiVersion?: string;
  name?: string;
  endpoint?: string;
  cachesize?: number;
  timeout?: string;
}

/** Exactly one member should be set (validation reports otherwise). */
export interface ProviderConfiguration {
  aesgcm?: KeysConfiguration;
  aescbc?: KeysConfiguration;
  secretbox?: KeysConfiguration;
  identity?: Record<string, never>;
  kms?: KMSConfiguration;
}

/** One rule: these resources (`secrets`, `deployments.apps`, `*.apps`, `*.`, `*.*`) use these providers. */
export interface ResourceConfiguration {
  resources: string[];
  providers: ProviderConfiguration[];
}

/** The decoded file. */
export interface EncryptionConfiguration {
  apiVersion: typeof ENCRYPTION_CONFIG_API_VERSION;
  kind: typeof ENCRYPTION_CONFIG_KIND;
  resources: ResourceConfiguration[];
}

/** What reading a stored value yields. */
export interface ReadResult {
  /** The plaintext. */
  data: Buffer;
  /**
   * True when the value was not written by the current write path (the first provider and its
   * first key), so rewriting it would move it onto the current key (upstream's `stale`).
   */
  stale: boolean;
}

/**
 * Turns values into their stored form and back, as upstream's `value.Transformer`. `key` is the
 * full storage key (e.g. `/registry/secrets/default/db`): upstream's authenticated data, which
 * AES-GCM binds the ciphertext to; the other providers ignore it.
 */
export interface Transformer {
  /** Encrypts (or not) `data` for storage under `key`. */
  toStorage(data: Buffer, key: string): Buffer;
  /** Reverses {@link toStorage}; throws an Error (upstream's wording) when it cannot. */
  fromStorage(data: Buffer, key: string): ReadResult;
}

/** A group and resource, as upstream's `schema.GroupResource` (core group is `''`). */
export interface GroupResource {
  group: string;
  resource: string;
}

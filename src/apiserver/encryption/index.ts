/**
 * Encryption of resources at rest, wire-compatible with kube-apiserver 1.32's
 * `--encryption-provider-config` (aescbc, aesgcm, secretbox, identity; KMS is refused).
 */
export { EncryptionConfigError, parseEncryptionConfig, transformerFor, type EncryptionConfig } from './config.js';
export { AESCBC_PREFIX, AESGCM_PREFIX, SECRETBOX_PREFIX } from './build.js';
export { ErrorList, FieldError } from './errors.js';
export { groupResourceKey, parseGroupResource } from './group-resource.js';
export type {
  EncryptionConfiguration,
  GroupResource,
  Key,
  KeysConfiguration,
  ProviderConfiguration,
  ReadResult,
  ResourceConfiguration,
  Transformer,
} from './types.js';

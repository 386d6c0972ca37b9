/** Test helpers: deterministic keys and configuration documents. */
import { parseEncryptionConfig, type EncryptionConfig } from './config.js';

/** `n` bytes all equal to `fill`. */
export const keyBytes = (n: number, fill = 1): Buffer => Buffer.alloc(n, fill);

/** The base64 secret for {@link keyBytes}. */
export const secret = (n: number, fill = 1): string => keyBytes(n, fill).toString('base64');

/** A rule as it appears in the file. */
export interface Rule {
  resources: string[];
  providers: unknown[];
}

/** The configuration document (JSON, which the YAML parser also reads). */
export function configText(rules: Rule[]): string {
  return JSON.stringify({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: rules,
  });
}

/** Parses {@link configText}. */
export const load = (rules: Rule[]): EncryptionConfig => parseEncryptionConfig(configText(rules));

/** A keyed provider entry, e.g. `keyed('aescbc', ['k1', 32, 1])`. */
export function keyed(type: 'aescbc' | 'aesgcm' | 'secretbox', ...keys: [name: string, size: number, fill: number][]) {
  return { [type]: { keys: keys.map(([name, size, fill]) => ({ name, secret: secret(size, fill) })) } };
}

/** The identity provider entry. */
export const identity = { identity: {} };

/** The storage key used throughout the tests. */
export const STORAGE_KEY = '/registry/secrets/default/db';

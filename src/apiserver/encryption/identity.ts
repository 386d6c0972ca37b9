/**
 * The identity transformer, as upstream's
 * `staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/identity/identity.go`: writes
 * plaintext, and refuses to read anything carrying the reserved `k8s:enc:` prefix.
 */
import type { ReadResult, Transformer } from './types.js';

/** The prefix reserved for encrypted values. */
export const ENCRYPTED_PREFIX = Buffer.from('k8s:enc:');

/** Plaintext in and out; reading encrypted data is an error. */
export const identityTransformer: Transformer = {
  toStorage(data: Buffer): Buffer {
    return data;
  },
  fromStorage(data: Buffer): ReadResult {
    if (data.subarray(0, ENCRYPTED_PREFIX.length).equals(ENCRYPTED_PREFIX)) {
      throw new Error('identity transformer tried to read encrypted data');
    }
    return { data, stale: false };
  },
};

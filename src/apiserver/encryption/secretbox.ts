/**
 * The secretbox value transformer, byte-compatible with upstream's
 * `staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/secretbox/secretbox.go`:
 * `nonce(24) || tag(16) || XSalsa20(plaintext)` (NaCl `secretbox.Seal` appended to the nonce).
 * The storage key is not authenticated (secretbox has no associated data).
 */
import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import type { ReadResult, Transformer } from './types.js';

const NONCE = 24;
const OVERHEAD = 16;

/** Secretbox with a random 24-byte nonce under a 32-byte key. */
export function secretboxTransformer(key: Buffer): Transformer {
  if (key.length !== 32) {
    throw new Error(`expected key size 32 for secretbox provider, got ${key.length}`);
  }
  const k = new Uint8Array(key);
  return {
    toStorage(data: Buffer): Buffer {
      const nonce = randomBytes(NONCE);
      return Buffer.concat([nonce, nacl.secretbox(new Uint8Array(data), new Uint8Array(nonce), k)]);
    },
    fromStorage(stored: Buffer): ReadResult {
      if (stored.length < NONCE + OVERHEAD) {
        throw new Error('the stored data was shorter than the required size');
      }
      const nonce = new Uint8Array(stored.subarray(0, NONCE));
      const opened = nacl.secretbox.open(new Uint8Array(stored.subarray(NONCE)), nonce, k);
      // Upstream's (odd) wording for a failed open.
      if (opened === null) throw new Error('output array was not large enough for encryption');
      return { data: Buffer.from(opened), stale: false };
    },
  };
}

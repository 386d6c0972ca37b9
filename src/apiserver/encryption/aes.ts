/**
 * The AES value transformers, byte-compatible with upstream's
 * `staging/src/k8s.io/apiserver/pkg/storage/value/encrypt/aes/aes.go` (before any prefix):
 *
 * - CBC: `iv(16) || AES-CBC(PKCS#7(plaintext))`; no integrity check (as upstream).
 * - GCM: `nonce(12) || ciphertext || tag(16)`; the storage key is the additional authenticated data.
 */
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';
import type { ReadResult, Transformer } from './types.js';

const BLOCK = 16;
const GCM_NONCE = 12;
const GCM_TAG = 16;

const TOO_SHORT = 'the stored data was shorter than the required size';
const NOT_BLOCK_MULTIPLE = 'the stored data is not a multiple of the block size';
const BAD_PKCS7_DATA = 'invalid PKCS7 data (empty or not padded)';
const BAD_PKCS7_PADDING = 'invalid padding on input';
/** Go's `crypto/cipher` GCM `Open` failure. */
const GCM_AUTH_FAILED = 'cipher: message authentication failed';

function algorithm(key: Buffer, mode: 'cbc' | 'gcm'): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new Error(`crypto/aes: invalid key size ${key.length}`);
  }
  return `aes-${key.length * 8}-${mode}`;
}

/**
 * AES-CBC with a random IV and PKCS#7 padding. Reading unpads exactly as upstream does (it accepts
 * any pad length up to the data length, which a stock PKCS#7 check would not).
 */
export function aesCbcTransformer(key: Buffer): Transformer {
  const alg = algorithm(key, 'cbc');
  return {
    toStorage(data: Buffer): Buffer {
      const iv = randomBytes(BLOCK);
      const pad = BLOCK - (data.length % BLOCK);
      const cipher = createCipheriv(alg, key, iv).setAutoPadding(false);
      const padded = Buffer.concat([data, Buffer.alloc(pad, pad)]);
      return Buffer.concat([iv, cipher.update(padded), cipher.final()]);
    },
    fromStorage(stored: Buffer): ReadResult {
      if (stored.length < BLOCK) throw new Error(TOO_SHORT);
      const body = stored.subarray(BLOCK);
      if (body.length % BLOCK !== 0) throw new Error(NOT_BLOCK_MULTIPLE);
      const decipher = createDecipheriv(alg, key, stored.subarray(0, BLOCK)).setAutoPadding(false);
      const plain = Buffer.concat([decipher.update(body), decipher.final()]);
      // Upstream would index out of range on an empty body; refusing it as unpadded is the sane reading.
      if (plain.length === 0) throw new Error(BAD_PKCS7_DATA);
      const pad = plain[plain.length - 1];
      if (pad === 0 || pad > plain.length) throw new Error(BAD_PKCS7_DATA);
      const size = plain.length - pad;
      for (let i = size; i < plain.length; i++) {
        if (plain[i] !== pad) throw new Error(BAD_PKCS7_PADDING);
      }
      return { data: plain.subarray(0, size), stale: false };
    },
  };
}

/** AES-GCM with a random 96-bit nonce; the storage key (UTF-8) is the authenticated data. */
export function aesGcmTransformer(key: Buffer): Transformer {
  const alg = algorithm(key, 'gcm') as CipherGCMTypes;
  return {
    toStorage(data: Buffer, storageKey: string): Buffer {
      const nonce = randomBytes(GCM_NONCE);
      const cipher = createCipheriv(alg, key, nonce, { authTagLength: GCM_TAG });
      cipher.setAAD(Buffer.from(storageKey, 'utf8'));
      const body = Buffer.concat([cipher.update(data), cipher.final()]);
      return Buffer.concat([nonce, body, cipher.getAuthTag()]);
    },
    fromStorage(stored: Buffer, storageKey: string): ReadResult {
      if (stored.length < GCM_NONCE) throw new Error(TOO_SHORT);
      if (stored.length < GCM_NONCE + GCM_TAG) throw new Error(GCM_AUTH_FAILED);
      const nonce = stored.subarray(0, GCM_NONCE);
      const tag = stored.subarray(stored.length - GCM_TAG);
      const decipher = createDecipheriv(alg, key, nonce, { authTagLength: GCM_TAG });
      decipher.setAAD(Buffer.from(storageKey, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        const body = stored.subarray(GCM_NONCE, stored.length - GCM_TAG);
        return { data: Buffer.concat([decipher.update(body), decipher.final()]), stale: false };
      } catch {
        throw new Error(GCM_AUTH_FAILED);
      }
    },
  };
}

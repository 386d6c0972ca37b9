/**
 * Service-account keys: the PEM files of `--service-account-key-file` (public keys, certificates or
 * private keys, several per file) and `--service-account-signing-key-file` (one private key), the key
 * id upstream derives from a public key, and the JWK each is published as.
 */
import { createPrivateKey, createPublicKey, createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** The JWS algorithm upstream signs and advertises with for a key: RS256, or ES256/384/512 by curve. */
export function algorithmForKey(key: KeyObject): 'RS256' | 'ES256' | 'ES384' | 'ES512' {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    switch (key.asymmetricKeyDetails?.namedCurve) {
      case 'prime256v1':
        return 'ES256';
      case 'secp384r1':
        return 'ES384';
      case 'secp521r1':
        return 'ES512';
    }
    throw new Error('unknown private key curve, must be 256, 384, or 521');
  }
  throw new Error('unknown public key type, must be *rsa.PublicKey, *ecdsa.PublicKey, or jose.OpaqueSigner');
}

/** The public half of `key` (itself when already public). */
const publicHalves = new WeakMap<KeyObject, KeyObject>();
const keyIDs = new WeakMap<KeyObject, string>();

export function publicKeyOf(key: KeyObject): KeyObject {
  if (key.type !== 'private') return key;
  let pub = publicHalves.get(key);
  if (!pub) publicHalves.set(key, (pub = createPublicKey(key)));
  return pub;
}

/**
 * Upstream's `keyIDFromPublicKey`: base64url (unpadded) SHA-256 of the key's PKIX (SPKI) DER. Private
 * keys give the id of their public half.
 */
export function keyIDFromPublicKey(key: KeyObject): string {
  let id = keyIDs.get(key);
  if (id === undefined) {
    const der = publicKeyOf(key).export({ type: 'spki', format: 'der' });
    keyIDs.set(key, (id = createHash('sha256').update(der).digest('base64url')));
  }
  return id;
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * Every RSA or ECDSA public key in PEM `data` (PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE, and private
 * key blocks, whose public half is taken); other blocks are tolerated as upstream does. Throws
 * `data does not contain any valid RSA or ECDSA public keys` when there is none.
 */
export function parsePublicKeysPEM(data: string | Buffer): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const m of data.toString().matchAll(pemBlock)) {
    const [block, label] = m;
    try {
      const key = label === 'CERTIFICATE' ? new X509Certificate(block).publicKey : publicKeyOf(createPublicKey(block));
      if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec') keys.push(key);
    } catch {
      // not a key block: skipped, as upstream does
    }
  }
  if (keys.length === 0) throw new Error('data does not contain any valid RSA or ECDSA public keys');
  return keys;
}

/**
 * The first RSA or ECDSA private key in PEM `data` (RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY).
 * Throws `data does not contain a valid RSA or ECDSA private key` otherwise.
 */
export function parsePrivateKeyPEM(data: string | Buffer): KeyObject {
  for (const m of data.toString().matchAll(pemBlock)) {
    const [block, label] = m;
    if (!['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY'].includes(label)) continue;
    try {
      const key = createPrivateKey(block);
      if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec') return key;
    } catch {
      // try the next block
    }
  }
  throw new Error('data does not contain a valid RSA or ECDSA private key');
}

/** Reads a `--service-account-key-file`; errors read `error reading public key file <file>: <why>`. */
export async function loadPublicKeys(file: string): Promise<KeyObject[]> {
  try {
    return parsePublicKeysPEM(await readFile(file));
  } catch (err) {
    throw new Error(`error reading public key file ${file}: ${(err as Error).message}`);
  }
}

/** Reads a `--service-account-signing-key-file`. */
export async function loadSigningKey(file: string): Promise<KeyObject> {
  try {
    return parsePrivateKeyPEM(await readFile(file));
  } catch (err) {
    throw new Error(`failed to parse service-account-issuer-key-file: ${(err as Error).message}`);
  }
}

/** A public JSON Web Key as upstream's JWKS lists it (go-jose's member order). */
export interface PublicJWK {
  use: 'sig';
  kty: 'RSA' | 'EC';
  kid: string;
  crv?: string;
  alg: string;
  n?: string;
  e?: string;
  x?: string;
  y?: string;
}

/** The public JWK of `key` with its upstream key id and algorithm. */
export function publicJWK(key: KeyObject): PublicJWK {
  const pub = publicKeyOf(key);
  const alg = algorithmForKey(pub);
  const jwk = pub.export({ format: 'jwk' });
  const kid = keyIDFromPublicKey(pub);
  if (jwk.kty === 'RSA') return { use: 'sig', kty: 'RSA', kid, alg, n: jwk.n, e: jwk.e };
  return { use: 'sig', kty: 'EC', kid, crv: jwk.crv, alg, x: jwk.x, y: jwk.y };
}

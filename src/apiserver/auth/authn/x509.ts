/**
 * Client-certificate authentication (upstream's `request/x509` with `CommonNameUserConversion`):
 * the subject's CommonName is the user name and its Organizations are the groups. Verifying the
 * chain against `--client-ca-file` is TLS's job; pass only certificates the TLS layer verified
 * (`tlsSocket.authorized`).
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CredentialIDKey, type UserInfo } from './user.js';

/**
 * A peer certificate: node's `X509Certificate`, or what `tlsSocket.getPeerCertificate()` returns
 * (an empty object when the client sent none).
 */
export interface PeerCertificateLike {
  raw?: Buffer | Uint8Array;
  subject?: string | Record<string, string | string[] | undefined>;
}

/**
 * The user a verified client certificate names, or `undefined` when there is no certificate or its
 * subject has no CommonName (upstream then tries the next authenticator). Extra carries the
 * credential id `X509SHA256=<hex sha256 of the DER certificate>` as 1.32 does.
 */
export function x509User(peerCert: PeerCertificateLike | undefined | null): UserInfo | undefined {
  if (!peerCert) return undefined;
  const raw = peerCert.raw;
  let cn: string | undefined;
  let orgs: string[] = [];
  if (raw && raw.length > 0) {
    const cert = new x509.X509Certificate(Buffer.from(raw));
    // Go keeps the last CommonName and every Organization, in order.
    cn = cert.subjectName.getField('CN').at(-1);
    orgs = cert.subjectName.getField('O');
  } else if (peerCert.subject && typeof peerCert.subject === 'object') {
    const pick = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    cn = pick(peerCert.subject.CN).at(-1);
    orgs = pick(peerCert.subject.O);
  }
  if (!cn) return undefined;
  const user: UserInfo = { name: cn, groups: orgs };
  if (raw && raw.length > 0) {
    user.extra = { [CredentialIDKey]: ['X509SHA256=' + createHash('sha256').update(raw).digest('hex')] };
  }
  return user;
}

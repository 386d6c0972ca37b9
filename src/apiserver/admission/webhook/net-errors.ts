/**
 * Transport failures worded as Go's net/http and crypto/tls word them, since those words end up in
 * `failed calling webhook "x": failed to call webhook: Post "<url>": <cause>` messages that users
 * grep for: `context deadline exceeded`, `dial tcp 127.0.0.1:1: connect: connection refused`,
 * `tls: failed to verify certificate: x509: certificate signed by unknown authority`.
 */
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

/** The webhook's timeout ran out (Go's `context.DeadlineExceeded`). */
export class DeadlineExceededError extends Error {
  constructor() {
    super('context deadline exceeded');
    this.name = 'DeadlineExceededError';
  }
}

/** An error whose message is already Go's wording. */
export class GoWordedError extends Error {}

const VERIFY = 'tls: failed to verify certificate: ';

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** The DNS and IP subject alternative names of a peer certificate. */
function altNames(cert: PeerCertificate): { dns: string[]; ips: string[] } {
  const dns: string[] = [];
  const ips: string[] = [];
  for (const part of (cert.subjectaltname ?? '').split(', ')) {
    if (part.startsWith('DNS:')) dns.push(part.slice(4));
    else if (part.startsWith('IP Address:')) ips.push(part.slice(11));
  }
  return { dns, ips };
}

/**
 * Node's host name check with Go's messages (`x509: certificate is valid for a, b, not c`,
 * `x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs`).
 */
export function goCheckServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
  if (!checkServerIdentity(host, cert)) return undefined;
  const { dns, ips } = altNames(cert);
  let why: string;
  if (isIP(host)) {
    why = ips.length
      ? `x509: certificate is valid for ${ips.join(', ')}, not ${host}`
      : `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
  } else if (dns.length) {
    why = `x509: certificate is valid for ${dns.join(', ')}, not ${host}`;
  } else {
    why = `x509: certificate is not valid for any names, but wanted to match ${host}`;
  }
  return new GoWordedError(VERIFY + why);
}

/**
 * The Go wording of a transport error met while talking to `addr` (`host:port` dialed). Unknown
 * errors keep Node's message.
 */
export function goTransportMessage(err: unknown, addr: string): string {
  if (err instanceof DeadlineExceededError || err instanceof GoWordedError) return err.message;
  const e = err as NodeJS.ErrnoException & { hostname?: string };
  const code = e?.code ?? '';
  if (UNKNOWN_AUTHORITY.has(code)) return `${VERIFY}x509: certificate signed by unknown authority`;
  switch (code) {
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return `${VERIFY}x509: certificate has expired or is not yet valid`;
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${e.hostname ?? addr.replace(/:\d+$/, '')}: no such host`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ETIMEDOUT':
      return `dial tcp ${addr}: i/o timeout`;
    case 'ECONNRESET':
    case 'EPIPE':
      return 'EOF';
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'http: server gave HTTP response to HTTPS client';
  }
  return e instanceof Error ? e.message : String(err);
}

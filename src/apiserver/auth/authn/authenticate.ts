/**
 * Request authentication as kube-apiserver chains it (upstream's `endpoints/filters/authentication.go`
 * over the union built in `pkg/kubeapiserver/authenticator/config.go`): client certificate, then
 * bearer token (token file, then service-account tokens); authenticated users gain
 * `system:authenticated`; a request with no credentials is anonymous when allowed, but a request
 * with bad credentials is always refused.
 */
import { headerValue, type HeadersLike } from './headers.js';
import { validateToken, type ValidateTokenOptions } from './service-account-validate.js';
import type { TokenFile } from './token-file.js';
import { Anonymous, AllUnauthenticated, withAuthenticatedGroup, type UserInfo } from './user.js';
import { x509User, type PeerCertificateLike } from './x509.js';

/** What authentication reads from a request. Pass `peerCertificate` only when TLS verified it. */
export interface RequestLike {
  headers: HeadersLike;
  peerCertificate?: PeerCertificateLike | null;
  /** The verified certificate's user (or null: none), when the caller already read it for the connection. */
  certificateUser?: UserInfo | null;
}

/** The authenticators to chain (kube-apiserver flags in brackets). */
export interface AuthenticationConfig {
  /** Accept verified client certificates (`--client-ca-file`); default true. */
  clientCertificates?: boolean;
  /** Static tokens (`--token-auth-file`). */
  tokenFile?: TokenFile;
  /** Service-account tokens (`--service-account-key-file`, `--service-account-issuer`, `--api-audiences`). */
  serviceAccounts?: ValidateTokenOptions;
  /** Allow anonymous requests (`--anonymous-auth`, default true upstream). */
  anonymous?: boolean;
}

/** The outcome: an authenticated user, the anonymous user, or a 401 with the reasons upstream logs. */
export type AuthenticationResult =
  | { user: UserInfo; audiences?: string[]; auditAnnotations?: Record<string, string> }
  | { anonymous: UserInfo }
  | { error: 'Unauthorized'; reasons: string[] };

/** The anonymous user: `system:anonymous` in `system:unauthenticated`. */
export const anonymousUser = (): UserInfo => ({ name: Anonymous, groups: [AllUnauthenticated] });

const wsProtocolPrefix = 'base64url.bearer.authorization.k8s.io.';

/**
 * The bearer token of a request: `Authorization: Bearer <token>` (scheme case-insensitive), or for
 * WebSocket upgrades the `base64url.bearer.authorization.k8s.io.<token>` subprotocol. `''` when the
 * request carries none (an empty token counts as none); an Error for a malformed subprotocol token.
 */
export function bearerToken(headers: HeadersLike): string | Error {
  const auth = headerValue(headers, 'authorization').trim();
  if (auth !== '') {
    const parts = auth.split(' ');
    if (parts.length >= 2 && parts[0].toLowerCase() === 'bearer') return parts[1];
    return '';
  }
  const upgrade = headerValue(headers, 'upgrade').toLowerCase();
  if (upgrade !== 'websocket') return '';
  for (const proto of headerValue(headers, 'sec-websocket-protocol').split(',')) {
    const p = proto.trim();
    if (!p.startsWith(wsProtocolPrefix)) continue;
    const encoded = p.slice(wsProtocolPrefix.length);
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return new Error('invalid base64.bearer.authorization token encoding');
    return Buffer.from(encoded, 'base64url').toString('utf8');
  }
  return '';
}

/**
 * Authenticates a request. The first authenticator that recognises a credential wins; a presented
 * but invalid token yields `{ error: 'Unauthorized' }` even with anonymous access enabled, as
 * upstream's fail-on-error union does. Answer such an error with {@link unauthorizedStatus}.
 */
export async function authenticate(req: RequestLike, config: AuthenticationConfig): Promise<AuthenticationResult> {
  const reasons: string[] = [];
  if (config.clientCertificates !== false) {
    const user = req.certificateUser !== undefined ? req.certificateUser : x509User(req.peerCertificate);
    if (user) return { user: withAuthenticatedGroup(user) };
  }
  const token = bearerToken(req.headers);
  if (token instanceof Error) {
    reasons.push(token.message);
  } else if (token !== '') {
    const fromFile = config.tokenFile?.lookup(token);
    if (fromFile) return { user: withAuthenticatedGroup(fromFile) };
    if (config.serviceAccounts) {
      const result = await validateToken(token, config.serviceAccounts);
      if (result && 'user' in result) {
        return {
          user: withAuthenticatedGroup(result.user),
          audiences: result.audiences,
          auditAnnotations: result.auditAnnotations,
        };
      }
      if (result) reasons.push(result.error);
    }
    if (reasons.length === 0) reasons.push('invalid bearer token');
  }
  if (reasons.length > 0) return { error: 'Unauthorized', reasons };
  if (config.anonymous) return { anonymous: anonymousUser() };
  return { error: 'Unauthorized', reasons };
}

/** The `metav1.Status` body of a 401, exactly as kube-apiserver writes it. */
export function unauthorizedStatus() {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Unauthorized',
    reason: 'Unauthorized',
    code: 401,
  };
}

/**
 * Who a request is from (kube-apiserver's authentication filter): a client certificate verified
 * against `--client-ca-file`, a bearer token from `--token-auth-file` or a service-account token
 * this apiserver signed, or — with no credentials
 * and `--anonymous-auth` — `system:anonymous`. Credentials that do not check out are 401, never
 * anonymous, as upstream. The user is kept with the request for authorization and the reviews.
 */
import type { TLSSocket } from 'node:tls';
import { ApiError } from '../../machinery/errors.js';
import type { Req } from '../http.js';
import {
  authenticate,
  TokenFile,
  VerifiedTokens,
  x509User,
  type UserInfo,
  type ValidateTokenOptions,
} from './authn/index.js';

export interface AuthenticationOptions {
  clientCaFile?: string;
  tokenAuthFile?: string;
  anonymousAuth: boolean;
  /** Service-account tokens to accept, when a signing key is configured. */
  serviceAccounts?: ValidateTokenOptions;
}

export interface RequestAuthenticator {
  /** The request's user; throws 401 when its credentials are refused. */
  authenticate(req: Req): Promise<UserInfo>;
  /** The user a bearer token stands for, or undefined (TokenReview). */
  reviewToken(token: string): Promise<UserInfo | undefined>;
}

const users = new WeakMap<Req, UserInfo>();

/**
 * The user of each connection's client certificate (null: none, or not verified). TLS verified the
 * certificate in the handshake and it cannot change on the connection, so it is read once: parsing
 * it on every request cost more than the rest of authentication and authorization together.
 */
const connectionUsers = new WeakMap<object, UserInfo | null>();

function certificateUser(req: Req): UserInfo | null {
  // HTTP/2 requests each get their own socket proxy; the session is the connection.
  const conn: object = ('stream' in req && req.stream.session) || req.socket;
  let user = connectionUsers.get(conn);
  if (user === undefined) {
    const socket = req.socket as TLSSocket;
    const peer = socket.authorized ? socket.getPeerCertificate() : undefined;
    user = (peer?.subject && x509User(peer)) || null;
    connectionUsers.set(conn, user);
  }
  return user;
}

/** Records who a request acts as (after impersonation). */
export const actAs = (req: Req, user: UserInfo): void => void users.set(req, user);

/** The authenticated user of a request (anonymous when none was recorded). */
export const userOf = (req: Req): UserInfo =>
  users.get(req) ?? { name: 'system:anonymous', groups: ['system:unauthenticated'] };

export async function requestAuthenticator(opts: AuthenticationOptions): Promise<RequestAuthenticator> {
  const tokenFile = opts.tokenAuthFile ? await TokenFile.load(opts.tokenAuthFile) : undefined;
  const config = {
    clientCertificates: !!opts.clientCaFile,
    tokenFile,
    serviceAccounts: opts.serviceAccounts && { ...opts.serviceAccounts, verified: new VerifiedTokens() },
    anonymous: opts.anonymousAuth,
  };
  const tokens = !!tokenFile || !!opts.serviceAccounts;
  return {
    async authenticate(req) {
      // Without a token authenticator a bearer token is not looked at, as upstream builds its chain.
      const headers = tokens || !req.headers.authorization ? req.headers : { ...req.headers, authorization: undefined };
      const r = await authenticate(
        { headers, certificateUser: opts.clientCaFile ? certificateUser(req) : null },
        config,
      );
      if ('error' in r) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
      const user = 'user' in r ? r.user : r.anonymous;
      users.set(req, user);
      return user;
    },
    async reviewToken(token) {
      const r = await authenticate(
        { headers: { authorization: `Bearer ${token}` } },
        { ...config, clientCertificates: false, anonymous: false },
      );
      return 'user' in r ? r.user : undefined;
    },
  };
}

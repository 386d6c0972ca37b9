/** What the handlers share: the registry of stores, and who requests are from. */
import type { Registry } from './registry/registry.js';
import type { RequestAuthenticator } from './auth/request-auth.js';
import type { RequestAuthorizer } from './auth/authorize.js';
import type { ServiceAccountTokens } from './auth/service-accounts.js';

export interface Context {
  registry: Registry;
  authn?: RequestAuthenticator;
  authz?: RequestAuthorizer;
  /** Set when service-account tokens are issued (`--service-account-signing-key-file`). */
  serviceAccounts?: ServiceAccountTokens;
}

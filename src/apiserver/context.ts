/** What the handlers share: the registry of stores, and who requests are from. */
import type { Registry } from './registry/registry.js';
import type { RequestAuthenticator } from './auth/request-auth.js';
import type { RequestAuthorizer } from './auth/authorize.js';
import type { ServiceAccountTokens } from './auth/service-accounts.js';
import type { Admission } from './admission/chain.js';
import type { Auditor } from './audit/index.js';

export interface Context {
  registry: Registry;
  /** The enabled admission plugins. */
  admission: Admission;
  authn?: RequestAuthenticator;
  authz?: RequestAuthorizer;
  /** Set when requests are audited (`--audit-policy-file` with `--audit-log-path`). */
  auditor?: Auditor;
  /** Set when service-account tokens are issued (`--service-account-signing-key-file`). */
  serviceAccounts?: ServiceAccountTokens;
}

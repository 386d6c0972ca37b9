/**
 * Request authentication for the apiserver: who a request is (client certificate, static token,
 * service-account JWT, anonymous), who it may act as (impersonation), and the service-account
 * issuer's tokens and discovery documents.
 */
export * from './user.js';
export { x509User, type PeerCertificateLike } from './x509.js';
export { TokenFile } from './token-file.js';
export { CsvParseError, readCsv } from './go-csv.js';
export * from './keys.js';
export * from './service-account-token.js';
export * from './service-account-validate.js';
export { InvalidSinceLabelKey } from './service-account-claims.js';
export * from './openid.js';
export * from './authenticate.js';
export * from './impersonate.js';
export type { HeadersLike } from './headers.js';

/**
 * The service-account issuer discovery documents (upstream's `pkg/serviceaccount/openidmetadata.go`
 * and `pkg/routes/openidmetadata.go`): `/.well-known/openid-configuration` and `/openid/v1/jwks`.
 */
import type { KeyObject } from 'node:crypto';
import { publicJWK, type PublicJWK } from './keys.js';

/** Where the OIDC discovery document is served. */
export const OpenIDConfigPath = '/.well-known/openid-configuration';
/** Where the key set is served. */
export const JWKSPath = '/openid/v1/jwks';
/** Seconds both documents may be cached (upstream's static key getter). */
export const CacheMaxAgeSeconds = 3600;

/** Response headers for the discovery document. */
export const openIDConfigurationHeaders = {
  'Content-Type': 'application/json',
  'Cache-Control': `public, max-age=${CacheMaxAgeSeconds}`,
};
/** Response headers for the key set. */
export const jwksHeaders = {
  'Content-Type': 'application/jwk-set+json',
  'Cache-Control': `public, max-age=${CacheMaxAgeSeconds}`,
};

/** The OIDC provider metadata kube-apiserver serves, members in upstream's order. */
export interface OpenIDConfiguration {
  issuer: string;
  jwks_uri: string;
  response_types_supported: string[];
  subject_types_supported: string[];
  id_token_signing_alg_values_supported: string[];
}

/**
 * The discovery document. `keys` decide the advertised algorithms (sorted, as upstream lists them);
 * without keys it advertises RS256. Throws upstream's errors for an issuer or JWKS URI that is not
 * https, or an issuer with a query or fragment.
 */
export function openIDConfiguration(issuer: string, jwksURI: string, keys?: KeyObject[]): OpenIDConfiguration {
  if (issuer === '') throw new Error('empty issuer URL');
  const iss = new URL(issuer);
  if (iss.protocol !== 'https:') throw new Error(`issuer URL must use https scheme, got: ${issuer}`);
  if (iss.search !== '') throw new Error(`issuer URL may not include a query, got: ${issuer}`);
  if (iss.hash !== '') throw new Error(`issuer URL may not include a fragment, got: ${issuer}`);
  const jwks = new URL(jwksURI);
  if (jwks.protocol !== 'https:') throw new Error(`jwksURI requires https scheme, parsed as: ${jwksURI}`);
  const algs = keys && keys.length > 0 ? [...new Set(keys.map((k) => publicJWK(k).alg))].sort() : ['RS256'];
  return {
    issuer,
    jwks_uri: jwksURI,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algs,
  };
}

/** The JWKS document: each key's public JWK with `use: sig`, its key id and algorithm. */
export function jwks(keys: KeyObject[]): { keys: PublicJWK[] } {
  if (keys.length === 0) throw new Error('no keys provided for validating keyset');
  return { keys: keys.map(publicJWK) };
}

/**
 * Validating service-account JWTs as kube-apiserver's two service-account authenticators do
 * (upstream's `pkg/serviceaccount/jwt.go` with the bound-token validator of `claims.go` and the
 * secret-based one of `legacy.go`).
 */
import type { KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import { keyIDFromPublicKey, publicKeyOf } from './keys.js';
import { LegacyIssuer } from './service-account-token.js';
import { validateBoundClaims, validateLegacyClaims, type Lookup } from './service-account-claims.js';
import type { UserInfo } from './user.js';

export type { Lookup, LookupKind, LookedUpObject } from './service-account-claims.js';

/** How to validate: the flags `--service-account-issuer`, `--api-audiences`, `--service-account-key-file`. */
export interface ValidateTokenOptions {
  /** Accepted issuers of bound tokens (every `--service-account-issuer`). */
  issuers: string[];
  /** The apiserver's audiences (`--api-audiences`); tokens must share one with `requestedAudiences`. */
  audiences: string[];
  /** The audiences the request asks for (a TokenReview's `spec.audiences`); default `audiences`. */
  requestedAudiences?: string[];
  /** Verification keys (public or private; private keys contribute their public half). */
  keys: KeyObject[];
  /**
   * Fetches the live ServiceAccount, Secret, Pod or Node (Node: namespace `''`) to check the token's
   * objects still exist with the same uid. Without it no object is checked (upstream's
   * `--service-account-lookup=false` for legacy tokens).
   */
  lookup?: Lookup;
  /** Accept secret-based tokens (issuer `kubernetes/serviceaccount`); default true. */
  legacy?: boolean;
  /** Validation time; defaults to now. */
  now?: Date | number;
  /** Tokens whose signature checked out lately, so that a client's every request is not verified again. */
  verified?: VerifiedTokens;
}

/**
 * The claims of tokens whose signature was verified, for `ttlMs` (10 s, as long as upstream caches
 * a whole authentication). Only the cryptography is skipped: issuer, audiences, expiry and the
 * bound objects are checked on every request, so a deleted pod's token stops working at once. At
 * most `max` tokens are held, the oldest dropped first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { claims: Record<string, unknown>; until: number }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Record<string, unknown> | undefined {
    const e = this.entries.get(token);
    if (e && e.until > this.now()) return e.claims;
    if (e) this.entries.delete(token);
    return undefined;
  }

  set(token: string, claims: Record<string, unknown>): void {
    this.entries.delete(token);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims, until: this.now() + this.ttlMs });
  }
}

/** A validated token: its user, the audiences it was accepted for, and what upstream would audit. */
export interface ValidToken {
  user: UserInfo;
  audiences: string[];
  /** Upstream's audit annotations, e.g. `authentication.k8s.io/stale-token`, `…/legacy-token`. */
  auditAnnotations: Record<string, string>;
}

/** A token with a known issuer that failed validation; `error` is upstream's message. */
export interface InvalidToken {
  error: string;
}

const algorithms = ['RS256', 'ES256', 'ES384', 'ES512'];

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
const quoteList = (list: string[]) => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;

/**
 * Validates a bearer token as a service-account JWT. Resolves `undefined` when the token is not a
 * JWT from one of the accepted issuers (the next authenticator may take it), `{ error }` when it is
 * but fails (bad signature, wrong audience, expired, bound object gone …), else the user
 * `system:serviceaccount:<ns>:<name>` in `system:serviceaccounts` and `system:serviceaccounts:<ns>`.
 */
export async function validateToken(
  token: string,
  opts: ValidateTokenOptions,
): Promise<ValidToken | InvalidToken | undefined> {
  const issuers = new Set(opts.issuers);
  if (opts.legacy !== false) issuers.add(LegacyIssuer);
  if (token.trim().startsWith('{')) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodeSegment(parts[0]);
  const unverified = decodeSegment(parts[1]);
  if (!header || !unverified || typeof unverified.iss !== 'string' || !issuers.has(unverified.iss)) return undefined;

  let claims = opts.verified?.get(token);
  if (!claims) {
    const kid = typeof header.kid === 'string' ? header.kid : '';
    const keys = opts.keys.map(publicKeyOf).filter((k) => kid === '' || keyIDFromPublicKey(k) === kid);
    if (keys.length === 0) return { error: 'invalid signature, no keys found' };
    let payloadBytes: Uint8Array | undefined;
    const errors: string[] = [];
    for (const key of keys) {
      try {
        payloadBytes = (await compactVerify(token, key, { algorithms })).payload;
        break;
      } catch {
        errors.push('square/go-jose: error in cryptographic primitive');
      }
    }
    if (!payloadBytes) return { error: errors.length === 1 ? errors[0] : `[${errors.join(', ')}]` };
    claims = JSON.parse(Buffer.from(payloadBytes).toString('utf8')) as Record<string, unknown>;
    opts.verified?.set(token, claims);
  }

  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  if (!issuers.has(iss)) return { error: `token issuer ${JSON.stringify(iss)} is invalid` };

  const auditAnnotations: Record<string, string> = {};
  const aud = claims.aud;
  let tokenAudiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.map(String) : [];
  if (tokenAudiences.length === 0) {
    auditAnnotations['authentication.k8s.io/legacy-token'] = String(claims.sub ?? '');
    tokenAudiences = opts.audiences;
  }
  const requested = opts.requestedAudiences ?? opts.audiences;
  const audiences = tokenAudiences.filter((a) => requested.includes(a));
  if (audiences.length === 0 && opts.audiences.length !== 0) {
    return {
      error: `token audiences ${quoteList(tokenAudiences)} is invalid for the target audiences ${quoteList(requested)}`,
    };
  }

  const nowMs = opts.now === undefined ? Date.now() : opts.now instanceof Date ? opts.now.getTime() : opts.now;
  const result =
    iss === LegacyIssuer && opts.legacy !== false
      ? await validateLegacyClaims(token, claims, opts.lookup, auditAnnotations)
      : await validateBoundClaims(claims, nowMs, opts.lookup, auditAnnotations);
  if ('error' in result) return result;
  return { user: result.user, audiences, auditAnnotations };
}

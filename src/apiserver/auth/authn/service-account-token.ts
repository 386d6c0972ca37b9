/**
 * Issuing service-account JWTs as the TokenRequest API (`serviceaccounts/<name>/token`) and the
 * legacy token controller do (upstream's `pkg/serviceaccount/claims.go`, `legacy.go`, `jwt.go`).
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { algorithmForKey, keyIDFromPublicKey } from './keys.js';
import { makeServiceAccountUsername } from './user.js';

/** The issuer of secret-based (legacy) tokens. */
export const LegacyIssuer = 'kubernetes/serviceaccount';
/** TokenRequest's default `expirationSeconds`. */
export const DefaultExpirationSeconds = 3600;
/** The shortest token TokenRequest issues: 10 minutes. */
export const MinTokenAgeSeconds = 600;
/** The longest token TokenRequest issues: 2^32 seconds. */
export const MaxTokenAgeSeconds = 2 ** 32;
/** The expiration kubelet asks for that triggers the extended (warn-only) expiry. */
export const WarnOnlyBoundTokenExpirationSeconds = 60 * 60 + 7;
/** How long an extended token really lives: one year. */
export const ExpirationExtensionSeconds = 24 * 365 * 60 * 60;

/** A name and uid, as the `kubernetes.io` claims carry them. */
export interface ObjectRef {
  name: string;
  uid: string;
}

/** What to issue, mirroring a TokenRequest and the apiserver flags that shape it. */
export interface IssueTokenOptions {
  /** `--service-account-issuer` (the first one). */
  issuer: string;
  /** `spec.audiences`; empty or absent means the apiserver's audiences. */
  audiences?: string[];
  /** `--api-audiences`; defaults to `[issuer]` as kube-apiserver does. */
  apiAudiences?: string[];
  namespace: string;
  serviceAccount: ObjectRef;
  /** `spec.boundObjectRef`. */
  boundObject?: ObjectRef & { kind: 'Pod' | 'Secret' | 'Node' };
  /** For a pod-bound token, the node the pod runs on (1.32 records it). */
  node?: ObjectRef;
  /** `spec.expirationSeconds`, default 3600. */
  expirationSeconds?: number;
  /** `--service-account-max-token-expiration` in seconds; 0 or absent means no cap. */
  maxExpirationSeconds?: number;
  /** `--service-account-extend-token-expiration` (kube-apiserver's default is true). */
  extendExpiration?: boolean;
  /** `--service-account-signing-key-file`'s key. */
  signingKey: KeyObject;
  /** Issue time; defaults to now. */
  now?: Date | number;
  /** The `jti`; a random UUID by default. */
  jti?: string;
}

/** An issued token and the TokenRequest status fields and warnings that go with it. */
export interface IssuedToken {
  token: string;
  /** `status.expirationTimestamp`: issue time plus the requested (not the extended) expiration. */
  expirationTimestamp: Date;
  /** The effective `spec.expirationSeconds` after capping. */
  expirationSeconds: number;
  warnings: string[];
}

const seconds = (t: Date | number | undefined) =>
  Math.floor((t === undefined ? Date.now() : t instanceof Date ? t.getTime() : t) / 1000);

async function sign(payload: Record<string, unknown>, key: KeyObject): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: algorithmForKey(key), kid: keyIDFromPublicKey(key) }).sign(key);
}

/**
 * Issues a bound service-account token as TokenRequest does. Throws with upstream's validation
 * messages for an expiration under 10 minutes or over 2^32 seconds. A pod-bound request for exactly
 * 3607s whose audiences are all apiserver audiences gets, with `extendExpiration`, a token valid for
 * a year (or the max expiration if longer) carrying `kubernetes.io.warnafter` at 3607s.
 */
export async function issueToken(opts: IssueTokenOptions): Promise<IssuedToken> {
  const warnings: string[] = [];
  let expirationSeconds = opts.expirationSeconds ?? DefaultExpirationSeconds;
  if (expirationSeconds < MinTokenAgeSeconds) {
    throw new Error(
      `spec.expirationSeconds: Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
    );
  }
  if (expirationSeconds > MaxTokenAgeSeconds) {
    throw new Error(
      `spec.expirationSeconds: Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds`,
    );
  }
  const max = opts.maxExpirationSeconds ?? 0;
  if (max > 0 && expirationSeconds > max) {
    warnings.push(`requested expiration of ${expirationSeconds} seconds shortened to ${max} seconds`);
    expirationSeconds = max;
  }
  const apiAudiences = opts.apiAudiences ?? [opts.issuer];
  const audiences = opts.audiences && opts.audiences.length > 0 ? opts.audiences : apiAudiences;
  const bound = opts.boundObject;

  let exp = expirationSeconds;
  let warnAfter = 0;
  if (
    opts.extendExpiration &&
    bound?.kind === 'Pod' &&
    expirationSeconds === WarnOnlyBoundTokenExpirationSeconds &&
    audiences.every((a) => apiAudiences.includes(a))
  ) {
    warnAfter = exp;
    exp = Math.max(ExpirationExtensionSeconds, max);
  }

  const now = seconds(opts.now);
  const k8s: Record<string, unknown> = { namespace: opts.namespace };
  if (bound?.kind === 'Pod' && opts.node) k8s.node = { name: opts.node.name, uid: opts.node.uid };
  if (bound?.kind === 'Node') k8s.node = { name: bound.name, uid: bound.uid };
  if (bound?.kind === 'Pod') k8s.pod = { name: bound.name, uid: bound.uid };
  if (bound?.kind === 'Secret') k8s.secret = { name: bound.name, uid: bound.uid };
  k8s.serviceaccount = { name: opts.serviceAccount.name, uid: opts.serviceAccount.uid };
  if (warnAfter) k8s.warnafter = now + warnAfter;

  // Members in the order go-jose writes them (sorted), so tokens look like upstream's.
  const payload = {
    aud: audiences,
    exp: now + exp,
    iat: now,
    iss: opts.issuer,
    jti: opts.jti ?? randomUUID(),
    'kubernetes.io': k8s,
    nbf: now,
    sub: makeServiceAccountUsername(opts.namespace, opts.serviceAccount.name),
  };
  return {
    token: await sign(payload, opts.signingKey),
    expirationTimestamp: new Date((now + expirationSeconds) * 1000),
    expirationSeconds,
    warnings,
  };
}

/** What a secret-based token names. */
export interface IssueLegacyTokenOptions {
  namespace: string;
  serviceAccount: ObjectRef;
  secretName: string;
  signingKey: KeyObject;
}

/**
 * Issues a legacy (secret-based) token as the token controller writes into a
 * `kubernetes.io/service-account-token` Secret: issuer `kubernetes/serviceaccount`, no audience, no
 * expiry, flat `kubernetes.io/serviceaccount/*` claims.
 */
export async function issueLegacyToken(opts: IssueLegacyTokenOptions): Promise<string> {
  return sign(
    {
      iss: LegacyIssuer,
      'kubernetes.io/serviceaccount/namespace': opts.namespace,
      'kubernetes.io/serviceaccount/secret.name': opts.secretName,
      'kubernetes.io/serviceaccount/service-account.name': opts.serviceAccount.name,
      'kubernetes.io/serviceaccount/service-account.uid': opts.serviceAccount.uid,
      sub: makeServiceAccountUsername(opts.namespace, opts.serviceAccount.name),
    },
    opts.signingKey,
  );
}

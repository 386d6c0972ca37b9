/**
 * The claim validators behind {@link validateToken}: the bound-token validator (upstream's
 * `claims.go`: time checks with one minute of leeway, then the service account, secret, pod and
 * node must still exist with the uids the token names) and the legacy one (`legacy.go`).
 */
import { serviceAccountUser, splitServiceAccountUsername, type UserInfo } from './user.js';

/** The kinds a token's claims refer to. */
export type LookupKind = 'ServiceAccount' | 'Secret' | 'Pod' | 'Node';

/** The parts of a live object validation reads: uid, deletion, labels, Secret data, SA secrets. */
export interface LookedUpObject {
  metadata?: {
    uid?: string;
    deletionTimestamp?: string | Date | null;
    labels?: Record<string, string>;
  };
  /** A Secret's data (base64 values, as stored). */
  data?: Record<string, string>;
  /** A ServiceAccount's `secrets`. */
  secrets?: { name?: string }[];
}

/** Fetches an object; `undefined` (or a throw) means it does not exist. Nodes get namespace `''`. */
export type Lookup = (
  kind: LookupKind,
  namespace: string,
  name: string,
) => Promise<LookedUpObject | undefined> | LookedUpObject | undefined;

/** The label that marks a legacy token secret as no longer usable. */
export const InvalidSinceLabelKey = 'kubernetes.io/legacy-token-invalid-since';

type Outcome = { user: UserInfo } | { error: string };

const leewayMs = 60_000;
const invalidated = { error: 'service account token has been invalidated' };
const resourceOf: Record<LookupKind, string> = {
  ServiceAccount: 'serviceaccounts',
  Secret: 'secrets',
  Pod: 'pods',
  Node: 'nodes',
};

async function fetch(lookup: Lookup, kind: LookupKind, ns: string, name: string) {
  try {
    return (await lookup(kind, ns, name)) ?? undefined;
  } catch {
    return undefined;
  }
}

const notFound = (kind: LookupKind, name: string) => ({ error: `${resourceOf[kind]} "${name}" not found` });

function deletedBefore(obj: LookedUpObject, cutoffMs: number): boolean {
  const ts = obj.metadata?.deletionTimestamp;
  return ts != null && new Date(ts).getTime() < cutoffMs;
}

interface Ref {
  name: string;
  uid: string;
}
function ref(value: unknown): Ref | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  return { name: String(v.name ?? ''), uid: String(v.uid ?? '') };
}
const num = (v: unknown) => (typeof v === 'number' ? v * 1000 : undefined);

/** Validates the claims of a bound (TokenRequest) token whose signature and issuer were checked. */
export async function validateBoundClaims(
  claims: Record<string, unknown>,
  nowMs: number,
  lookup: Lookup | undefined,
  auditAnnotations: Record<string, string>,
): Promise<Outcome> {
  const nbf = num(claims.nbf);
  const exp = num(claims.exp);
  const iat = num(claims.iat);
  if (nbf !== undefined && nowMs + leewayMs < nbf) return { error: 'service account token is not valid yet' };
  if (exp !== undefined && nowMs - leewayMs > exp) return { error: 'service account token has expired' };
  if (iat !== undefined && nowMs + leewayMs < iat) return { error: 'service account token is issued in the future' };

  const k8s = (claims['kubernetes.io'] ?? {}) as Record<string, unknown>;
  const namespace = String(k8s.namespace ?? '');
  const sa = ref(k8s.serviceaccount) ?? { name: '', uid: '' };
  const pod = ref(k8s.pod);
  const secret = ref(k8s.secret);
  const node = ref(k8s.node);
  const cutoff = nowMs - leewayMs;

  if (lookup) {
    const live = await fetch(lookup, 'ServiceAccount', namespace, sa.name);
    if (!live) return notFound('ServiceAccount', sa.name);
    const uid = live.metadata?.uid ?? '';
    if (uid !== sa.uid) return { error: `service account UID (${uid}) does not match claim (${sa.uid})` };
    if (deletedBefore(live, cutoff)) return { error: `service account ${namespace}/${sa.name} has been deleted` };
    if (secret) {
      const obj = await fetch(lookup, 'Secret', namespace, secret.name);
      if (!obj) return invalidated;
      const uid = obj.metadata?.uid ?? '';
      if (uid !== secret.uid) {
        return { error: `secret UID (${uid}) does not match service account secret ref claim (${secret.uid})` };
      }
      if (deletedBefore(obj, cutoff)) return invalidated;
    }
    if (pod) {
      const obj = await fetch(lookup, 'Pod', namespace, pod.name);
      if (!obj) return invalidated;
      const uid = obj.metadata?.uid ?? '';
      if (uid !== pod.uid)
        return { error: `pod UID (${uid}) does not match service account pod ref claim (${pod.uid})` };
      if (deletedBefore(obj, cutoff)) return invalidated;
    }
    if (node && !pod) {
      const obj = await fetch(lookup, 'Node', '', node.name);
      if (!obj) return invalidated;
      const uid = obj.metadata?.uid ?? '';
      if (uid !== node.uid) {
        return { error: `node UID (${uid}) does not match service account node ref claim (${node.uid})` };
      }
      if (deletedBefore(obj, cutoff)) return invalidated;
    }
  }

  const warnafter = num(k8s.warnafter);
  if (warnafter && nowMs > warnafter) {
    const after = Math.floor(nowMs / 1000) - Math.floor(warnafter / 1000);
    auditAnnotations['authentication.k8s.io/stale-token'] =
      `subject: ${String(claims.sub ?? '')}, seconds after warning threshold: ${after}`;
  }
  const jti = typeof claims.jti === 'string' ? claims.jti : '';
  return {
    user: serviceAccountUser({
      namespace,
      name: sa.name,
      uid: sa.uid,
      podName: pod?.name,
      podUID: pod?.uid,
      nodeName: node?.name,
      nodeUID: node?.uid,
      credentialID: jti ? `JTI=${jti}` : undefined,
    }),
  };
}

/** Validates the claims of a secret-based token, checking its Secret and ServiceAccount when `lookup` is given. */
export async function validateLegacyClaims(
  token: string,
  claims: Record<string, unknown>,
  lookup: Lookup | undefined,
  auditAnnotations: Record<string, string>,
): Promise<Outcome> {
  const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : '');
  const sub = str('sub');
  const namespace = str('kubernetes.io/serviceaccount/namespace');
  const secretName = str('kubernetes.io/serviceaccount/secret.name');
  const saName = str('kubernetes.io/serviceaccount/service-account.name');
  const saUID = str('kubernetes.io/serviceaccount/service-account.uid');
  if (!sub) return { error: 'sub claim is missing' };
  if (!namespace) return { error: 'namespace claim is missing' };
  if (!secretName) return { error: 'secretName claim is missing' };
  if (!saName) return { error: 'serviceAccountName claim is missing' };
  if (!saUID) return { error: 'serviceAccountUID claim is missing' };
  const split = splitServiceAccountUsername(sub);
  if (split instanceof Error || split.namespace !== namespace || split.name !== saName) {
    return { error: 'sub claim is invalid' };
  }
  if (lookup) {
    const secret = await fetch(lookup, 'Secret', namespace, secretName);
    if (!secret || secret.metadata?.deletionTimestamp) return { error: 'Token has been invalidated' };
    const stored = Buffer.from(secret.data?.token ?? '', 'base64').toString('utf8');
    if (stored !== token) return { error: "Token does not match server's copy" };
    const sa = await fetch(lookup, 'ServiceAccount', namespace, saName);
    if (!sa) return notFound('ServiceAccount', saName);
    if (sa.metadata?.deletionTimestamp) return { error: `ServiceAccount ${namespace}/${saName} has been deleted` };
    const uid = sa.metadata?.uid ?? '';
    if (uid !== saUID) return { error: `ServiceAccount UID (${uid}) does not match claim (${saUID})` };
    if (secret.metadata?.labels?.[InvalidSinceLabelKey]) {
      auditAnnotations['authentication.k8s.io/legacy-token-invalidated'] = `${secretName}/${namespace}`;
      return {
        error:
          `the token in secret ${namespace}/${secretName} for service account ${namespace}/${saName} has been ` +
          'marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or ' +
          `remove the '${InvalidSinceLabelKey}' label from the secret to temporarily allow use of this token`,
      };
    }
    const autogenerated = (sa.secrets ?? []).some((s) => s.name === secretName);
    auditAnnotations[
      autogenerated
        ? 'authentication.k8s.io/legacy-token-autogenerated-secret'
        : 'authentication.k8s.io/legacy-token-manual-secret'
    ] = secretName;
  }
  return { user: serviceAccountUser({ namespace, name: saName, uid: saUID }) };
}

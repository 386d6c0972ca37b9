/**
 * Service-account tokens on this apiserver: the keys (`--service-account-signing-key-file`,
 * `--service-account-key-file`), the issuer and audiences, how tokens are checked against the
 * objects they name (the ServiceAccount, and a bound Pod, Secret or Node, read from the watch
 * caches), and the TokenRequest subresource (`kubectl create token`) that issues them.
 */
import type { KeyObject } from 'node:crypto';
import { errors } from '../../machinery/errors.js';
import type { Registry } from '../registry/registry.js';
import type { KObject } from '../cacher/types.js';
import { issueToken, loadPublicKeys, loadSigningKey, type ValidateTokenOptions } from './authn/index.js';

export interface ServiceAccountTokens {
  issuer: string;
  audiences: string[];
  signingKey: KeyObject;
  /** Verification keys: the signing key's and `--service-account-key-file`'s. */
  keys: KeyObject[];
}

/** The configured keys, or undefined when no signing key is given (TokenRequest is then not served). */
export async function serviceAccountTokens(config: {
  serviceAccountSigningKeyFile?: string;
  serviceAccountKeyFile?: string[];
  serviceAccountIssuer: string;
  apiAudiences?: string[];
}): Promise<ServiceAccountTokens | undefined> {
  if (!config.serviceAccountSigningKeyFile) return undefined;
  const signingKey = await loadSigningKey(config.serviceAccountSigningKeyFile);
  const keys = [signingKey];
  for (const f of config.serviceAccountKeyFile ?? []) keys.push(...(await loadPublicKeys(f)));
  const audiences = config.apiAudiences?.length ? config.apiAudiences : [config.serviceAccountIssuer];
  return { issuer: config.serviceAccountIssuer, audiences, signingKey, keys };
}

const STORES: Record<string, string> = {
  ServiceAccount: 'serviceaccounts',
  Secret: 'secrets',
  Pod: 'pods',
  Node: 'nodes',
};

/** A live object by kind, namespace and name, from the watch caches. */
function lookup(registry: Registry, kind: string, namespace: string, name: string): KObject | undefined {
  const store = registry.store('', STORES[kind] ?? '');
  return store?.cacher.get(store.key(namespace, name))?.obj;
}

/** What the authenticator needs to accept this apiserver's service-account tokens. */
export function validationOptions(sa: ServiceAccountTokens, registry: Registry): ValidateTokenOptions {
  return {
    issuers: [sa.issuer],
    audiences: sa.audiences,
    keys: sa.keys,
    lookup: async (kind, ns, name) => lookup(registry, kind, ns, name),
  };
}

/**
 * Issues the token a TokenRequest asks for (upstream's TokenREST): the ServiceAccount must exist,
 * a bound object must exist with the uid given; returns the TokenRequest with its status.
 */
export async function tokenRequest(
  sa: ServiceAccountTokens,
  registry: Registry,
  namespace: string,
  name: string,
  request: KObject,
): Promise<{ object: KObject; warnings: string[] }> {
  const account = lookup(registry, 'ServiceAccount', namespace, name);
  if (!account) throw errors.notFound({ group: '', name: 'serviceaccounts' }, name);
  const spec: KObject = request.spec ?? {};
  const ref = spec.boundObjectRef;
  let boundObject: { kind: 'Pod' | 'Secret' | 'Node'; name: string; uid: string } | undefined;
  if (ref) {
    const kind = ref.kind as 'Pod' | 'Secret' | 'Node';
    if (!['Pod', 'Secret', 'Node'].includes(kind)) {
      throw errors.badRequest(
        `cannot bind token for serviceaccount "${name}" to object of kind ${JSON.stringify(ref.kind)}`,
      );
    }
    const obj = lookup(registry, kind, kind === 'Node' ? '' : namespace, ref.name);
    if (!obj) throw errors.notFound({ group: '', name: STORES[kind] }, ref.name);
    if (ref.uid && ref.uid !== obj.metadata.uid) {
      throw errors.conflict(
        { group: '', name: STORES[kind] },
        ref.name,
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
    boundObject = { kind, name: ref.name, uid: obj.metadata.uid };
  }
  const issued = await issueToken({
    issuer: sa.issuer,
    audiences: spec.audiences,
    apiAudiences: sa.audiences,
    namespace,
    serviceAccount: { name, uid: account.metadata.uid },
    boundObject,
    expirationSeconds: spec.expirationSeconds,
    signingKey: sa.signingKey,
  });
  const object: KObject = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: {
      audiences: spec.audiences?.length ? spec.audiences : sa.audiences,
      expirationSeconds: issued.expirationSeconds,
      boundObjectRef: ref ?? null,
    },
    status: {
      token: issued.token,
      expirationTimestamp: issued.expirationTimestamp.toISOString().replace(/\.\d+Z$/, 'Z'),
    },
  };
  return { object, warnings: issued.warnings };
}

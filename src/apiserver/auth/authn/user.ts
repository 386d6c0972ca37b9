/**
 * The authenticated user as the rest of the apiserver sees it (upstream's `user.Info`), the
 * well-known names of `k8s.io/apiserver/pkg/authentication/user`, and the service-account naming
 * rules of `k8s.io/apiserver/pkg/authentication/serviceaccount`.
 */

/** Who made a request: name, optional uid, groups and extra attributes (upstream's `user.DefaultInfo`). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** The user name of requests without credentials. */
export const Anonymous = 'system:anonymous';
/** The group every authenticated user is put in. */
export const AllAuthenticated = 'system:authenticated';
/** The group of anonymous requests. */
export const AllUnauthenticated = 'system:unauthenticated';
/** The group whose members bypass authorization. */
export const SystemPrivilegedGroup = 'system:masters';
/** The extra key naming the credential a request was authenticated with. */
export const CredentialIDKey = 'authentication.kubernetes.io/credential-id';
/** Extra key: the pod a service-account token is bound to. */
export const PodNameKey = 'authentication.kubernetes.io/pod-name';
/** Extra key: the uid of the pod a service-account token is bound to. */
export const PodUIDKey = 'authentication.kubernetes.io/pod-uid';
/** Extra key: the node a service-account token is bound to (or its pod runs on). */
export const NodeNameKey = 'authentication.kubernetes.io/node-name';
/** Extra key: the uid of that node. */
export const NodeUIDKey = 'authentication.kubernetes.io/node-uid';

/** `system:serviceaccount:` — the prefix of every service-account user name. */
export const ServiceAccountUsernamePrefix = 'system:serviceaccount:';
/** `system:serviceaccounts` — the group of all service accounts. */
export const AllServiceAccountsGroup = 'system:serviceaccounts';
/** `system:serviceaccounts:` — the prefix of each namespace's service-account group. */
export const ServiceAccountGroupPrefix = 'system:serviceaccounts:';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `system:serviceaccount:<namespace>:<name>`. */
export function makeServiceAccountUsername(namespace: string, name: string): string {
  return `${ServiceAccountUsernamePrefix}${namespace}:${name}`;
}

/** The groups of every service account in `namespace`: all service accounts, then the namespace's. */
export function makeServiceAccountGroupNames(namespace: string): string[] {
  return [AllServiceAccountsGroup, ServiceAccountGroupPrefix + namespace];
}

/**
 * Namespace and name of a service-account user name, or an Error with upstream's message when the
 * name is not `system:serviceaccount:<valid namespace>:<valid name>`.
 */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | Error {
  const invalid = new Error('Username must be in the form system:serviceaccount:namespace:name');
  if (!username.startsWith(ServiceAccountUsernamePrefix)) return invalid;
  const parts = username.slice(ServiceAccountUsernamePrefix.length).split(':');
  if (parts.length !== 2) return invalid;
  const [namespace, name] = parts;
  if (namespace.length > 63 || !dns1123Label.test(namespace)) return invalid;
  if (name.length > 253 || !dns1123Subdomain.test(name)) return invalid;
  return { namespace, name };
}

/** What a validated service-account token says about its bearer (upstream's `ServiceAccountInfo`). */
export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUID?: string;
  nodeName?: string;
  nodeUID?: string;
  credentialID?: string;
}

/** The user of a service account, with pod, node and credential extras as 1.32 sets them. */
export function serviceAccountUser(sa: ServiceAccountInfo): UserInfo {
  const user: UserInfo = {
    name: makeServiceAccountUsername(sa.namespace, sa.name),
    uid: sa.uid,
    groups: makeServiceAccountGroupNames(sa.namespace),
  };
  const extra: Record<string, string[]> = {};
  if (sa.podName && sa.podUID) {
    extra[PodNameKey] = [sa.podName];
    extra[PodUIDKey] = [sa.podUID];
  }
  if (sa.credentialID) extra[CredentialIDKey] = [sa.credentialID];
  if (sa.nodeName) {
    extra[NodeNameKey] = [sa.nodeName];
    if (sa.nodeUID) extra[NodeUIDKey] = [sa.nodeUID];
  }
  if (Object.keys(extra).length > 0) user.extra = extra;
  return user;
}

/**
 * Adds `system:authenticated` as upstream's AuthenticatedGroupAdder does: not to `system:anonymous`,
 * and not when the user already has `system:authenticated` or `system:unauthenticated`.
 */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.name === Anonymous) return user;
  if (user.groups.some((g) => g === AllAuthenticated || g === AllUnauthenticated)) return user;
  return { ...user, groups: [...user.groups, AllAuthenticated] };
}

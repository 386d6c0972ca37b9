/**
 * A kubeconfig as clientcmd holds it (`clientcmdapi.Config`): clusters, users and contexts by
 * name, data fields decoded from base64, file paths made absolute against the kubeconfig's own
 * directory.
 */

/** A cluster entry (`clusters[].cluster`). */
export interface Cluster {
  server?: string;
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
  certificateAuthority?: string;
  certificateAuthorityData?: Buffer;
  proxyUrl?: string;
  disableCompression?: boolean;
}

/** A user entry (`users[].user`, clientcmd's AuthInfo). */
export interface AuthInfo {
  clientCertificate?: string;
  clientCertificateData?: Buffer;
  clientKey?: string;
  clientKeyData?: Buffer;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  impersonate?: string;
  impersonateUid?: string;
  impersonateGroups?: string[];
  /** Present when the user has an exec plugin (not run by k8ts). */
  exec?: unknown;
  /** Present when the user has an auth provider (not run by k8ts). */
  authProvider?: unknown;
}

/** A context entry (`contexts[].context`). */
export interface Context {
  cluster?: string;
  user?: string;
  namespace?: string;
}

/** A whole (possibly merged) kubeconfig. */
export interface Kubeconfig {
  currentContext: string;
  clusters: Record<string, Cluster>;
  users: Record<string, AuthInfo>;
  contexts: Record<string, Context>;
}

/** A kubeconfig with nothing in it. */
export const emptyKubeconfig = (): Kubeconfig => ({ currentContext: '', clusters: {}, users: {}, contexts: {} });

/** clientcmd's `IsConfigEmpty`: no clusters, users, contexts or current context. */
export function isConfigEmpty(c: Kubeconfig): boolean {
  return (
    !c.currentContext &&
    !Object.keys(c.clusters).length &&
    !Object.keys(c.users).length &&
    !Object.keys(c.contexts).length
  );
}

/**
 * From a kubeconfig to a RestConfig (clientcmd's `DirectClientConfig.ClientConfig`): the context
 * chosen (current, or named), its cluster and user checked as `ConfirmUsable` checks them, and
 * their server, CA, client certificate, token and namespace carried over. Errors use clientcmd's
 * words: `context "x" does not exist`, `invalid configuration: no configuration has been
 * provided, …`, `cluster "c" was not found for context "x"`.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import type { RestConfig } from '../rest/config.js';
import { EMPTY_CONFIG_MESSAGE, KubeconfigError, fileError, invalidConfiguration } from './errors.js';
import { isConfigEmpty, type AuthInfo, type Cluster, type Kubeconfig } from './types.js';

/** What to pick from a kubeconfig, as kubectl's `--context`, `--cluster`, `--user`, `--namespace`. */
export interface ClientConfigOptions {
  /** The context to use instead of `current-context`; it must exist. */
  context?: string;
  /** The cluster to use instead of the context's; it must exist. */
  cluster?: string;
  /** The user to use instead of the context's; it must exist. */
  user?: string;
  /** The namespace instead of the context's. */
  namespace?: string;
  /** The User-Agent to send. */
  userAgent?: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const readable = (path: string) => {
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    return err;
  }
};

function validateCluster(name: string, c: Cluster | undefined, errs: string[]): void {
  if (!c || (!c.server && !c.certificateAuthority && !c.certificateAuthorityData && !c.insecureSkipTlsVerify)) {
    errs.push('cluster has no server defined');
    return;
  }
  if (!c.server) errs.push(name ? `no server found for cluster "${name}"` : 'default cluster has no server defined');
  if (c.certificateAuthority && c.certificateAuthorityData) {
    errs.push(
      `certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`,
    );
  }
  if (c.certificateAuthority) {
    const err = readable(c.certificateAuthority);
    if (err) {
      errs.push(
        `unable to read certificate-authority ${c.certificateAuthority} for ${name} due to ${fileError(err, c.certificateAuthority)}`,
      );
    }
  }
  if (c.insecureSkipTlsVerify && (c.certificateAuthority || c.certificateAuthorityData)) {
    errs.push('specifying a root certificates file with the insecure flag is not allowed');
  }
}

function validateUser(name: string, u: AuthInfo, errs: string[]): void {
  const methods: string[] = [];
  if (u.token) methods.push('token');
  if (u.username || u.password) methods.push('basicAuth');
  if (u.clientCertificate || u.clientCertificateData) {
    if (u.clientCertificate && u.clientCertificateData) {
      errs.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
    }
    if (u.clientKey && u.clientKeyData) {
      errs.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
    }
    if (!u.clientKey && !u.clientKeyData) {
      errs.push(
        `client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`,
      );
    }
    for (const [what, file] of [
      ['client-cert', u.clientCertificate],
      ['client-key', u.clientKey],
    ] as const) {
      const err = file ? readable(file) : undefined;
      if (file && err) errs.push(`unable to read ${what} ${file} for ${name} due to ${fileError(err, file)}`);
    }
  }
  if (u.exec) errs.push(`exec credential plugins are not supported by this client (user "${name}")`);
  if (u.authProvider) errs.push(`auth-provider plugins are not supported by this client (user "${name}")`);
  if (methods.length > 1) {
    errs.push(
      `more than one authentication method found for ${name}; found [${methods.join(' ')}], only one is allowed`,
    );
  }
  if ((u.impersonateUid || u.impersonateGroups?.length) && !u.impersonate) {
    errs.push(`requesting uid, groups or user-extra for ${name} without impersonating a user`);
  }
}

/** The RestConfig of a kubeconfig's current (or chosen) context. Throws KubeconfigError. */
export function restConfigFromKubeconfig(config: Kubeconfig, opts: ClientConfigOptions = {}): RestConfig {
  if (isConfigEmpty(config)) throw invalidConfiguration([EMPTY_CONFIG_MESSAGE]);
  const contextName = opts.context || config.currentContext;
  const context = Object.hasOwn(config.contexts, contextName) ? config.contexts[contextName] : undefined;
  if (opts.context && !context) throw new KubeconfigError(`context "${opts.context}" does not exist`);
  if (opts.cluster && !Object.hasOwn(config.clusters, opts.cluster)) {
    throw new KubeconfigError(`cluster "${opts.cluster}" does not exist`);
  }
  if (opts.user && !Object.hasOwn(config.users, opts.user)) {
    throw new KubeconfigError(`auth info "${opts.user}" does not exist`);
  }
  const errs: string[] = [];
  if (contextName && !context) errs.push(`context was not found for specified context: ${contextName}`);
  const clusterName = opts.cluster || context?.cluster || '';
  const userName = opts.user || context?.user || '';
  if (context && !opts.cluster) {
    if (!context.cluster) errs.push(`cluster was not specified for context "${contextName}"`);
    else if (!Object.hasOwn(config.clusters, context.cluster)) {
      errs.push(`cluster "${context.cluster}" was not found for context "${contextName}"`);
    }
  }
  if (context && !opts.user && context.user && !Object.hasOwn(config.users, context.user)) {
    errs.push(`user "${context.user}" was not found for context "${contextName}"`);
  }
  const namespace = opts.namespace || context?.namespace;
  if (context?.namespace && !opts.namespace && !DNS1123_LABEL.test(context.namespace)) {
    errs.push(
      `namespace "${context.namespace}" for context "${contextName}" does not conform to the kubernetes DNS_LABEL rules`,
    );
  }
  const cluster = Object.hasOwn(config.clusters, clusterName) ? config.clusters[clusterName] : undefined;
  const user: AuthInfo = (Object.hasOwn(config.users, userName) ? config.users[userName] : undefined) ?? {};
  if (!errs.some((e) => e.includes(`cluster "${clusterName}" was not found`)))
    validateCluster(clusterName, cluster, errs);
  validateUser(userName, user, errs);
  // With nothing but an empty cluster to complain about, the config is simply not there.
  if (errs.length === 1 && errs[0] === 'cluster has no server defined')
    throw invalidConfiguration([EMPTY_CONFIG_MESSAGE]);
  if (errs.length) throw invalidConfiguration(errs);

  const c = cluster!;
  const rc: RestConfig = { server: c.server!, namespace: namespace || 'default' };
  if (opts.userAgent) rc.userAgent = opts.userAgent;
  if (c.tlsServerName) rc.tlsServerName = c.tlsServerName;
  if (c.insecureSkipTlsVerify) rc.insecureSkipTlsVerify = true;
  if (c.certificateAuthorityData) rc.caData = c.certificateAuthorityData;
  else if (c.certificateAuthority) rc.caFile = c.certificateAuthority;
  if (user.clientCertificateData || user.clientCertificate) {
    if (user.clientCertificateData) rc.certData = user.clientCertificateData;
    else rc.certFile = user.clientCertificate;
    if (user.clientKeyData) rc.keyData = user.clientKeyData;
    else rc.keyFile = user.clientKey;
  }
  if (user.token) {
    rc.bearerToken = user.token;
    if (user.tokenFile) rc.bearerTokenFile = user.tokenFile;
  } else if (user.tokenFile) {
    try {
      rc.bearerToken = readFileSync(user.tokenFile, 'utf8').trim();
    } catch (err) {
      throw new KubeconfigError(fileError(err, user.tokenFile));
    }
    rc.bearerTokenFile = user.tokenFile;
  }
  if (user.username || user.password) {
    rc.username = user.username;
    rc.password = user.password;
  }
  if (user.impersonate) {
    rc.impersonate = { userName: user.impersonate, uid: user.impersonateUid, groups: user.impersonateGroups };
  }
  return rc;
}

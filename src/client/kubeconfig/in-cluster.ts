/**
 * The in-cluster config (client-go's `rest.InClusterConfig`): a pod reaches the apiserver at
 * `KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT` with its service account's token and CA from
 * `/var/run/secrets/kubernetes.io/serviceaccount`; the token file is re-read as it rotates.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { RestConfig } from '../rest/config.js';
import { KubeconfigError, fileError } from './errors.js';

/** The service account directory, below the root. */
export const SERVICE_ACCOUNT_DIR = 'var/run/secrets/kubernetes.io/serviceaccount';

/** Where to look: a root to find the service account directory under (tests use a temp dir), and the environment. */
export interface InClusterOptions {
  /** The file system root; `/` when unset. */
  root?: string;
  /** The environment; `process.env` when unset. */
  env?: Record<string, string | undefined>;
  userAgent?: string;
}

/** client-go's `ErrNotInCluster` message. */
export const NOT_IN_CLUSTER_MESSAGE =
  'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined';

const saDir = (o: InClusterOptions) => join(o.root ?? '/', SERVICE_ACCOUNT_DIR);

/** Whether an in-cluster config can be made here: the service variables are set and the token is a file. */
export function isInCluster(opts: InClusterOptions = {}): boolean {
  const env = opts.env ?? process.env;
  const token = join(saDir(opts), 'token');
  try {
    return !!env.KUBERNETES_SERVICE_HOST && !!env.KUBERNETES_SERVICE_PORT && statSync(token).isFile();
  } catch {
    return false;
  }
}

/**
 * The RestConfig of a pod: server from the service variables, the token (kept as the token file
 * to re-read), the CA when its file is there, and the namespace from `POD_NAMESPACE`, the service
 * account's `namespace` file, or `default`. Throws KubeconfigError outside a cluster.
 */
export function inClusterConfig(opts: InClusterOptions = {}): RestConfig {
  const env = opts.env ?? process.env;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new KubeconfigError(NOT_IN_CLUSTER_MESSAGE);
  const dir = saDir(opts);
  const tokenFile = join(dir, 'token');
  let token: string;
  try {
    token = readFileSync(tokenFile, 'utf8').trim();
  } catch (err) {
    throw new KubeconfigError(fileError(err, tokenFile));
  }
  const hostPort = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  const config: RestConfig = { server: `https://${hostPort}`, bearerToken: token, bearerTokenFile: tokenFile };
  const caFile = join(dir, 'ca.crt');
  if (existsSync(caFile)) config.caFile = caFile;
  config.namespace = env.POD_NAMESPACE || readNamespace(join(dir, 'namespace')) || 'default';
  if (opts.userAgent) config.userAgent = opts.userAgent;
  return config;
}

function readNamespace(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

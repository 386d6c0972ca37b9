/**
 * Parsing one kubeconfig file (clientcmd's `Load` + `ResolveLocalPaths`): the v1 YAML (or JSON)
 * form with named lists, into maps by name; `*-data` fields decoded from base64; relative file
 * paths resolved against the directory of the file they came from.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubeconfigError, fileError } from './errors.js';
import { emptyKubeconfig, type AuthInfo, type Cluster, type Context, type Kubeconfig } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new KubeconfigError(`${key}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}

/** Go's []byte from JSON: standard base64, strictly. */
function data(o: Obj, key: string): Buffer | undefined {
  const v = str(o, key);
  if (v === undefined) return undefined;
  const clean = v.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new KubeconfigError(`${key}: illegal base64 data`);
  }
  return Buffer.from(clean, 'base64');
}

/** A named list (`clusters: [{name, cluster}]`) as a map; duplicate names are an error, as upstream. */
function named<T>(doc: Obj, list: string, field: string, convert: (o: Obj) => T): Record<string, T> {
  const out: Record<string, T> = {};
  const items = doc[list] ?? [];
  if (!Array.isArray(items)) throw new KubeconfigError(`${list}: expected a list`);
  for (const item of items) {
    if (!isObj(item)) throw new KubeconfigError(`${list}: expected a list of objects`);
    const name = typeof item.name === 'string' ? item.name : '';
    if (Object.hasOwn(out, name)) throw new KubeconfigError(`duplicate name "${name}" in ${list} list`);
    out[name] = convert(isObj(item[field]) ? item[field] : {});
  }
  return out;
}

/**
 * Parses kubeconfig text. `path`, the file it was read from, anchors relative file references
 * (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`); without it they
 * stay as they are.
 */
export function parseKubeconfig(text: string, path?: string): Kubeconfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new KubeconfigError(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return emptyKubeconfig();
  if (!isObj(doc)) throw new KubeconfigError('a kubeconfig must be a YAML mapping');
  const base = path ? dirname(resolve(path)) : undefined;
  const file = (p: string | undefined) => (p && base && !isAbsolute(p) ? resolve(base, p) : p);
  const clusters = named<Cluster>(doc, 'clusters', 'cluster', (c) => ({
    server: str(c, 'server'),
    tlsServerName: str(c, 'tls-server-name'),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    certificateAuthority: file(str(c, 'certificate-authority')),
    certificateAuthorityData: data(c, 'certificate-authority-data'),
    proxyUrl: str(c, 'proxy-url'),
    disableCompression: c['disable-compression'] === true,
  }));
  const users = named<AuthInfo>(doc, 'users', 'user', (u) => ({
    clientCertificate: file(str(u, 'client-certificate')),
    clientCertificateData: data(u, 'client-certificate-data'),
    clientKey: file(str(u, 'client-key')),
    clientKeyData: data(u, 'client-key-data'),
    token: str(u, 'token'),
    tokenFile: file(str(u, 'tokenFile')),
    username: str(u, 'username'),
    password: str(u, 'password'),
    impersonate: str(u, 'as'),
    impersonateUid: str(u, 'as-uid'),
    impersonateGroups: Array.isArray(u['as-groups']) ? u['as-groups'].map(String) : undefined,
    exec: u.exec ?? undefined,
    authProvider: u['auth-provider'] ?? undefined,
  }));
  const contexts = named<Context>(doc, 'contexts', 'context', (c) => ({
    cluster: str(c, 'cluster'),
    user: str(c, 'user'),
    namespace: str(c, 'namespace'),
  }));
  const currentContext = typeof doc['current-context'] === 'string' ? doc['current-context'] : '';
  return { currentContext, clusters, users, contexts };
}

/** Reads and parses one kubeconfig file; errors read `error loading config file "<path>": …`. */
export function loadKubeconfigFile(path: string): Kubeconfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(fileError(err, path));
  }
  try {
    return parseKubeconfig(text, path);
  } catch (err) {
    throw new KubeconfigError(`error loading config file "${path}": ${(err as Error).message}`);
  }
}

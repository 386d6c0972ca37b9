import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKubeconfig } from './parse.js';
import { restConfigFromKubeconfig } from './client-config.js';
import { kubeconfigPaths, loadKubeconfig, loadRestConfig } from './load.js';
import { KubeconfigError } from './errors.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-kubeconfig-'));
  mkdirSync(join(dir, 'pki'));
  writeFileSync(join(dir, 'pki', 'ca.crt'), 'CA FILE');
  writeFileSync(join(dir, 'pki', 'client.crt'), 'CERT FILE');
  writeFileSync(join(dir, 'pki', 'client.key'), 'KEY FILE');
  writeFileSync(join(dir, 'token'), 'file-token\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (s: string) => Buffer.from(s).toString('base64');

const CONFIG = `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: data
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority-data: ${b64('CA DATA')}
    tls-server-name: kubernetes
- name: files
  cluster:
    server: https://files.example:6443/prefix
    certificate-authority: pki/ca.crt
- name: insecure
  cluster:
    server: https://insecure:6443
    insecure-skip-tls-verify: true
users:
- name: token
  user:
    token: static-token
- name: tokenfile
  user:
    tokenFile: token
- name: certdata
  user:
    client-certificate-data: ${b64('CERT DATA')}
    client-key-data: ${b64('KEY DATA')}
- name: certfiles
  user:
    client-certificate: pki/client.crt
    client-key: pki/client.key
contexts:
- name: dev
  context: { cluster: data, user: token, namespace: team-a }
- name: files
  context: { cluster: files, user: certfiles }
- name: tokenfile
  context: { cluster: insecure, user: tokenfile }
- name: certdata
  context: { cluster: data, user: certdata }
`;

const parsed = () => parseKubeconfig(CONFIG, join(dir, 'config'));

test('the current context: server, CA data, tls-server-name, token, namespace', () => {
  const rc = restConfigFromKubeconfig(parsed(), { userAgent: 'test/1' });
  assert.equal(rc.server, 'https://10.0.0.1:6443');
  assert.equal(String(rc.caData), 'CA DATA');
  assert.equal(rc.tlsServerName, 'kubernetes');
  assert.equal(rc.bearerToken, 'static-token');
  assert.equal(rc.namespace, 'team-a');
  assert.equal(rc.userAgent, 'test/1');
});

test('a named context; files resolved against the kubeconfig directory; namespace defaults', () => {
  const rc = restConfigFromKubeconfig(parsed(), { context: 'files' });
  assert.equal(rc.server, 'https://files.example:6443/prefix');
  assert.equal(rc.caFile, join(dir, 'pki', 'ca.crt'));
  assert.equal(rc.certFile, join(dir, 'pki', 'client.crt'));
  assert.equal(rc.keyFile, join(dir, 'pki', 'client.key'));
  assert.equal(rc.namespace, 'default');
  assert.equal(rc.caData, undefined);
});

test('client certificate and key data are decoded', () => {
  const rc = restConfigFromKubeconfig(parsed(), { context: 'certdata' });
  assert.equal(String(rc.certData), 'CERT DATA');
  assert.equal(String(rc.keyData), 'KEY DATA');
  assert.equal(rc.bearerToken, undefined);
});

test('a token file is read, and kept to be read again; insecure-skip-tls-verify', () => {
  const rc = restConfigFromKubeconfig(parsed(), { context: 'tokenfile' });
  assert.equal(rc.bearerToken, 'file-token');
  assert.equal(rc.bearerTokenFile, join(dir, 'token'));
  assert.equal(rc.insecureSkipTlsVerify, true);
});

test('a --namespace override wins over the context', () => {
  assert.equal(restConfigFromKubeconfig(parsed(), { namespace: 'other' }).namespace, 'other');
});

const fails = (fn: () => unknown, message: string) =>
  assert.throws(fn, (err: unknown) => err instanceof KubeconfigError && err.message === message);

test('errors in clientcmd words: missing context, cluster, user, empty config', () => {
  fails(() => restConfigFromKubeconfig(parsed(), { context: 'nope' }), 'context "nope" does not exist');
  fails(() => restConfigFromKubeconfig(parsed(), { cluster: 'nope' }), 'cluster "nope" does not exist');
  fails(() => restConfigFromKubeconfig(parsed(), { user: 'nope' }), 'auth info "nope" does not exist');
  fails(
    () => restConfigFromKubeconfig(parseKubeconfig('')),
    'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
  );
  const dangling = parseKubeconfig(`
current-context: x
contexts: [{ name: x, context: { cluster: gone, user: ghost } }]
`);
  fails(
    () => restConfigFromKubeconfig(dangling),
    'invalid configuration: [cluster "gone" was not found for context "x", user "ghost" was not found for context "x"]',
  );
  fails(
    () =>
      restConfigFromKubeconfig(
        parseKubeconfig('current-context: missing\nclusters: [{name: a, cluster: {server: https://a}}]'),
      ),
    'invalid configuration: [context was not found for specified context: missing, cluster has no server defined]',
  );
});

test('errors for unusable clusters and users', () => {
  const cfg = parseKubeconfig(
    `
current-context: c
clusters: [{ name: k, cluster: { certificate-authority: /nonexistent/ca.crt, insecure-skip-tls-verify: false } }]
users: [{ name: u, user: { client-certificate-data: ${b64('x')}, token: t, username: bob } }]
contexts: [{ name: c, context: { cluster: k, user: u, namespace: Bad_NS } }]
`,
  );
  fails(
    () => restConfigFromKubeconfig(cfg),
    'invalid configuration: [namespace "Bad_NS" for context "c" does not conform to the kubernetes DNS_LABEL rules, ' +
      'no server found for cluster "k", ' +
      'unable to read certificate-authority /nonexistent/ca.crt for k due to open /nonexistent/ca.crt: no such file or directory, ' +
      'client-key-data or client-key must be specified for u to use the clientCert authentication method., ' +
      'more than one authentication method found for u; found [token basicAuth], only one is allowed]',
  );
});

test('bad files: bad base64, duplicate names, a missing token file', () => {
  assert.throws(
    () => parseKubeconfig('clusters: [{ name: a, cluster: { certificate-authority-data: "!!" } }]'),
    /certificate-authority-data: illegal base64 data/,
  );
  assert.throws(
    () => parseKubeconfig('users: [{ name: a, user: {} }, { name: a, user: {} }]'),
    /duplicate name "a" in users list/,
  );
  const cfg = parseKubeconfig(
    `current-context: c
clusters: [{ name: k, cluster: { server: "https://k" } }]
users: [{ name: u, user: { tokenFile: /nonexistent/token } }]
contexts: [{ name: c, context: { cluster: k, user: u } }]`,
  );
  fails(() => restConfigFromKubeconfig(cfg), 'open /nonexistent/token: no such file or directory');
});

test('KUBECONFIG: files merged, the first to name a thing or set current-context wins, missing files skipped', () => {
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(
    a,
    `clusters: [{ name: shared, cluster: { server: "https://from-a" } }]
users: [{ name: me, user: { token: a-token } }]`,
  );
  writeFileSync(
    b,
    `current-context: ctx
clusters: [{ name: shared, cluster: { server: "https://from-b" } }, { name: only-b, cluster: { server: "https://b" } }]
contexts: [{ name: ctx, context: { cluster: shared, user: me } }]`,
  );
  const env = { KUBECONFIG: [a, join(dir, 'missing.yaml'), b, a].join(':') };
  assert.deepEqual(kubeconfigPaths({ env }), [a, join(dir, 'missing.yaml'), b]);
  const merged = loadKubeconfig({ env });
  assert.equal(merged.currentContext, 'ctx');
  assert.deepEqual(Object.keys(merged.clusters).sort(), ['only-b', 'shared']);
  const rc = loadRestConfig({ env });
  assert.equal(rc.server, 'https://from-a');
  assert.equal(rc.bearerToken, 'a-token');
  // An explicit --kubeconfig wins over KUBECONFIG, and must exist.
  assert.equal(loadKubeconfig({ env, kubeconfig: b }).clusters.shared.server, 'https://from-b');
  fails(
    () => loadRestConfig({ env, kubeconfig: join(dir, 'nope') }),
    `stat ${join(dir, 'nope')}: no such file or directory`,
  );
});

test('~/.kube/config is the default; nothing at all is the empty-config error', () => {
  const home = join(dir, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  assert.deepEqual(kubeconfigPaths({ env: {}, homeDir: home }), [join(home, '.kube', 'config')]);
  fails(
    () => loadRestConfig({ env: {}, homeDir: home, inClusterRoot: join(dir, 'no-root') }),
    'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
  );
  writeFileSync(join(home, '.kube', 'config'), CONFIG);
  assert.equal(loadRestConfig({ env: {}, homeDir: home }).server, 'https://10.0.0.1:6443');
});

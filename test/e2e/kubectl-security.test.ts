/**
 * The security steps with the real kubectl 1.32.3 on a cluster set up as kubeadm sets one up:
 * `k8ts certs generate` and `k8ts kubeconfig`, etcd and the apiserver on mutual TLS, client
 * certificates, `--authorization-mode Node,RBAC`, NodeRestriction, secrets encrypted at rest, an
 * audit log. A user certificate without bindings is refused in upstream's words and a
 * RoleBinding fixes it; a restricted namespace refuses a privileged pod; a quota is exceeded;
 * webhooks over HTTPS mutate and deny; etcdctl sees a secret only as ciphertext; the kubelet's
 * kubeconfig reads only what its pods use; the audit log records who did what.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type E2ECluster } from './support/cluster.js';
import { kubectlPath, runBinary } from './support/kubectl.js';
import { signClientCert } from '../../src/pki/x509.js';
import { startTestWebhookServer, type TestWebhookServer } from '../../src/apiserver/admission/webhook/testing.js';

let c: E2ECluster;
let dir: string;
let webhook: TestWebhookServer;
const ETCDCTL = process.env.ETCDCTL_BINARY ?? '/usr/bin/etcdctl';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-sec-'));
  writeFileSync(
    join(dir, 'encryption.yaml'),
    `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc: { keys: [{ name: key1, secret: ${randomBytes(32).toString('base64')} }] }
  - identity: {}
`,
  );
  writeFileSync(
    join(dir, 'audit.yaml'),
    `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  resources: [{ group: "", resources: [secrets] }]
- level: RequestResponse
  resources: [{ group: "", resources: [configmaps] }]
`,
  );
  c = await startCluster({
    pki: true,
    apiserverArgs: [
      '--authorization-mode',
      'Node,RBAC',
      '--enable-admission-plugins',
      'NodeRestriction',
      '--encryption-provider-config',
      join(dir, 'encryption.yaml'),
      '--audit-policy-file',
      join(dir, 'audit.yaml'),
      '--audit-log-path',
      join(dir, 'audit.log'),
    ],
  });
  // What kubeadm does once the control plane is up: admin.conf's group gets cluster-admin.
  const bound = await superAdmin([
    'create',
    'clusterrolebinding',
    'kubeadm:cluster-admins',
    '--clusterrole=cluster-admin',
    '--group=kubeadm:cluster-admins',
  ]);
  assert.equal(bound.code, 0, bound.stderr);
  webhook = await startTestWebhookServer((review, path) => {
    const obj = review.request.object as { metadata: { name: string } };
    if (path.startsWith('/mutate')) {
      const patch = [{ op: 'add', path: '/metadata/annotations', value: { 'webhook.example.com/seen': 'true' } }];
      return { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') };
    }
    return obj.metadata.name.startsWith('forbidden')
      ? { allowed: false, status: { code: 403, message: 'this name is not allowed here' } }
      : { allowed: true };
  });
});
after(async () => {
  await webhook?.close();
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], input?: string) => c.kubectl(args, { input });
const superAdmin = (args: string[]) =>
  runBinary(kubectlPath(), ['--kubeconfig', join(c.dir, 'super-admin.conf'), ...args]);
const kubelet = (args: string[]) => runBinary(kubectlPath(), ['--kubeconfig', join(c.dir, 'kubelet.conf'), ...args]);

test('admin.conf over mutual TLS; a user certificate without bindings gets 403, a RoleBinding fixes it', async () => {
  const who = await run(['auth', 'whoami']);
  assert.match(who.stdout, /Username\s+kubernetes-admin\nGroups\s+\[kubeadm:cluster-admins system:authenticated\]/);
  const alice = await signClientCert(join(c.dir, 'pki'), 'alice', ['devs']);
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  writeFileSync(
    join(dir, 'alice.conf'),
    `apiVersion: v1
kind: Config
clusters: [{ name: k8ts, cluster: { server: '${c.url}', certificate-authority-data: ${b64(alice.ca)} } }]
users: [{ name: alice, user: { client-certificate-data: ${b64(alice.cert)}, client-key-data: ${b64(alice.key)} } }]
contexts: [{ name: alice, context: { cluster: k8ts, user: alice } }]
current-context: alice
`,
  );
  const asAlice = (args: string[]) => runBinary(kubectlPath(), ['--kubeconfig', join(dir, 'alice.conf'), ...args]);
  const denied = await asAlice(['get', 'pods']);
  assert.equal(
    denied.stderr,
    'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n',
  );
  assert.equal((await run(['create', 'rolebinding', 'alice', '--clusterrole=view', '--group=devs'])).code, 0);
  const allowed = await asAlice(['get', 'pods']);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(allowed.stderr, 'No resources found in default namespace.\n');
});

test('a restricted namespace refuses a privileged pod with upstream message', async () => {
  assert.equal((await run(['create', 'namespace', 'locked'])).code, 0);
  assert.equal((await run(['label', 'namespace', 'locked', 'pod-security.kubernetes.io/enforce=restricted'])).code, 0);
  const res = await run(['run', 'priv', '-n', 'locked', '--image=busybox', '--privileged']);
  assert.equal(res.code, 1);
  assert.equal(
    res.stderr,
    'Error from server (Forbidden): pods "priv" is forbidden: violates PodSecurity "restricted:latest": privileged (container "priv" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "priv" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "priv" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "priv" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "priv" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")\n',
  );
});

test('a quota exceeded', async () => {
  assert.equal((await run(['create', 'namespace', 'small'])).code, 0);
  assert.equal((await run(['create', 'quota', 'pods', '-n', 'small', '--hard=pods=1'])).code, 0);
  // The resourcequota controller's first sync (the controller manager's part), done by hand.
  const synced = await run([
    'patch',
    'resourcequota',
    'pods',
    '-n',
    'small',
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"hard":{"pods":"1"},"used":{"pods":"0"}}}',
  ]);
  assert.equal(synced.code, 0, synced.stderr);
  assert.equal((await run(['run', 'one', '-n', 'small', '--image=busybox'])).code, 0);
  const two = await run(['run', 'two', '-n', 'small', '--image=busybox']);
  assert.equal(
    two.stderr,
    'Error from server (Forbidden): pods "two" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1\n',
  );
});

test('webhooks over HTTPS: one mutates, one denies', async () => {
  const config = (kind: string, path: string) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name: `e2e${path.replace('/', '-')}` },
    webhooks: [
      {
        name: `${path.slice(1)}.e2e.example.com`,
        clientConfig: { url: `${webhook.url}${path}`, caBundle: webhook.caBundle },
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
      },
    ],
  });
  // One object at a time: kubectl validates a List against /openapi/v2, which k8ts serves in JSON
  // only, and kubectl asks for it in protobuf.
  for (const cfg of [
    config('MutatingWebhookConfiguration', '/mutate'),
    config('ValidatingWebhookConfiguration', '/validate'),
  ]) {
    const applied = await run(['apply', '-f', '-'], JSON.stringify(cfg));
    assert.equal(applied.code, 0, applied.stderr);
  }
  // The configurations reach admission through the watch cache: a consistent read waits for it.
  for (const kind of ['mutating', 'validating']) {
    await run(['get', '--raw', `/apis/admissionregistration.k8s.io/v1/${kind}webhookconfigurations`]);
  }
  const made = await run(['create', 'configmap', 'fine']);
  assert.equal(made.code, 0, made.stderr);
  const got = await run(['get', 'configmap', 'fine', '-o', 'jsonpath={.metadata.annotations}']);
  assert.equal(got.stdout, '{"webhook.example.com/seen":"true"}');
  const refused = await run(['create', 'configmap', 'forbidden-one']);
  assert.equal(
    refused.stderr,
    'error: failed to create configmap: admission webhook "validate.e2e.example.com" denied the request: this name is not allowed here\n',
  );
});

test('etcdctl sees a secret only as k8s:enc:aescbc:v1:key1 ciphertext; kubectl reads it back', async () => {
  assert.equal((await run(['create', 'secret', 'generic', 'db', '--from-literal=password=hunter2'])).code, 0);
  const pki = join(c.dir, 'pki');
  const raw = await runBinary(
    ETCDCTL,
    [
      `--endpoints=${c.etcdEndpoint}`,
      `--cacert=${join(pki, 'etcd/ca.crt')}`,
      `--cert=${join(pki, 'etcd/healthcheck-client.crt')}`,
      `--key=${join(pki, 'etcd/healthcheck-client.key')}`,
      'get',
      '/registry/secrets/default/db',
      '--print-value-only',
    ],
    { env: { ETCDCTL_API: '3' } },
  );
  assert.equal(raw.code, 0, raw.stderr);
  assert.ok(raw.stdout.startsWith('k8s:enc:aescbc:v1:key1:'), raw.stdout.slice(0, 40));
  assert.ok(!raw.stdout.includes('hunter2'));
  const back = await run(['get', 'secret', 'db', '-o', 'jsonpath={.data.password}']);
  assert.equal(Buffer.from(back.stdout, 'base64').toString(), 'hunter2');
});

test("the kubelet's kubeconfig reads what its pods use and nothing else", async () => {
  await run(['create', 'secret', 'generic', 'for-n1', '--from-literal=k=v']);
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'on-n1' },
    spec: {
      nodeName: 'n1',
      containers: [{ name: 'c', image: 'busybox' }],
      volumes: [{ name: 's', secret: { secretName: 'for-n1' } }],
    },
  };
  assert.equal((await run(['create', '-f', '-'], JSON.stringify(pod))).code, 0);
  const mine = await kubelet(['get', 'secret', 'for-n1', '-o', 'name']);
  assert.equal(mine.stdout, 'secret/for-n1\n', mine.stderr);
  const other = await kubelet(['get', 'secret', 'db']);
  assert.equal(
    other.stderr,
    `Error from server (Forbidden): secrets "db" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'n1' and this object\n`,
  );
});

test('the audit log records the requests by user and level', async () => {
  await run(['create', 'configmap', 'audited', '--from-literal=a=b']);
  // The log is written in the background; give it a moment.
  let events: {
    verb: string;
    user: { username: string };
    objectRef?: { resource: string; name?: string };
    level: string;
    requestObject?: unknown;
    userAgent?: string;
  }[] = [];
  for (let i = 0; i < 50 && !events.some((e) => e.objectRef?.name === 'audited'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    events = readFileSync(join(dir, 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  }
  const cm = events.find((e) => e.objectRef?.name === 'audited' && e.verb === 'create')!;
  assert.equal(cm.user.username, 'kubernetes-admin');
  assert.equal(cm.level, 'RequestResponse');
  assert.match(cm.userAgent ?? '', /^kubectl/);
  const secret = events.find(
    (e) => e.objectRef?.resource === 'secrets' && e.objectRef.name === 'db' && e.verb === 'create',
  )!;
  assert.equal(secret.level, 'Metadata');
  assert.equal(secret.requestObject, undefined);
  assert.ok(!readFileSync(join(dir, 'audit.log'), 'utf8').includes('hunter2'));
});

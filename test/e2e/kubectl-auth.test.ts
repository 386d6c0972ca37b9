/**
 * Authentication and RBAC with the real kubectl 1.32.3: `k8ts apiserver --authorization-mode RBAC
 * --token-auth-file …`, the kubeconfig's token a system:masters user. `kubectl auth whoami`, a
 * user without bindings refused in upstream's words, a RoleBinding made with `kubectl create
 * rolebinding` (a protobuf body) fixing it, `kubectl auth can-i` answering through RBAC, and
 * `kubectl create token` issuing a service-account token that authenticates.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type E2ECluster } from './support/cluster.js';

let c: E2ECluster;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-auth-'));
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, 'k8ts-admin,kubernetes-admin,0,"system:masters"\nalice-token,alice,1001\n');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
  c = await startCluster({
    apiserverArgs: [
      '--authorization-mode',
      'RBAC',
      '--token-auth-file',
      tokens,
      '--service-account-signing-key-file',
      join(dir, 'sa.key'),
    ],
  });
});
after(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => c.kubectl(args);
const alice = (args: string[]) => c.kubectl(['--token', 'alice-token', ...args]);

test('whoami, 403 in upstream words, a RoleBinding, and can-i through RBAC', async () => {
  const who = await run(['auth', 'whoami']);
  assert.equal(who.code, 0, who.stderr);
  assert.match(
    who.stdout,
    /^ATTRIBUTE\s+VALUE\nUsername\s+kubernetes-admin\nUID\s+0\nGroups\s+\[system:masters system:authenticated\]\n$/,
  );

  const denied = await alice(['get', 'pods']);
  assert.equal(denied.code, 1);
  assert.equal(
    denied.stderr,
    'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n',
  );
  const bound = await run(['create', 'rolebinding', 'alice-view', '--clusterrole=view', '--user=alice']);
  assert.equal(bound.stdout, 'rolebinding.rbac.authorization.k8s.io/alice-view created\n', bound.stderr);
  const listed = await alice(['get', 'pods']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stderr, 'No resources found in default namespace.\n');

  assert.equal((await alice(['auth', 'can-i', 'list', 'pods'])).stdout, 'yes\n');
  const no = await alice(['auth', 'can-i', 'delete', 'pods']);
  assert.equal(no.code, 1);
  assert.equal(no.stdout, 'no\n');
  assert.equal((await alice(['auth', 'can-i', 'list', 'pods', '-n', 'kube-system'])).stdout, 'no\n');
  const list = await alice(['auth', 'can-i', '--list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n/);
  assert.match(list.stdout, /\npods\s+\[\]\s+\[\]\s+\[get list watch\]\n/);

  // An admin may act as anyone (--as); alice may not.
  assert.equal((await run(['auth', 'can-i', 'list', 'pods', '--as', 'alice'])).stdout, 'yes\n');
  assert.equal((await run(['auth', 'can-i', 'list', 'pods', '--as', 'bob'])).stdout, 'no\n');
  const impersonating = await alice(['get', 'pods', '--as', 'kubernetes-admin']);
  assert.equal(
    impersonating.stderr,
    'Error from server (Forbidden): users "kubernetes-admin" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope\n',
  );
});

test('kubectl create token: a service-account token that authenticates as the account', async () => {
  assert.equal((await run(['create', 'serviceaccount', 'builder'])).stdout, 'serviceaccount/builder created\n');
  const issued = await run(['create', 'token', 'builder', '--duration', '15m']);
  assert.equal(issued.code, 0, issued.stderr);
  const token = issued.stdout.trim();
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const who = await c.kubectl(['--token', token, 'auth', 'whoami']);
  assert.equal(who.code, 0, who.stderr);
  assert.match(who.stdout, /\nUsername\s+system:serviceaccount:default:builder\n/);
  assert.match(
    who.stdout,
    /\nGroups\s+\[system:serviceaccounts system:serviceaccounts:default system:authenticated\]\n/,
  );
  const denied = await c.kubectl(['--token', token, 'get', 'secrets']);
  assert.equal(
    denied.stderr,
    'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:default:builder" cannot list resource "secrets" in API group "" in the namespace "default"\n',
  );
});

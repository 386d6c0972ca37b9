/**
 * The real kubectl 1.32.3 against `k8ts etcd` + `k8ts apiserver` run as processes: what it prints
 * for the everyday verbs and for the errors people meet, compared with upstream's wording.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type E2ECluster } from './support/cluster.js';

let c: E2ECluster;
before(async () => {
  c = await startCluster();
});
after(() => c?.stop());

const ok = async (args: string[], input?: string) => {
  const r = await c.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports: [{containerPort: 80}]
`;

test('version reports the server as 1.32', async () => {
  const out = JSON.parse(await ok(['version', '-o', 'json']));
  assert.equal(out.serverVersion.major, '1');
  assert.equal(out.serverVersion.minor, '32');
});

test('api-versions and api-resources list upstream 1.32 groups and resources', async () => {
  const versions = (await ok(['api-versions'])).trim().split('\n');
  for (const gv of [
    'v1',
    'apps/v1',
    'batch/v1',
    'autoscaling/v2',
    'autoscaling/v1',
    'networking.k8s.io/v1',
    'rbac.authorization.k8s.io/v1',
  ]) {
    assert.ok(versions.includes(gv), `${gv} missing from ${versions.join(' ')}`);
  }
  const resources = await ok(['api-resources', '--no-headers']);
  assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  assert.match(resources, /^pods\s+po\s+v1\s+true\s+Pod$/m);
  assert.match(resources, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
});

test('create -f, get in every output form, and the errors for NotFound and AlreadyExists', async () => {
  assert.equal(await ok(['create', '-f', '-'], POD), 'pod/web created\n');
  const table = await ok(['get', 'pods']);
  assert.match(table, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
  assert.match(table, /^web\s+0\/1\s+Pending\s+0\s+\d+s\n/m);
  assert.match(
    await ok(['get', 'pods', '-o', 'wide']),
    /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/,
  );
  assert.equal(await ok(['get', 'pod', 'web', '-o', 'name']), 'pod/web\n');
  assert.equal(await ok(['get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[0].image}']), 'nginx:1.27');
  const json = JSON.parse(await ok(['get', 'pod', 'web', '-o', 'json']));
  assert.equal(json.spec.restartPolicy, 'Always');
  assert.match(await ok(['get', 'pod', 'web', '-o', 'yaml']), /^kind: Pod$/m);
  assert.match(
    await ok(['get', 'pods', '-o', 'custom-columns=N:.metadata.name,I:.spec.containers[*].image']),
    /^web\s+nginx:1\.27$/m,
  );
  assert.match(await ok(['get', 'pods', '--show-labels']), /app=web/);

  const missing = await c.kubectl(['get', 'pod', 'nope']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  const again = await c.kubectl(['create', '-f', '-'], { input: POD });
  assert.equal(again.code, 1);
  assert.equal(
    again.stderr,
    'Error from server (AlreadyExists): error when creating "STDIN": pods "web" already exists\n',
  );
});

test('a kind: List file is validated against /openapi/v2 (protobuf) and its items created', async () => {
  const item = (name: string, extra = '') => `- apiVersion: v1
  kind: ConfigMap
  metadata: {name: ${name}}
  data: {x: "1"}
${extra}`;
  const list = (items: string) => `apiVersion: v1\nkind: List\nitems:\n${items}`;
  assert.equal(
    await ok(['create', '-f', '-'], list(item('list-a') + item('list-b'))),
    'configmap/list-a created\nconfigmap/list-b created\n',
  );
  const bad = await c.kubectl(['create', '-f', '-'], { input: list(item('list-c', '  bogus: 1\n')) });
  assert.equal(bad.code, 1);
  assert.equal(
    bad.stderr,
    'error: error validating "STDIN": error validating data: ValidationError(ConfigMap): unknown field "bogus" in ' +
      'io.k8s.api.core.v1.ConfigMap; if you choose to ignore these errors, turn validation off with --validate=false\n',
  );
  assert.equal((await c.kubectl(['get', 'configmap', 'list-c'])).code, 1, 'nothing was created');
  // What `get -o yaml` prints for several objects is a List, and it applies back as it is.
  const listed = await ok(['get', 'configmaps', 'list-a', 'list-b', '-o', 'yaml']);
  assert.match(listed, /^kind: List$/m);
  assert.equal(await ok(['apply', '-f', '-'], listed), 'configmap/list-a configured\nconfigmap/list-b configured\n');
});

test('label, annotate, selectors and sort-by', async () => {
  assert.equal(await ok(['label', 'pod', 'web', 'tier=front']), 'pod/web labeled\n');
  assert.equal(await ok(['annotate', 'pod', 'web', 'note=hi']), 'pod/web annotated\n');
  assert.match(await ok(['get', 'pods', '-l', 'tier in (front,back)']), /^web\s/m);
  assert.equal(
    (await c.kubectl(['get', 'pods', '-l', 'tier=back'])).stderr,
    'No resources found in default namespace.\n',
  );
  assert.match(await ok(['get', 'pods', '--field-selector', 'metadata.name=web']), /^web\s/m);
  assert.match(await ok(['get', 'pods', '-A']), /^NAMESPACE\s+NAME\s+READY/);
  assert.match(
    await ok(['get', 'ns', '--sort-by', '.metadata.name', '-o', 'name']),
    /^namespace\/default\nnamespace\/kube-node-lease\nnamespace\/kube-public\nnamespace\/kube-system\n$/,
  );
  const bad = await c.kubectl(['get', 'pods', '--field-selector', 'spec.nope=1']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /field label not supported: spec\.nope/);
});

test('get -w shows changes as they happen', async () => {
  const watching = c.kubectl(['get', 'configmaps', '-w', '--request-timeout=4s'], { timeoutMs: 10_000 });
  await new Promise((r) => setTimeout(r, 1000));
  await ok(['create', 'configmap', 'live', '--from-literal=a=b']);
  const r = await watching;
  assert.match(r.stdout, /^live\s+1\s+\d+s$/m);
});

test('scale, and a stale update is refused with the Conflict message', async () => {
  await ok(['create', 'deployment', 'api', '--image=busybox', '--replicas=1']);
  assert.equal(await ok(['scale', 'deployment', 'api', '--replicas=3']), 'deployment.apps/api scaled\n');
  assert.equal(await ok(['get', 'deploy', 'api', '-o', 'jsonpath={.spec.replicas}']), '3');
  const stale = JSON.parse(await ok(['get', 'deploy', 'api', '-o', 'json']));
  await ok(['label', 'deploy', 'api', 'x=1']);
  stale.spec.replicas = 5;
  const r = await c.kubectl(['replace', '-f', '-'], { input: JSON.stringify(stale) });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on deployments.apps "api": the object has been modified; please apply your changes to the latest version and try again\n',
  );
});

test('delete by name, by label and --all', async () => {
  for (const n of ['d1', 'd2', 'd3']) await ok(['create', 'configmap', n, '--from-literal=k=v']);
  await ok(['label', 'cm', 'd1', 'd2', 'group=del']);
  assert.equal(await ok(['delete', 'cm', '-l', 'group=del']), 'configmap "d1" deleted\nconfigmap "d2" deleted\n');
  assert.equal(await ok(['delete', 'cm', 'd3']), 'configmap "d3" deleted\n');
  const nf = await c.kubectl(['delete', 'cm', 'd3']);
  assert.equal(nf.stderr, 'Error from server (NotFound): configmaps "d3" not found\n');
  await ok(['delete', 'pods', '--all', '--wait']);
  assert.equal((await c.kubectl(['get', 'pods'])).stderr, 'No resources found in default namespace.\n');
});

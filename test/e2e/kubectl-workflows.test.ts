/**
 * The real kubectl 1.32.3 against `k8ts etcd` + `k8ts apiserver`: the workflows people run after
 * the basics (cluster-info, explain, apply's three-way merge, replace, the three patch types,
 * describe with events, set image, delete and wait, server dry run, field validation, invalid
 * objects, and the get output forms kubectl-basics does not cover), compared with upstream's
 * wording. No controllers or kubelets run: objects stay as the apiserver leaves them.
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

/** A failing kubectl: its exit code must be 1; returns what it printed on stderr. */
const fails = async (args: string[], input?: string) => {
  const r = await c.kubectl(args, { input });
  assert.equal(r.code, 1, `kubectl ${args.join(' ')} should fail: ${r.stdout}${r.stderr}`);
  return r.stderr;
};

const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));

/** A Deployment manifest; `web` always, a sidecar and extra bits as asked. */
function deployment(
  name: string,
  opts: { labels?: Record<string, string>; env?: [string, string][]; ports?: number[]; sidecar?: boolean } = {},
): string {
  const env = (opts.env ?? []).map(([n, v]) => ({ name: n, value: v }));
  const ports = (opts.ports ?? [80]).map((p) => ({ containerPort: p }));
  const containers: unknown[] = [{ name: 'web', image: 'nginx:1.27', ports, ...(env.length ? { env } : {}) }];
  if (opts.sidecar) containers.push({ name: 'sidecar', image: 'busybox:1.36', command: ['sleep', 'infinity'] });
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name, ...opts.labels } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  });
}

const pod = (name: string, extra: { spec?: object; metadata?: object } = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name }, ...extra.metadata },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }], ...extra.spec },
  });

test('cluster-info names the control plane and the cluster services of kube-system', async () => {
  const out = await ok(['cluster-info']);
  assert.ok(
    out.startsWith(`Kubernetes control plane is running at ${c.url}\n`),
    `cluster-info printed: ${JSON.stringify(out)}`,
  );
  assert.match(out, /To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'\./);
  // kubectl lists kube-system services labelled kubernetes.io/cluster-service=true, by their
  // kubernetes.io/name, linked through the service proxy by their first port's name.
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: { selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
    }),
  );
  assert.match(
    await ok(['cluster-info']),
    new RegExp(`^CoreDNS is running at ${c.url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy$`, 'm'),
  );
});

test('explain reads kinds and nested fields from /openapi/v3', async () => {
  const podDoc = await ok(['explain', 'pod']);
  assert.match(podDoc, /^KIND:\s+Pod\nVERSION:\s+v1\n\nDESCRIPTION:\n/);
  assert.match(podDoc, /Pod is a collection of containers that can run on a host\./);
  assert.match(podDoc, /^ {2}spec\t<PodSpec>$/m);
  assert.match(podDoc, /^ {2}status\t<PodStatus>$/m);

  const strategy = await ok(['explain', 'deployment.spec.strategy']);
  assert.match(strategy, /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: strategy <DeploymentStrategy>\n/);
  assert.match(strategy, /The deployment strategy to use to replace existing pods with new ones\./);
  assert.match(strategy, /^ {2}rollingUpdate\t<RollingUpdateDeployment>$/m);
  assert.match(strategy, /^ {2}type\t<string>/m);

  const ports = await ok(['explain', 'pod.spec.containers.ports']);
  assert.match(ports, /^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: ports <\[\]ContainerPort>\n/);
  assert.match(ports, /^ {2}containerPort\t<integer> -required-$/m);
  assert.match(ports, /Number of port to expose on the pod's IP address\./);

  assert.equal(await fails(['explain', 'pod.spec.nope']), 'error: field "nope" does not exist\n');
});

test('apply: created, unchanged, configured with a merged container list, and removals follow the manifest', async () => {
  const v1 = deployment('shop', {
    labels: { team: 'blue' },
    env: [
      ['MODE', 'prod'],
      ['DEBUG', '0'],
    ],
  });
  assert.equal(await ok(['apply', '-f', '-'], v1), 'deployment.apps/shop created\n');
  assert.equal(await ok(['apply', '-f', '-'], v1), 'deployment.apps/shop unchanged\n');

  // A change made outside the manifest survives the next apply (three-way merge).
  assert.equal(await ok(['set', 'env', 'deployment/shop', 'EXTRA=1']), 'deployment.apps/shop env updated\n');
  const v2 = deployment('shop', {
    labels: { team: 'blue' },
    env: [
      ['MODE', 'prod'],
      ['DEBUG', '0'],
    ],
    ports: [80, 443],
    sidecar: true,
  });
  assert.equal(await ok(['apply', '-f', '-'], v2), 'deployment.apps/shop configured\n');
  let d = await json(['get', 'deploy', 'shop']);
  assert.deepEqual(
    d.spec.template.spec.containers.map((x: { name: string }) => x.name),
    ['web', 'sidecar'],
  );
  const web = d.spec.template.spec.containers[0];
  assert.deepEqual(web.ports, [
    { containerPort: 80, protocol: 'TCP' },
    { containerPort: 443, protocol: 'TCP' },
  ]);
  assert.deepEqual(
    web.env.map((e: { name: string }) => e.name),
    ['MODE', 'DEBUG', 'EXTRA'],
  );
  assert.equal(d.metadata.generation, 3);

  // Dropping a label, an env var, a port and the sidecar from the manifest removes them live.
  const v3 = deployment('shop', { env: [['MODE', 'prod']], ports: [443] });
  assert.equal(await ok(['apply', '-f', '-'], v3), 'deployment.apps/shop configured\n');
  d = await json(['get', 'deploy', 'shop']);
  assert.deepEqual(d.metadata.labels, { app: 'shop' });
  assert.deepEqual(
    d.spec.template.spec.containers.map((x: { name: string }) => x.name),
    ['web'],
  );
  assert.deepEqual(
    d.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name),
    ['MODE', 'EXTRA'],
  );
  assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 443, protocol: 'TCP' }]);
  const last = JSON.parse(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
  assert.deepEqual(last.metadata.labels, { app: 'shop' });

  // apply over an object made by create warns, patches the annotation in, and configures.
  await ok(['create', 'configmap', 'made', '--from-literal=a=1']);
  const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'made' }, data: { a: '2' } });
  const r = await c.kubectl(['apply', '-f', '-'], { input: cm });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'configmap/made configured\n');
  assert.equal(
    r.stderr,
    'Warning: resource configmaps/made is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
  );
});

test('replace swaps the whole object; a missing one is NotFound; --force deletes and recreates', async () => {
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1', b: '2' } }),
  );
  const uid = await ok(['get', 'cm', 'cfg', '-o', 'jsonpath={.metadata.uid}']);
  const next = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { c: '3' } });
  assert.equal(await ok(['replace', '-f', '-'], next), 'configmap/cfg replaced\n');
  const got = await json(['get', 'cm', 'cfg']);
  assert.deepEqual(got.data, { c: '3' });
  assert.equal(got.metadata.uid, uid);

  assert.equal(
    await fails(
      ['replace', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ghost' } }),
    ),
    'Error from server (NotFound): error when replacing "STDIN": configmaps "ghost" not found\n',
  );

  assert.equal(await ok(['replace', '--force', '-f', '-'], next), 'configmap "cfg" deleted\nconfigmap/cfg replaced\n');
  assert.notEqual(await ok(['get', 'cm', 'cfg', '-o', 'jsonpath={.metadata.uid}']), uid);
});

test('patch: strategic by merge key, merge replaces lists, json ops, and the errors of each', async () => {
  await ok(['apply', '-f', '-'], deployment('pat', { sidecar: true }));
  // Strategic (the default): containers merge by name, the other container is kept.
  assert.equal(
    await ok([
      'patch',
      'deploy',
      'pat',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.37"}]}}}}',
    ]),
    'deployment.apps/pat patched\n',
  );
  assert.equal(
    await ok(['get', 'deploy', 'pat', '-o', 'jsonpath={.spec.template.spec.containers[*].image}']),
    'nginx:1.27 busybox:1.37',
  );
  assert.equal(
    await ok([
      'patch',
      'deploy',
      'pat',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.37"}]}}}}',
    ]),
    'deployment.apps/pat patched (no change)\n',
  );
  // $patch: delete removes one element by its merge key.
  await ok([
    'patch',
    'deploy',
    'pat',
    '-p',
    '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}',
  ]);
  assert.equal(await ok(['get', 'deploy', 'pat', '-o', 'jsonpath={.spec.template.spec.containers[*].name}']), 'web');
  assert.equal(
    await fails(['patch', 'deploy', 'pat', '-p', '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}']),
    // Upstream answers this with a 500 (`Error from server: …`); k8ts with a 400, the message the same.
    'Error from server (BadRequest): map: map[image:x] does not contain declared merge key: name\n',
  );

  // Merge patch (RFC 7386): maps merge, a null deletes, lists are replaced whole.
  assert.equal(
    await ok([
      'patch',
      'deploy',
      'pat',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"labels":{"tier":"x"}},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"only","image":"nginx:1.28"}]}}}}',
    ]),
    'deployment.apps/pat patched\n',
  );
  let d = await json(['get', 'deploy', 'pat']);
  assert.equal(d.spec.replicas, 3);
  assert.deepEqual(d.metadata.labels, { app: 'pat', tier: 'x' });
  assert.deepEqual(
    d.spec.template.spec.containers.map((x: { name: string }) => x.name),
    ['only'],
  );
  // The merged object is defaulted again: the new container gets its pull policy and message path.
  assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  await ok(['patch', 'deploy', 'pat', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":null}}}']);
  assert.deepEqual((await json(['get', 'deploy', 'pat'])).metadata.labels, { app: 'pat' });

  // JSON patch (RFC 6902).
  assert.equal(
    await ok([
      'patch',
      'deploy',
      'pat',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.29"},{"op":"add","path":"/metadata/labels/new","value":"v"},{"op":"test","path":"/spec/replicas","value":3}]',
    ]),
    'deployment.apps/pat patched\n',
  );
  d = await json(['get', 'deploy', 'pat']);
  assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.29');
  assert.equal(d.metadata.labels.new, 'v');
  // An operation that does not apply is upstream's bare 422 (the cause is not sent).
  const notApplied = 'The request is invalid: the server rejected our request due to an error in our request\n';
  assert.equal(
    await fails(['patch', 'deploy', 'pat', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/nope"}]']),
    notApplied,
  );
  assert.equal(
    await fails([
      'patch',
      'deploy',
      'pat',
      '--type',
      'json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":9}]',
    ]),
    notApplied,
  );
  assert.equal(
    await fails(['patch', 'deploy', 'pat', '--type', 'json', '-p', '{"op":"test"}']),
    'Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n',
  );
  // A patch that leaves an invalid object is refused by validation, with the kind's name.
  assert.equal(
    await fails(['patch', 'deploy', 'pat', '--type', 'merge', '-p', '{"spec":{"replicas":-2}}']),
    'The Deployment "pat" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0\n',
  );
  assert.equal(
    await fails(['patch', 'deploy', 'nope', '-p', '{}']),
    'Error from server (NotFound): deployments.apps "nope" not found\n',
  );
});

test('describe pod, deployment, node and service, with the pod event listed', async () => {
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
      spec: { podCIDR: '10.244.1.0/24' },
      status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } },
    }),
  );
  await ok(['create', '-f', '-'], pod('described', { spec: { nodeName: 'n1' } }));
  const uid = await ok(['get', 'pod', 'described', '-o', 'jsonpath={.metadata.uid}']);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal(
    await ok(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'described.17a0' },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'described', namespace: 'default', uid },
        reason: 'Pulling',
        message: 'Pulling image "nginx:1.27"',
        type: 'Normal',
        source: { component: 'kubelet', host: 'n1' },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      }),
    ),
    'event/described.17a0 created\n',
  );

  const p = await ok(['describe', 'pod', 'described']);
  assert.match(p, /^Name:\s+described$/m);
  // kubectl prints `<nodeName>/<hostIP>`; no kubelet has reported a host IP.
  assert.match(p, /^Node:\s+n1\/$/m);
  assert.match(p, /^Labels:\s+app=described$/m);
  assert.match(p, /^Status:\s+Pending$/m);
  assert.match(p, /^ {4}Image:\s+nginx:1\.27$/m);
  assert.match(p, /^ {4}Port:\s+80\/TCP$/m);
  assert.match(p, /^QoS Class:\s+BestEffort$/m);
  assert.match(p, /^Events:\n {2}Type\s+Reason\s+Age\s+From\s+Message\n/m);
  assert.match(p, /^ {2}Normal\s+Pulling\s+\d+s\s+kubelet\s+Pulling image "nginx:1\.27"$/m);

  await ok(['apply', '-f', '-'], deployment('desc', { env: [['MODE', 'prod']] }));
  const d = await ok(['describe', 'deployment', 'desc']);
  assert.match(d, /^Selector:\s+app=desc$/m);
  assert.match(d, /^Replicas:\s+2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
  assert.match(d, /^StrategyType:\s+RollingUpdate$/m);
  assert.match(d, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
  assert.match(d, /^ {6}MODE:\s+prod$/m);
  assert.match(d, /^Events:\s+<none>$/m);

  const n = await ok(['describe', 'node', 'n1']);
  assert.match(n, /^Name:\s+n1$/m);
  // TaintNodesByCondition: a new Node is not-ready until its node lifecycle says otherwise.
  assert.match(n, /^Taints:\s+node.kubernetes.io\/not-ready:NoSchedule$/m);
  assert.match(n, /^Unschedulable:\s+false$/m);
  assert.match(n, /^Lease:\s+Failed to get lease: leases\.coordination\.k8s\.io "n1" not found$/m);
  // Allocatable is defaulted from capacity; podCIDRs from podCIDR (upstream's v1 conversion).
  assert.match(n, /^Allocatable:\n {2}cpu:\s+4\n {2}memory:\s+8Gi\n {2}pods:\s+110\n/m);
  assert.match(n, /^PodCIDR:\s+10\.244\.1\.0\/24\nPodCIDRs:\s+10\.244\.1\.0\/24$/m);
  // The pods on the node come from a spec.nodeName and status.phase field selector.
  assert.match(n, /^Non-terminated Pods:\s+\(1 in total\)$/m);
  assert.match(n, /^ {2}default\s+described\s+0 \(0%\)\s+0 \(0%\)\s+0 \(0%\)\s+0 \(0%\)\s+\d+s$/m);
  assert.deepEqual((await json(['get', 'node', 'n1'])).spec, {
    podCIDR: '10.244.1.0/24',
    podCIDRs: ['10.244.1.0/24'],
    taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
  });

  await ok(['create', 'service', 'clusterip', 'front', '--tcp=80:8080']);
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'front-x1', labels: { 'kubernetes.io/service-name': 'front' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true } }],
      ports: [{ name: '80-8080', port: 8080, protocol: 'TCP' }],
    }),
  );
  const s = await ok(['describe', 'service', 'front']);
  assert.match(s, /^Type:\s+ClusterIP$/m);
  assert.match(s, /^IP Family Policy:\s+SingleStack$/m);
  assert.match(s, /^IP:\s+10\.\d+\.\d+\.\d+$/m);
  assert.match(s, /^Port:\s+80-8080\s+80\/TCP$/m);
  assert.match(s, /^TargetPort:\s+8080\/TCP$/m);
  assert.match(s, /^Endpoints:\s+10\.244\.1\.5:8080$/m);
  assert.match(s, /^Session Affinity:\s+None$/m);
});

test('set image changes one container by name', async () => {
  await ok(['create', 'deployment', 'img', '--image=nginx:1.27']);
  assert.equal(await ok(['set', 'image', 'deployment/img', 'nginx=nginx:1.28']), 'deployment.apps/img image updated\n');
  const d = await json(['get', 'deploy', 'img']);
  assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.28');
  assert.equal(d.metadata.generation, 2);
  assert.equal(
    await fails(['set', 'image', 'deployment/img', 'nope=x']),
    'error: unable to find container named "nope"\n',
  );
});

test('delete --wait, a finalizer that holds the pod until patched away, and a graceful delete forced', async () => {
  // No node: upstream deletes an unscheduled pod at once.
  await ok(['create', '-f', '-'], pod('gone'));
  assert.equal(await ok(['delete', 'pod', 'gone', '--wait', '--timeout=20s']), 'pod "gone" deleted\n');
  assert.equal(await fails(['get', 'pod', 'gone']), 'Error from server (NotFound): pods "gone" not found\n');

  await ok(['create', '-f', '-'], pod('held', { metadata: { finalizers: ['example.com/hold'] } }));
  assert.equal(await ok(['delete', 'pod', 'held', '--wait=false']), 'pod "held" deleted\n');
  const held = await json(['get', 'pod', 'held']);
  assert.ok(held.metadata.deletionTimestamp, 'deletionTimestamp set');
  assert.equal(held.metadata.deletionGracePeriodSeconds, 0);
  assert.match(await ok(['get', 'pod', 'held']), /^held\s+0\/1\s+Terminating\s+0\s+\d+s$/m);
  const waiting = c.kubectl(['wait', '--for=delete', 'pod/held', '--timeout=30s'], { timeoutMs: 40_000 });
  await new Promise((r) => setTimeout(r, 1000));
  await ok(['patch', 'pod', 'held', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
  const w = await waiting;
  assert.equal(w.code, 0, w.stderr);
  assert.equal(w.stdout, 'pod/held condition met\n');
  await fails(['get', 'pod', 'held']);

  // On a node, the kubelet is given the pod's grace period; --force with 0 deletes at once.
  await ok(['create', '-f', '-'], pod('bound', { spec: { nodeName: 'n-absent', terminationGracePeriodSeconds: 45 } }));
  assert.equal(await ok(['delete', 'pod', 'bound', '--wait=false']), 'pod "bound" deleted\n');
  const bound = await json(['get', 'pod', 'bound']);
  assert.equal(bound.metadata.deletionGracePeriodSeconds, 45);
  const lead = Date.parse(bound.metadata.deletionTimestamp) - Date.now();
  assert.ok(lead > 30_000 && lead <= 46_000, `deletionTimestamp ${lead}ms ahead`);
  const forced = await c.kubectl(['delete', 'pod', 'bound', '--grace-period=0', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.stdout, 'pod "bound" force deleted\n');
  assert.match(forced.stderr, /^Warning: Immediate deletion does not wait for confirmation/);
  await fails(['get', 'pod', 'bound']);
  // Waiting for an object already gone succeeds at once.
  assert.equal(await ok(['wait', '--for=delete', 'pod/bound', '--timeout=5s']), '');
});

test('--dry-run=server on create, apply, patch and delete changes nothing', async () => {
  const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' }, data: { a: '1' } });
  assert.equal(await ok(['create', '-f', '-', '--dry-run=server'], cm), 'configmap/dry created (server dry run)\n');
  assert.equal(
    await ok(['create', 'configmap', 'dry', '--from-literal=a=1', '--dry-run=server']),
    'configmap/dry created (server dry run)\n',
  );
  assert.equal(await ok(['apply', '-f', '-', '--dry-run=server'], cm), 'configmap/dry created (server dry run)\n');
  assert.equal(await fails(['get', 'cm', 'dry']), 'Error from server (NotFound): configmaps "dry" not found\n');

  await ok(['apply', '-f', '-'], cm);
  const before = await json(['get', 'cm', 'dry']);
  const changed = cm.replace('"a":"1"', '"a":"2"');
  assert.equal(
    await ok(['apply', '-f', '-', '--dry-run=server'], changed),
    'configmap/dry configured (server dry run)\n',
  );
  // kubectl patch sends dryRun=All but does not mark its message.
  assert.equal(
    await ok(['patch', 'cm', 'dry', '-p', '{"data":{"b":"2"}}', '--dry-run=server']),
    'configmap/dry patched\n',
  );
  assert.equal(await ok(['delete', 'cm', 'dry', '--dry-run=server']), 'configmap "dry" deleted (server dry run)\n');
  const after = await json(['get', 'cm', 'dry']);
  assert.deepEqual(after.data, { a: '1' });
  assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  // A dry run still validates and still finds conflicts.
  assert.equal(
    await fails(['create', '-f', '-', '--dry-run=server'], cm),
    'Error from server (AlreadyExists): error when creating "STDIN": configmaps "dry" already exists\n',
  );
});

test('--validate=strict refuses unknown fields, --validate=warn warns and creates', async () => {
  const manifest = JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'strict' },
    spec: {
      foo: 1,
      selector: { matchLabels: { app: 's' } },
      template: { metadata: { labels: { app: 's' } }, spec: { containers: [{ name: 'c', image: 'nginx', bar: 2 }] } },
    },
  });
  const refused =
    'Error from server (BadRequest): error when creating "STDIN": strict decoding error: unknown field "spec.foo", unknown field "spec.template.spec.containers[0].bar"\n';
  assert.equal(await fails(['create', '--validate=strict', '-f', '-'], manifest), refused);
  assert.equal(await fails(['apply', '--validate=strict', '-f', '-'], manifest), refused);
  const warned = await c.kubectl(['create', '--validate=warn', '-f', '-'], { input: manifest });
  assert.equal(warned.code, 0, warned.stderr);
  assert.equal(warned.stdout, 'deployment.apps/strict created\n');
  assert.equal(
    warned.stderr,
    'Warning: unknown field "spec.foo"\nWarning: unknown field "spec.template.spec.containers[0].bar"\n',
  );
  // What was unknown is dropped, not stored.
  const d = await json(['get', 'deploy', 'strict']);
  assert.equal(d.spec.foo, undefined);
  assert.equal(d.spec.template.spec.containers[0].bar, undefined);
  // --validate=false (Ignore) says nothing.
  const quiet = await c.kubectl(['replace', '--validate=false', '-f', '-'], { input: manifest });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
});

test('invalid objects are refused with upstream field paths and wording', async () => {
  assert.equal(
    await fails(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'mism' },
        spec: {
          selector: { matchLabels: { app: 'x' } },
          template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      }),
    ),
    'The Deployment "mism" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`\n',
  );
  assert.equal(
    await fails(['create', '-f', '-'], pod('Bad_Pod')),
    `The Pod "Bad_Pod" is invalid: metadata.name: Invalid value: "Bad_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
  );
  // Several causes are listed one per line.
  assert.equal(
    await fails(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'two-errors' },
        spec: { containers: [{ name: 'c' }], restartPolicy: 'Sometimes' },
      }),
    ),
    'The Pod "two-errors" is invalid: \n' +
      '* spec.containers[0].image: Required value\n' +
      '* spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"\n',
  );
});

test('get: custom columns by index, jsonpath ranges, field selectors across namespaces, label columns, wide tables', async () => {
  // Node n1 and pod `described` come from the describe test above (tests in a file run in order).
  await ok(['create', 'namespace', 'other']);
  await ok(['create', '-n', 'other', '-f', '-'], pod('elsewhere', { spec: { nodeName: 'n1' } }));
  // Limits alone: requests default to them, which makes the pod Guaranteed.
  const limited = JSON.parse(pod('listed'));
  limited.spec.containers[0].resources = { limits: { cpu: '250m', memory: '64Mi' } };
  await ok(['create', '-f', '-'], JSON.stringify(limited));

  assert.match(
    await ok(['get', 'pods', '-A', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image']),
    // Across namespaces the list is in etcd key order: namespace, then name.
    /^NAME\s+IMAGE\ndescribed\s+nginx:1\.27\nlisted\s+nginx:1\.27\nelsewhere\s+nginx:1\.27\n$/,
  );
  assert.equal(
    await ok([
      'get',
      'pods',
      '-n',
      'other',
      '-o',
      'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}={.status.phase}{"\\n"}{end}',
    ]),
    'other/elsewhere=Pending\n',
  );
  // The apiserver fixes the QoS class when it creates a pod.
  assert.match(
    await ok([
      'get',
      'pods',
      '-o',
      'custom-columns=NAME:.metadata.name,QOS:.status.qosClass,CPU:.spec.containers[0].resources.requests.cpu',
    ]),
    /^NAME\s+QOS\s+CPU\ndescribed\s+BestEffort\s+<none>\nlisted\s+Guaranteed\s+250m\n$/,
  );
  const pending = await ok([
    'get',
    'pods',
    '-A',
    '--field-selector',
    'status.phase=Pending,spec.nodeName=n1',
    '-o',
    'name',
  ]);
  assert.ok(pending.split('\n').includes('pod/elsewhere'), pending);
  assert.ok(!pending.includes('pod/listed'), pending);
  assert.equal(
    (await c.kubectl(['get', 'pods', '-A', '--field-selector', 'status.phase=Running'])).stderr,
    'No resources found\n',
  );
  assert.match(
    await ok(['get', 'pods', '-A', '--field-selector', 'metadata.namespace!=default', '-o', 'name']),
    /^pod\/elsewhere\n$/,
  );

  await ok(['label', 'pod', 'listed', 'tier=front']);
  assert.match(
    await ok(['get', 'pod', 'listed', '-L', 'tier,app']),
    /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+TIER\s+APP\nlisted\s+0\/1\s+Pending\s+0\s+\d+s\s+front\s+listed\n$/,
  );

  await ok(['create', 'deployment', 'wide', '--image=nginx:1.27', '--image=busybox:1.36']);
  assert.match(
    await ok(['get', 'deploy', 'wide', '-o', 'wide']),
    /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nwide\s+0\/1\s+0\s+0\s+\d+s\s+nginx,busybox\s+nginx:1\.27,busybox:1\.36\s+app=wide\n$/,
  );
  assert.match(await ok(['get', 'deploy', 'wide', '--show-labels']), /\sLABELS\nwide\s.*\sapp=wide\n$/);
  await ok(['create', 'service', 'clusterip', 'wide', '--tcp=80:8080']);
  assert.match(
    await ok(['get', 'svc', 'wide', '-o', 'wide']),
    /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR\nwide\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s\s+app=wide\n$/,
  );
  assert.match(
    await ok(['get', 'node', 'n1', '-o', 'wide']),
    /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME\nn1\s+Unknown\s+<none>\s+\d+s\s+<none>\s+<none>\s+<unknown>\s+<unknown>\s+<unknown>\n$/,
  );
});

/**
 * Every `kubectl create <kind>` generator (and `run`, `expose`, `autoscale`, `auth can-i`), which kubectl 1.32
 * sends as protobuf with no JSON fallback, against `k8ts etcd` + `k8ts apiserver`: each is stored
 * as kubectl meant it, read back as JSON.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type E2ECluster } from './support/cluster.js';

let c: E2ECluster;
before(async () => {
  c = await startCluster();
});
after(() => c?.stop());

/** The command, what kubectl prints, and what the stored object must hold (a jsonpath and its value). */
const FORMS: [string[], string, string, string][] = [
  [['create', 'namespace', 'ns1'], 'namespace/ns1 created', 'namespace/ns1 {.status.phase}', 'Active'],
  [['create', 'configmap', 'cm1', '--from-literal=a=b'], 'configmap/cm1 created', 'cm/cm1 {.data.a}', 'b'],
  [['create', 'secret', 'generic', 's1', '--from-literal=a=b'], 'secret/s1 created', 'secret/s1 {.data.a}', 'Yg=='],
  [
    ['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080'],
    'service/svc1 created',
    'svc/svc1 {.spec.ports[0].targetPort}',
    '8080',
  ],
  [['create', 'serviceaccount', 'sa1'], 'serviceaccount/sa1 created', 'sa/sa1 {.metadata.name}', 'sa1'],
  [
    ['create', 'deployment', 'd1', '--image=nginx:1.27', '--replicas=2'],
    'deployment.apps/d1 created',
    'deploy/d1 {.spec.replicas} {.spec.template.spec.containers[0].image}',
    '2 nginx:1.27',
  ],
  [
    ['create', 'job', 'j1', '--image=busybox'],
    'job.batch/j1 created',
    'job/j1 {.spec.template.spec.restartPolicy}',
    'Never',
  ],
  [
    ['create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *'],
    'cronjob.batch/cj1 created',
    'cronjob/cj1 {.spec.schedule}',
    '*/5 * * * *',
  ],
  [
    ['create', 'role', 'r1', '--verb=get', '--resource=pods'],
    'role.rbac.authorization.k8s.io/r1 created',
    'role/r1 {.rules[0].verbs[0]} {.rules[0].resources[0]}',
    'get pods',
  ],
  [
    ['create', 'rolebinding', 'rb1', '--role=r1', '--user=u'],
    'rolebinding.rbac.authorization.k8s.io/rb1 created',
    'rolebinding/rb1 {.roleRef.name} {.subjects[0].name}',
    'r1 u',
  ],
  [
    ['create', 'clusterrole', 'cr1', '--verb=list', '--resource=nodes'],
    'clusterrole.rbac.authorization.k8s.io/cr1 created',
    'clusterrole/cr1 {.rules[0].verbs[0]}',
    'list',
  ],
  [
    ['create', 'clusterrolebinding', 'crb1', '--clusterrole=cr1', '--group=g'],
    'clusterrolebinding.rbac.authorization.k8s.io/crb1 created',
    'clusterrolebinding/crb1 {.subjects[0].kind}',
    'Group',
  ],
  [
    ['create', 'poddisruptionbudget', 'pdb1', '--selector=app=x', '--min-available=1'],
    'poddisruptionbudget.policy/pdb1 created',
    'pdb/pdb1 {.spec.minAvailable}',
    '1',
  ],
  [
    ['create', 'priorityclass', 'pc1', '--value=100'],
    'priorityclass.scheduling.k8s.io/pc1 created',
    'pc/pc1 {.value} {.preemptionPolicy}',
    '100 PreemptLowerPriority',
  ],
  [['create', 'quota', 'q1', '--hard=pods=10'], 'resourcequota/q1 created', 'quota/q1 {.spec.hard.pods}', '10'],
  [
    ['create', 'ingress', 'ing1', '--rule=foo.com/bar=svc1:80'],
    'ingress.networking.k8s.io/ing1 created',
    'ingress/ing1 {.spec.rules[0].host} {.spec.rules[0].http.paths[0].pathType}',
    'foo.com Exact',
  ],
  [
    ['autoscale', 'deployment', 'd1', '--max=3', '--cpu-percent=80'],
    'horizontalpodautoscaler.autoscaling/d1 autoscaled',
    'horizontalpodautoscalers.v1.autoscaling/d1 {.spec.maxReplicas} {.spec.targetCPUUtilizationPercentage}',
    '3 80',
  ],
  [['run', 'p1', '--image=nginx'], 'pod/p1 created', 'pod/p1 {.spec.containers[0].imagePullPolicy}', 'Always'],
  [['expose', 'deployment', 'd1', '--port=80'], 'service/d1 exposed', 'svc/d1 {.spec.selector.app}', 'd1'],
];

test('each kubectl create form (protobuf bodies) is stored as kubectl meant it', async () => {
  for (const [args, printed, path, want] of FORMS) {
    const made = await c.kubectl(args);
    assert.equal(made.code, 0, `kubectl ${args.join(' ')}: ${made.stderr}`);
    assert.equal(made.stdout.trim(), printed);
    const [ref, ...jsonpath] = path.split(' ');
    const got = await c.kubectl(['get', ref, '-o', `jsonpath=${jsonpath.join(' ')}`]);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, want, `kubectl get ${path}`);
  }
});

test('kubectl auth can-i (a protobuf SelfSubjectAccessReview) answers yes under AlwaysAllow', async () => {
  const one = await c.kubectl(['auth', 'can-i', 'delete', 'nodes']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, 'yes\n');
  const list = await c.kubectl(['auth', 'can-i', '--list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]\n/);
});

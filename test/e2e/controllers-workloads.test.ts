/**
 * The control loops as a user meets them through the real kubectl: apiserver, scheduler,
 * controller manager and `k8ts kwok`'s simulated nodes, each its own process. Deployments roll
 * (their surge and unavailability bounds checked on a watch), StatefulSets start in order, a
 * DaemonSet reaches every node, a Job completes, a CronJob fires.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { spawnKwok, startFullCluster, until, type FullCluster } from './support/control-plane.js';

const NODES = 3;

function isReady(p: Pod): boolean {
  return (
    !p.metadata?.deletionTimestamp && !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

describe('controllers with kubectl', { timeout: 300_000 }, () => {
  let fc: FullCluster;
  const kubectl = (...args: string[]) => fc.cluster.kubectl(args, { timeoutMs: 90_000 });
  const ok = async (...args: string[]) => {
    const r = await kubectl(...args);
    if (r.code !== 0) {
      // What the controllers had made of it, for the failure message.
      const state = await kubectl('get', 'deploy,rs,pods', '-o', 'wide');
      assert.fail(`kubectl ${args.join(' ')}: ${r.stderr}\n${state.stdout}\n${fc.controllerManager.log()}`);
    }
    return r.stdout;
  };
  const apply = (yaml: string) => fc.cluster.kubectl(['apply', '-f', '-'], { input: yaml });

  before(async () => {
    fc = await startFullCluster({ kwokNodes: NODES });
    // Created first, checked last: a CronJob fires at the next minute.
    await ok('create', 'cronjob', 'tick', '--image=busybox', '--schedule=* * * * *');
  });
  after(() => fc?.stop());

  it('runs a 3-replica Deployment as 3 Running, Ready pods and scales it', async () => {
    await ok('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3');
    const status = await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.match(status, /deployment "web" successfully rolled out/);
    const pods = await ok(
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={range .items[*]}{.status.phase} {.spec.nodeName} {.status.podIP}{"\\n"}{end}',
    );
    const lines = pods.trim().split('\n');
    assert.equal(lines.length, 3, pods);
    for (const l of lines) assert.match(l, /^Running kwok-node-\d \d+\.\d+\.\d+\.\d+$/);
    await ok('scale', 'deployment/web', '--replicas=5');
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.equal(await ok('get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}'), '5');
  });

  it('rolls an update within maxSurge and maxUnavailable, with history, undo, pause and resume', async () => {
    await ok(
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":1}}}}',
    );
    // Watch every pod of the deployment through the update: at most 5+1 exist, at least 5-1 are ready.
    const seen = new Map<string, Pod>();
    let maxPods = 0;
    let minReady = Infinity;
    const abort = new AbortController();
    let listed!: () => void;
    const watchStarted = new Promise<void>((r) => (listed = r));
    const watching = (async () => {
      const list = await fc.client.request<{ metadata: { resourceVersion: string }; items: Pod[] }>({
        path: '/api/v1/namespaces/default/pods',
        query: { labelSelector: 'app=web' },
      });
      for (const p of list.body.items) seen.set(p.metadata!.name!, p);
      listed();
      for await (const ev of fc.client.watch<Pod>(
        '/api/v1/namespaces/default/pods',
        { labelSelector: 'app=web', resourceVersion: list.body.metadata.resourceVersion },
        abort.signal,
      )) {
        const p = ev.object as Pod;
        if (ev.type === 'DELETED') seen.delete(p.metadata!.name!);
        else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') seen.set(p.metadata!.name!, p);
        const live = [...seen.values()].filter((x) => !x.metadata?.deletionTimestamp);
        maxPods = Math.max(maxPods, live.length);
        minReady = Math.min(minReady, live.filter(isReady).length);
      }
    })().catch(() => undefined);
    await watchStarted;
    await ok('set', 'image', 'deployment/web', 'nginx=nginx:1.28');
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
    abort.abort();
    await watching;
    assert.ok(maxPods <= 6, `at most replicas+maxSurge pods: saw ${maxPods}`);
    assert.ok(minReady >= 4, `at least replicas-maxUnavailable ready: saw ${minReady}`);
    assert.equal(
      await ok('get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.replicas}').then((s) =>
        s.split(' ').sort().join(' '),
      ),
      '0 5',
    );

    const history = await ok('rollout', 'history', 'deployment/web');
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    await ok('rollout', 'undo', 'deployment/web');
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.equal(
      await ok('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
      'nginx:1.27',
    );
    assert.equal(
      await ok(
        'get',
        'deployment',
        'web',
        '-o',
        "jsonpath={.metadata.annotations['deployment\\.kubernetes\\.io/revision']}",
      ),
      '3',
    );
    await ok('rollout', 'undo', 'deployment/web', '--to-revision=2');
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.equal(
      await ok('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
      'nginx:1.28',
    );

    await ok('rollout', 'pause', 'deployment/web');
    await ok('set', 'image', 'deployment/web', 'nginx=nginx:1.29');
    // Paused: no new ReplicaSet for the new template.
    await new Promise((r) => setTimeout(r, 1500));
    assert.doesNotMatch(
      await ok('get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.template.spec.containers[0].image}'),
      /1\.29/,
    );
    const paused = await ok(
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
    );
    assert.equal(paused, 'DeploymentPaused');
    await ok('rollout', 'resume', 'deployment/web');
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.match(
      await ok('get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.template.spec.containers[0].image}'),
      /1\.29/,
    );
  });

  it('starts a StatefulSet in ordinal order', async () => {
    const r = await apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
`);
    assert.equal(r.code, 0, r.stderr);
    await ok('rollout', 'status', 'statefulset/db', '--timeout=60s');
    const created = await ok(
      'get',
      'pods',
      '-l',
      'app=db',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name} {.metadata.creationTimestamp}{"\\n"}{end}',
    );
    const rows = created
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    assert.deepEqual(rows.map((x) => x[0]).sort(), ['db-0', 'db-1', 'db-2']);
    const at = Object.fromEntries(rows.map(([n, t]) => [n, Date.parse(t)]));
    assert.ok(at['db-0'] <= at['db-1'] && at['db-1'] <= at['db-2'], created);
  });

  it('runs a DaemonSet pod on every node', async () => {
    const r = await apply(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: fluentd}]}
`);
    assert.equal(r.code, 0, r.stderr);
    await ok('rollout', 'status', 'daemonset/agent', '--timeout=60s');
    const nodes = await ok('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}');
    assert.deepEqual(
      nodes.split(' ').sort(),
      Array.from({ length: NODES }, (_, i) => `kwok-node-${i}`),
    );
    // A node joins: kwok restarted with one node more adopts the three and registers kwok-node-3.
    await fc.kwok.stop();
    fc.kwok = spawnKwok(fc.cluster, NODES + 1);
    await until('a pod on the new node', async () =>
      (await ok('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}')).includes(
        `kwok-node-${NODES}`,
      ),
    );
    await ok('rollout', 'status', 'daemonset/agent', '--timeout=60s');
    assert.equal(await ok('get', 'daemonset', 'agent', '-o', 'jsonpath={.status.numberReady}'), String(NODES + 1));
  });

  it('completes a Job of 5 completions, 2 at a time', async () => {
    const r = await apply(`apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  completions: 5
  parallelism: 2
  template:
    metadata:
      annotations: {k8ts.io/kwok-complete: Succeeded, k8ts.io/kwok-complete-after: 300ms}
    spec:
      restartPolicy: Never
      containers: [{name: work, image: busybox}]
`);
    assert.equal(r.code, 0, r.stderr);
    let maxActive = 0;
    const done = until('job complete', async () => {
      const j = JSON.parse(await ok('get', 'job', 'batch', '-o', 'json'));
      maxActive = Math.max(maxActive, j.status?.active ?? 0);
      return j.status?.succeeded === 5 && j.status.conditions?.some((c: { type: string }) => c.type === 'Complete');
    });
    await done;
    assert.ok(maxActive <= 2, `parallelism 2: saw ${maxActive} active`);
    assert.match(await ok('get', 'job', 'batch'), /batch\s+Complete\s+5\/5/);
  });

  it('fires the CronJob at the minute', async () => {
    const job = await until(
      'a job of the cronjob',
      async () => (await ok('get', 'jobs', '-o', 'jsonpath={.items[*].metadata.name}')).match(/tick-\d+/)?.[0],
      75_000,
    );
    assert.match(
      await ok('get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastScheduleTime}'),
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/,
    );
    assert.match(await ok('get', 'job', job, '-o', 'jsonpath={.metadata.ownerReferences[0].name}'), /^tick$/);
  });
});

/**
 * The control loops that keep a cluster healthy, seen through the real kubectl: a node that stops
 * heartbeating goes NotReady, is tainted, and its pods move elsewhere; namespace deletion; the
 * three cascade modes; a PodDisruptionBudget refusing an eviction; a new namespace furnished with
 * its account, CA bundle and quota status, under ServiceAccount admission; the controller manager's
 * leader election handing over after `kill -9`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { ApiError } from '../../src/machinery/errors.js';
import { startFullCluster, until, type FullCluster } from './support/control-plane.js';

describe('cluster lifecycle controllers with kubectl', { timeout: 300_000 }, () => {
  let fc: FullCluster;
  const kubectl = (...args: string[]) => fc.cluster.kubectl(args, { timeoutMs: 90_000 });
  const ok = async (...args: string[]) => {
    const r = await kubectl(...args);
    if (r.code !== 0) {
      // What the controllers had made of it, for the failure message.
      const state = await kubectl('get', 'deploy,rs,pods,nodes', '-o', 'wide');
      const status = await kubectl(
        'get',
        'deploy',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.status}{"\\n"}{end}',
      );
      assert.fail(
        `kubectl ${args.join(' ')}: ${r.stderr}\n${state.stdout}\n${status.stdout}\n${fc.controllerManager.log()}`,
      );
    }
    return r.stdout;
  };
  const apply = async (yaml: string) => {
    const r = await fc.cluster.kubectl(['apply', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, r.stderr);
  };
  const podsOf = async (selector: string) =>
    (
      await ok(
        'get',
        'pods',
        '-l',
        selector,
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{"\\n"}{end}',
      )
    )
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]);

  before(async () => {
    fc = await startFullCluster({ kwokNodes: 3 });
  });
  after(() => fc?.stop());

  it('marks a silent node NotReady, taints it, and replaces its pods elsewhere', async () => {
    // Tolerating unreachable for 1 s (instead of the default 300 s) makes the eviction quick.
    await apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: spread}
spec:
  replicas: 6
  selector: {matchLabels: {app: spread}}
  template:
    metadata: {labels: {app: spread}}
    spec:
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 1}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 1}
      containers: [{name: app, image: nginx}]
`);
    await ok('rollout', 'status', 'deployment/spread', '--timeout=60s');
    const victim = (await podsOf('app=spread'))[0][1];
    await ok('annotate', 'node', victim, 'k8ts.io/kwok-heartbeat=false');
    await until(
      'node Unknown',
      async () =>
        (await ok('get', 'node', victim, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')) ===
        'Unknown',
    );
    const ready = JSON.parse(
      await ok('get', 'node', victim, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")]}'),
    );
    assert.equal(ready.reason, 'NodeStatusUnknown');
    assert.equal(ready.message, 'Kubelet stopped posting node status.');
    const taints = await until('unreachable taints', async () => {
      const t = await ok('get', 'node', victim, '-o', 'jsonpath={range .spec.taints[*]}{.key}:{.effect}{"\\n"}{end}');
      return t.includes('node.kubernetes.io/unreachable:NoExecute') && t;
    });
    assert.match(taints, /node\.kubernetes\.io\/unreachable:NoSchedule/);
    // Evicted pods stay Terminating on the silent node (its kubelet cannot confirm they stopped),
    // as upstream's do; their replacements run elsewhere.
    await until(
      'pods replaced on other nodes',
      async () => {
        const rows = (
          await ok(
            'get',
            'pods',
            '-l',
            'app=spread',
            '-o',
            'jsonpath={range .items[*]}{.spec.nodeName} {.metadata.deletionTimestamp}{"\\n"}{end}',
          )
        )
          .trim()
          .split('\n')
          .map((l) => l.split(' '));
        const live = rows.filter(([, deleting]) => !deleting);
        const evicted = rows.filter(([node, deleting]) => node === victim && deleting);
        return live.length === 6 && live.every(([node]) => node !== victim) && evicted.length > 0;
      },
      60_000,
    );
    await ok('rollout', 'status', 'deployment/spread', '--timeout=60s');
    // The node comes back: Ready again, and its taints go.
    await ok('annotate', 'node', victim, 'k8ts.io/kwok-heartbeat-');
    await until(
      'node Ready',
      async () =>
        (await ok('get', 'node', victim, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')) === 'True',
    );
    await until('taints lifted', async () => (await ok('get', 'node', victim, '-o', 'jsonpath={.spec.taints}')) === '');
  });

  it('deletes a namespace with everything in it', async () => {
    await ok('create', 'namespace', 'scratch');
    await ok('create', 'configmap', 'settings', '-n', 'scratch', '--from-literal=a=b');
    await ok('create', 'deployment', 'tmp', '-n', 'scratch', '--image=nginx', '--replicas=2');
    await ok('rollout', 'status', 'deployment/tmp', '-n', 'scratch', '--timeout=60s');
    await ok('delete', 'namespace', 'scratch', '--timeout=60s');
    const gone = await kubectl('get', 'namespace', 'scratch');
    assert.match(gone.stderr, /namespaces "scratch" not found/);
  });

  it('cascades deletes in the background, in the foreground, and orphans', async () => {
    for (const name of ['bg', 'fg', 'orphan']) await ok('create', 'deployment', name, '--image=nginx', '--replicas=2');
    for (const name of ['bg', 'fg', 'orphan']) await ok('rollout', 'status', `deployment/${name}`, '--timeout=60s');
    await ok('delete', 'deployment', 'bg', '--cascade=background');
    await until('bg pods gone', async () => (await podsOf('app=bg')).length === 0);
    assert.equal(await ok('get', 'rs', '-l', 'app=bg', '-o', 'name'), '');
    // Foreground: kubectl waits until the owner is gone, which needs its dependents gone first.
    await ok('delete', 'deployment', 'fg', '--cascade=foreground', '--wait=true', '--timeout=60s');
    assert.equal(await ok('get', 'rs', '-l', 'app=fg', '-o', 'name'), '');
    await ok('delete', 'deployment', 'orphan', '--cascade=orphan');
    await until(
      'orphan rs kept',
      async () =>
        (await ok('get', 'rs', '-l', 'app=orphan', '-o', 'jsonpath={.items[*].metadata.ownerReferences}')) === '',
    );
    assert.equal((await podsOf('app=orphan')).length, 2);
  });

  it('refuses an eviction a PodDisruptionBudget forbids', async () => {
    await ok('create', 'deployment', 'guarded', '--image=nginx', '--replicas=2');
    await ok('rollout', 'status', 'deployment/guarded', '--timeout=60s');
    await ok('create', 'poddisruptionbudget', 'guard', '--selector=app=guarded', '--min-available=2');
    await until(
      'pdb observed',
      async () => (await ok('get', 'pdb', 'guard', '-o', 'jsonpath={.status.currentHealthy}')) === '2',
    );
    assert.equal(await ok('get', 'pdb', 'guard', '-o', 'jsonpath={.status.disruptionsAllowed}'), '0');
    const [name] = (await podsOf('app=guarded'))[0];
    await assert.rejects(
      fc.client.request({
        method: 'POST',
        path: `/api/v1/namespaces/default/pods/${name}/eviction`,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } },
      }),
      (err) =>
        err instanceof ApiError &&
        err.code === 429 &&
        /Cannot evict pod as it would violate the pod's disruption budget\./.test(String(err)),
    );
  });

  it('furnishes a new namespace: its default account and CA bundle, token volumes, quota status', async () => {
    await ok('create', 'namespace', 'furnished');
    // ServiceAccount admission refuses pods until the serviceaccount controller has made `default`.
    await until('default account', async () => (await kubectl('get', 'sa', 'default', '-n', 'furnished')).code === 0);
    await until(
      'CA bundle',
      async () => (await kubectl('get', 'cm', 'kube-root-ca.crt', '-n', 'furnished')).code === 0,
    );
    assert.match(
      await ok('get', 'cm', 'kube-root-ca.crt', '-n', 'furnished', '-o', 'jsonpath={.data.ca\\.crt}'),
      /^-----BEGIN CERTIFICATE-----/,
    );
    await ok('create', 'quota', 'q', '-n', 'furnished', '--hard=pods=1');
    await until(
      'quota status',
      async () => (await ok('get', 'quota', 'q', '-n', 'furnished', '-o', 'jsonpath={.status.hard.pods}')) === '1',
    );
    await ok('run', 'first', '-n', 'furnished', '--image=nginx');
    const spec = JSON.parse(await ok('get', 'pod', 'first', '-n', 'furnished', '-o', 'jsonpath={.spec}'));
    assert.equal(spec.serviceAccountName, 'default');
    assert.match(spec.volumes[0].name, /^kube-api-access-[a-z0-9]{5}$/);
    assert.deepEqual(
      spec.volumes[0].projected.sources.map((s: object) => Object.keys(s)[0]),
      ['serviceAccountToken', 'configMap', 'downwardAPI'],
    );
    const over = await kubectl('run', 'second', '-n', 'furnished', '--image=nginx');
    assert.equal(over.code, 1);
    assert.equal(
      over.stderr.trim(),
      'Error from server (Forbidden): pods "second" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
    );
    assert.equal(await ok('get', 'quota', 'q', '-n', 'furnished', '-o', 'jsonpath={.status.used.pods}'), '1');
  });

  it('hands the controller manager lease to a standby when the leader is killed', async () => {
    const lease = async () =>
      (
        await fc.client.request<Lease>({
          path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager',
        })
      ).body.spec!;
    const before = await lease();
    const standby = await fc.startControllerManager();
    fc.controllerManager.child.kill('SIGKILL');
    const after = await until('new leader', async () => {
      const l = await lease();
      return l.holderIdentity !== before.holderIdentity && l;
    });
    assert.equal(after.leaseTransitions, (before.leaseTransitions ?? 0) + 1);
    // The new leader reconciles.
    await ok('create', 'deployment', 'after-failover', '--image=nginx', '--replicas=1');
    await ok('rollout', 'status', 'deployment/after-failover', '--timeout=60s');
    assert.ok(standby.child.exitCode === null);
  });
});

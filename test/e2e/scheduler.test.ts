/**
 * `k8ts scheduler` as users run it: its own process with scheduler.conf (system:kube-scheduler
 * under RBAC) beside `k8ts apiserver` and `k8ts etcd`, Node objects made by the test, and the
 * results read back with the real kubectl.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import https from 'node:https';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { loadRestConfig } from '../../src/client/kubeconfig/index.js';
import { RestClient } from '../../src/client/rest/client.js';
import { freePort } from '../../src/machinery/ports.js';
import { startCluster, type Component, type E2ECluster } from './support/cluster.js';
import { kubectlPath, runBinary } from './support/kubectl.js';

const CP_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function node(
  name: string,
  zone: string,
  cpu: string,
  extra: Partial<Node['spec']> = {},
  labels: Record<string, string> = {},
): Node {
  const allocatable = { cpu, memory: '8Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone, ...labels },
    },
    spec: extra,
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready' }],
    },
  };
}

function pod(name: string, cpu: string, spec: Partial<Pod['spec']> = {}, labels: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu } } }],
      ...spec,
    },
  };
}

describe('k8ts scheduler', { timeout: 240_000 }, () => {
  let cluster: E2ECluster;
  let client: RestClient;
  let scheduler: Component;
  let port: number;

  const create = async (obj: Pod | Node | object, path = '/api/v1/namespaces/default/pods') =>
    (await client.request({ method: 'POST', path, body: obj })).body;
  const getPod = async (name: string) =>
    (await client.request<Pod>({ path: `/api/v1/namespaces/default/pods/${name}` })).body;
  const deletePod = (name: string) =>
    client.request({
      method: 'DELETE',
      path: `/api/v1/namespaces/default/pods/${name}`,
      query: { gracePeriodSeconds: 0 },
    });
  const get = (path: string, token?: string) =>
    new Promise<{ code: number; body: string }>((resolve, reject) => {
      https
        .get(
          {
            host: '127.0.0.1',
            port,
            path,
            rejectUnauthorized: false,
            headers: token ? { Authorization: `Bearer ${token}` } : {},
          },
          (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ code: res.statusCode!, body }));
          },
        )
        .on('error', reject);
    });
  /**
   * Registers a Ready node. Admission (TaintNodesByCondition) taints a new node not-ready; with no
   * node lifecycle controller running, the test lifts that taint as the controller would.
   */
  async function addNode(n: Node) {
    await create(n, '/api/v1/nodes');
    await client.request({
      method: 'PATCH',
      path: `/api/v1/nodes/${n.metadata!.name}`,
      contentType: 'application/merge-patch+json',
      body: { spec: { taints: n.spec?.taints ?? null } },
    });
  }
  /** Waits until `cond` holds for the pod; returns it. */
  async function waitPod(name: string, cond: (p: Pod) => boolean, what: string, ms = 20_000): Promise<Pod> {
    const deadline = Date.now() + ms;
    for (;;) {
      const p = await getPod(name).catch(() => undefined);
      if (p && cond(p)) return p;
      if (Date.now() > deadline)
        throw new Error(
          `pod ${name}: ${what} not seen in ${ms} ms; last: ${JSON.stringify(p?.status)}\n${scheduler.log()}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const scheduled = (name: string) => waitPod(name, (p) => !!p.spec?.nodeName, 'a node');
  const failedWith = (name: string, msg: string) =>
    waitPod(
      name,
      (p) =>
        p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.message === msg) ??
        false,
      `PodScheduled=False "${msg}"`,
    );

  before(async () => {
    cluster = await startCluster({ pki: true, apiserverArgs: ['--authorization-mode', 'Node,RBAC'] });
    // As kubeadm does: admin.conf's group is bound to cluster-admin by the super-admin.
    const made = await runBinary(kubectlPath(), [
      '--kubeconfig',
      join(cluster.dir, 'super-admin.conf'),
      'create',
      'clusterrolebinding',
      'kubeadm:cluster-admins',
      '--clusterrole=cluster-admin',
      '--group=kubeadm:cluster-admins',
    ]);
    assert.equal(made.code, 0, made.stderr);
    client = new RestClient({ ...loadRestConfig({ kubeconfig: cluster.kubeconfig }), qps: -1 });
    for (const n of [
      node('cp', 'zone-a', '4', { taints: [CP_TAINT] }),
      node('n1', 'zone-a', '2', {}, { disk: 'ssd' }),
      node('n2', 'zone-b', '2'),
    ])
      await addNode(n);
    port = await freePort();
    scheduler = cluster.spawn([
      'scheduler',
      '--kubeconfig',
      join(cluster.dir, 'scheduler.conf'),
      '--leader-elect=false',
      '--bind-address',
      '127.0.0.1',
      '--secure-port',
      String(port),
    ]);
    // Started: its secure port answers.
    const deadline = Date.now() + 30_000;
    while (
      !(await get('/healthz').then(
        (r) => r.code === 200,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`scheduler not serving: ${scheduler.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => {
    client?.close();
    await cluster?.stop();
  });

  test('binds a pod and records the Scheduled event in upstream words', async () => {
    await create(pod('web-1', '100m'));
    const p = await scheduled('web-1');
    assert.ok(['n1', 'n2'].includes(p.spec!.nodeName!), 'not on the tainted control-plane node');
    const ev = await cluster.kubectl([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=web-1,reason=Scheduled',
      '-o',
      'jsonpath={.items[0].message}',
    ]);
    assert.equal(ev.stdout, `Successfully assigned default/web-1 to ${p.spec!.nodeName}`);
  });

  test('tolerations, nodeSelector and required node affinity choose the node', async () => {
    await create(
      pod('tolerant', '100m', {
        tolerations: [{ ...CP_TAINT, operator: 'Exists' }],
        nodeSelector: { 'kubernetes.io/hostname': 'cp' },
      }),
    );
    await create(pod('ssd', '100m', { nodeSelector: { disk: 'ssd' } }));
    await create(
      pod('zone-b', '100m', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] }] },
              ],
            },
          },
        },
      }),
    );
    assert.equal((await scheduled('tolerant')).spec!.nodeName, 'cp');
    assert.equal((await scheduled('ssd')).spec!.nodeName, 'n1');
    assert.equal((await scheduled('zone-b')).spec!.nodeName, 'n2');
    for (const n of ['tolerant', 'ssd', 'zone-b']) await deletePod(n);
  });

  test('pod affinity and anti-affinity', async () => {
    await create(pod('db', '100m', { nodeSelector: { 'kubernetes.io/hostname': 'n2' } }, { app: 'db' }));
    await scheduled('db');
    const term = (app: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' });
    await create(
      pod('near-db', '100m', {
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } },
      }),
    );
    await create(
      pod('away-from-db', '100m', {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } },
      }),
    );
    assert.equal((await scheduled('near-db')).spec!.nodeName, 'n2');
    assert.equal((await scheduled('away-from-db')).spec!.nodeName, 'n1');
    for (const n of ['db', 'near-db', 'away-from-db']) await deletePod(n);
  });

  test('topology spread keeps zones within maxSkew', async () => {
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule' as const,
          labelSelector: { matchLabels: { app: 'spread' } },
        },
      ],
    };
    for (let i = 0; i < 4; i++) {
      await create(pod(`spread-${i}`, '10m', spread, { app: 'spread' }));
      await scheduled(`spread-${i}`);
    }
    const zones = { 'zone-a': 0, 'zone-b': 0 };
    for (let i = 0; i < 4; i++) {
      const n = (await getPod(`spread-${i}`)).spec!.nodeName!;
      zones[n === 'n2' ? 'zone-b' : 'zone-a']++;
    }
    assert.deepEqual(zones, { 'zone-a': 2, 'zone-b': 2 });
    for (let i = 0; i < 4; i++) await deletePod(`spread-${i}`);
  });

  test("a pod that fits nowhere stays Pending with upstream's FailedScheduling message", async () => {
    await create(pod('huge', '3'));
    const msg =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    await failedWith('huge', msg);
    const d = await cluster.kubectl(['describe', 'pod', 'huge']);
    assert.match(d.stdout, /Status:\s+Pending/);
    assert.match(
      d.stdout,
      /Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/3 nodes are available: 1 node\(s\) had untolerated taint/,
    );
    assert.ok(d.stdout.replace(/\s+/g, ' ').includes(msg), d.stdout);
    // A bigger node arrives: the waiting pod is retried on the NodeAdd event and lands there.
    await addNode(node('big', 'zone-b', '8'));
    assert.equal((await scheduled('huge')).spec!.nodeName, 'big');
    await deletePod('huge');
    await client.request({ method: 'DELETE', path: '/api/v1/nodes/big' });
  });

  test('a higher-priority pod preempts a lower-priority one', async () => {
    await create(
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
      '/apis/scheduling.k8s.io/v1/priorityclasses',
    );
    // Fill n1 and n2 with low-priority pods (1900m of 2 cpu each, less what is already there).
    for (const n of ['n1', 'n2']) {
      await create(pod(`low-${n}`, '1800m', { nodeSelector: { 'kubernetes.io/hostname': n } }));
      await scheduled(`low-${n}`);
    }
    await create(pod('important', '1500m', { priorityClassName: 'high' }));
    const nominated = await waitPod(
      'important',
      (p) => !!p.status?.nominatedNodeName || !!p.spec?.nodeName,
      'a nomination',
    );
    const target = nominated.status?.nominatedNodeName ?? nominated.spec!.nodeName!;
    // The victim is deleted gracefully; with no kubelet to stop it, the test finishes the delete.
    await waitPod(`low-${target}`, (p) => !!p.metadata?.deletionTimestamp, 'the preemption delete');
    await deletePod(`low-${target}`);
    const bound = await scheduled('important');
    assert.equal(bound.spec!.nodeName, target);
    const ev = await cluster.kubectl([
      'get',
      'events',
      '--field-selector',
      'reason=Preempted',
      '-o',
      'jsonpath={.items[*].message}',
    ]);
    assert.match(ev.stdout, new RegExp(`Preempted by pod ${bound.metadata!.uid} on node ${target}`));
    for (const n of ['important', 'low-n1', 'low-n2']) await deletePod(n).catch(() => undefined);
  });

  test('serves /healthz openly and /metrics only to the authorized', async () => {
    assert.deepEqual(await get('/healthz'), { code: 200, body: 'ok' });
    assert.equal((await get('/metrics')).code, 403);
    await cluster.kubectl(['create', 'serviceaccount', 'prom']);
    await cluster.kubectl([
      'create',
      'clusterrolebinding',
      'prom',
      '--clusterrole',
      'cluster-admin',
      '--serviceaccount',
      'default:prom',
    ]);
    const made = await cluster.kubectl(['create', 'token', 'prom']);
    assert.equal(made.code, 0, made.stderr);
    const token = made.stdout.trim();
    const m = await get('/metrics', token);
    assert.equal(m.code, 200, m.body);
    assert.match(m.body, /scheduler_schedule_attempts_total\{result="scheduled",profile="default-scheduler"\} \d+/);
    assert.match(m.body, /scheduler_pending_pods\{queue="active"\} 0/);
  });

  test('a bad configuration file is refused with the field named, exit 1', async () => {
    const file = join(cluster.dir, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  plugins:\n    filter:\n      enabled:\n      - name: NoSuchPlugin\n',
    );
    const bad = cluster.spawn(['scheduler', '--config', file, '--kubeconfig', cluster.kubeconfig]);
    await new Promise((r) => bad.child.once('exit', r));
    assert.equal(bad.child.exitCode, 1);
    assert.match(bad.log(), /"NoSuchPlugin" does not exist/);
  });
});

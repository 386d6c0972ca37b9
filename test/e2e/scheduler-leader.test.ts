/**
 * Two `k8ts scheduler` processes with leader election on one Lease: one schedules, the other
 * waits; kill -9 the leader and the other takes over within the lease duration.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import https from 'node:https';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { loadRestConfig } from '../../src/client/kubeconfig/index.js';
import { RestClient } from '../../src/client/rest/client.js';
import { freePort } from '../../src/machinery/ports.js';
import { startCluster, type Component, type E2ECluster } from './support/cluster.js';

let cluster: E2ECluster;
let client: RestClient;

before(async () => {
  cluster = await startCluster({ apiserverArgs: ['--disable-admission-plugins', 'TaintNodesByCondition'] });
  client = new RestClient({ ...loadRestConfig({ kubeconfig: cluster.kubeconfig }), qps: -1 });
  const allocatable = { cpu: '4', memory: '8Gi', pods: '110' };
  await client.request({
    method: 'POST',
    path: '/api/v1/nodes',
    body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable, capacity: allocatable } },
  });
});
after(async () => {
  client?.close();
  await cluster?.stop();
});

const get = (port: number, path: string) =>
  new Promise<string>((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path, rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });

async function until<T>(fn: () => Promise<T | undefined>, what: string, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} not seen in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const lease = async () =>
  (await client.request<Lease>({ path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler' }))
    .body;

async function scheduledPod(name: string, ms: number): Promise<string> {
  await client.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'pause' }] } },
  });
  return until(
    async () =>
      (await client.request<Pod>({ path: `/api/v1/namespaces/default/pods/${name}` })).body.spec?.nodeName || undefined,
    `${name} bound`,
    ms,
  );
}

test('two schedulers, one leader; the other takes over when it is killed', { timeout: 120_000 }, async () => {
  const started: { proc: Component; port: number }[] = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const proc = cluster.spawn([
      'scheduler',
      '--kubeconfig',
      cluster.kubeconfig,
      '--leader-elect',
      '--bind-address',
      '127.0.0.1',
      '--secure-port',
      String(port),
    ]);
    started.push({ proc, port });
  }
  // Exactly one reports itself master of the kube-scheduler lease.
  const masters = await until(
    async () => {
      const states = await Promise.all(
        started.map(async (s) =>
          /leader_election_master_status\{name="kube-scheduler"\} 1/.test(await get(s.port, '/metrics')),
        ),
      );
      return states.filter(Boolean).length === 1 ? states : undefined;
    },
    'one leader',
    30_000,
  );
  const leader = started[masters.indexOf(true)];
  const standby = started[masters.indexOf(false)];
  const first = await lease();
  assert.ok(first.spec?.holderIdentity);
  assert.equal(first.spec?.leaseDurationSeconds, 15);
  assert.equal(await scheduledPod('before', 20_000), 'n1');

  await leader.proc.stop('SIGKILL');
  const killedAt = Date.now();
  // The standby acquires once the lease expires (15 s), then schedules.
  assert.equal(await scheduledPod('after', 40_000), 'n1');
  const tookOver = Date.now() - killedAt;
  assert.ok(tookOver < 15_000 + 2_000 * 2 + 5_000, `took over in ${tookOver} ms`);
  const second = await lease();
  assert.notEqual(second.spec?.holderIdentity, first.spec?.holderIdentity);
  assert.equal(second.spec?.leaseTransitions, (first.spec?.leaseTransitions ?? 0) + 1);
  assert.match(await get(standby.port, '/metrics'), /leader_election_master_status\{name="kube-scheduler"\} 1/);
});

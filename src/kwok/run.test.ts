/**
 * kwok against a real control plane (in-process apiserver + in-memory etcd on loopback): nodes
 * registered and Ready, leases renewed, pods run, completed and deleted, the heartbeat switch,
 * and pod addresses kept across a restart. Every wait is bounded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import pino from 'pino';
import { startControlPlane, type TestControlPlane } from '../apiserver/testing/cluster.js';
import { loadRestConfig } from '../client/kubeconfig/index.js';
import { RestClient } from '../client/rest/client.js';
import { ResourceClient } from '../client/rest/resource-client.js';
import { LEASES, NODES, PODS } from './api.js';
import { cidrContains } from './cidr.js';
import { HEARTBEAT_ANNOTATION } from './node-state.js';
import { COMPLETE_ANNOTATION } from './pod.js';
import { type KwokConfig, type RunningKwok, start } from './run.js';

const RENEW_MS = 200;
let cp: TestControlPlane;
let client: RestClient;
let nodes: ResourceClient<Node>;
let pods: ResourceClient<Pod>;
let leases: ResourceClient<Lease>;
let kwok: RunningKwok;
let stopping: AbortController;

const config = (): KwokConfig => ({ kubeconfig: cp.kubeconfig, nodes: 3, leaseRenewIntervalMs: RENEW_MS });

async function startKwok(): Promise<void> {
  stopping = new AbortController();
  kwok = await start(config(), stopping.signal, { log: pino({ level: 'silent' }) });
  await within(10_000, kwok.ready, 'kwok ready');
}

function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `fn` until it returns a value other than undefined, for at most `ms`. */
async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const renewTime = async (name: string) => (await leases.get(name, { namespace: 'kube-node-lease' })).spec?.renewTime;

function podOn(node: string, name: string, annotations?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations },
    spec: { nodeName: node, automountServiceAccountToken: false, containers: [{ name: 'app', image: 'busybox' }] },
  };
}

const phaseOf = (name: string, want: string) =>
  waitFor(`${name} ${want}`, async () => {
    const p = await pods.get(name, { namespace: 'default' });
    return p.status?.phase === want ? p : undefined;
  });

before(async () => {
  cp = await startControlPlane();
  client = new RestClient(loadRestConfig({ kubeconfig: cp.kubeconfig }));
  nodes = new ResourceClient<Node>(client, NODES);
  pods = new ResourceClient<Pod>(client, PODS);
  leases = new ResourceClient<Lease>(client, LEASES);
  await startKwok();
});

after(async () => {
  stopping?.abort();
  await kwok?.stop();
  client?.close();
  await cp?.stop();
});

test('registers the nodes Ready, with their leases', async () => {
  assert.deepEqual(kwok.nodeNames, ['kwok-node-0', 'kwok-node-1', 'kwok-node-2']);
  for (const [i, name] of kwok.nodeNames.entries()) {
    const node = await nodes.get(name);
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'True', `${name} Ready`);
    assert.equal(ready?.reason, 'KubeletReady');
    assert.equal(node.metadata?.annotations?.['kwok.x-k8s.io/node'], 'fake');
    assert.equal(node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address, `10.244.${i}.1`);
    assert.equal(node.status?.allocatable?.pods, '110');
    const lease = await leases.get(name, { namespace: 'kube-node-lease' });
    assert.equal(lease.spec?.holderIdentity, name);
    assert.equal(lease.metadata?.ownerReferences?.[0]?.uid, node.metadata?.uid);
  }
});

test('renews the leases', async () => {
  const first = await renewTime('kwok-node-0');
  await waitFor('a renewal', async () => ((await renewTime('kwok-node-0')) !== first ? true : undefined), 3_000);
});

test('runs a pod bound to a kwok node, completes one on request, finishes a deletion', async () => {
  await pods.create(podOn('kwok-node-1', 'web'));
  const web = await phaseOf('web', 'Running');
  assert.equal(web.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  assert.ok(cidrContains('10.244.1.0/24', web.status?.podIP ?? ''), `podIP ${web.status?.podIP}`);
  assert.equal(web.status?.hostIP, '10.244.1.1');
  assert.equal(web.status?.containerStatuses?.[0]?.name, 'app');
  assert.ok(web.status?.containerStatuses?.[0]?.state?.running?.startedAt);

  await pods.create(podOn('kwok-node-0', 'job', { [COMPLETE_ANNOTATION]: 'Succeeded' }));
  const job = await phaseOf('job', 'Succeeded');
  assert.equal(job.status?.containerStatuses?.[0]?.state?.terminated?.reason, 'Completed');

  await pods.delete('job', { namespace: 'default' });
  await waitFor('job gone', async () => {
    try {
      await pods.get('job', { namespace: 'default' });
      return undefined;
    } catch (err) {
      return (err as { code?: number }).code === 404 ? true : undefined;
    }
  });
});

test('a node annotated k8ts.io/kwok-heartbeat=false stops heartbeating and running pods', async () => {
  const annotate = (value: string | null) =>
    nodes.patch('kwok-node-2', 'merge', { metadata: { annotations: { [HEARTBEAT_ANNOTATION]: value } } });
  await annotate('false');
  await waitFor('kwok to see the annotation', async () =>
    kwok.nodes.get('kwok-node-2')?.heartbeat ? undefined : true,
  );
  // A renewal already in flight may still land: wait until the renewTime holds still.
  let stopped = await renewTime('kwok-node-2');
  await waitFor('no more renewals', async () => {
    await new Promise((r) => setTimeout(r, 2 * RENEW_MS));
    const now = await renewTime('kwok-node-2');
    if (now === stopped) return true;
    stopped = now;
    return undefined;
  });
  await pods.create(podOn('kwok-node-2', 'orphan'));
  await new Promise((r) => setTimeout(r, 4 * RENEW_MS));
  assert.equal(await renewTime('kwok-node-2'), stopped, 'no renewal while stopped');
  assert.notEqual((await pods.get('orphan', { namespace: 'default' })).status?.phase, 'Running');

  await annotate(null);
  await waitFor('a renewal', async () => ((await renewTime('kwok-node-2')) !== stopped ? true : undefined), 3_000);
  await phaseOf('orphan', 'Running');
});

test('keeps pod addresses across a restart', async () => {
  const before = (await pods.get('web', { namespace: 'default' })).status?.podIP;
  stopping.abort();
  await kwok.stop();
  await startKwok();
  await pods.create(podOn('kwok-node-1', 'web2'));
  const web2 = await phaseOf('web2', 'Running');
  assert.ok(cidrContains('10.244.1.0/24', web2.status?.podIP ?? ''));
  assert.notEqual(web2.status?.podIP, before);
});

/**
 * The event sink and the lease lock on a real control plane: events recorded through the
 * broadcaster reach the API (a repeat is one event with a count), and two leader electors on
 * one Lease hand over when the leader lets go.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startControlPlane, type TestControlPlane } from '../apiserver/testing/cluster.js';
import { loadRestConfig } from './kubeconfig/index.js';
import { RestClient, ResourceClient } from './rest/index.js';
import { EventBroadcaster, restEventSink } from './events/index.js';

import { LeaderElector, restLeaseLock } from './leaderelection/index.js';

let cp: TestControlPlane;
let client: RestClient;

before(async () => {
  cp = await startControlPlane();
  client = new RestClient({ ...loadRestConfig({ kubeconfig: cp.kubeconfig }), qps: -1 });
});
after(async () => {
  client?.close();
  await cp?.stop();
});

test('events recorded through the broadcaster reach the API; a repeat raises the count', async () => {
  const configMaps = new ResourceClient(client, { group: '', version: 'v1', resource: 'configmaps', namespaced: true });
  const cm = await configMaps.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'watched', namespace: 'default' },
  });
  const broadcaster = new EventBroadcaster();
  broadcaster.startRecordingToSink(restEventSink(client));
  const recorder = broadcaster.newRecorder({ component: 'test-controller' });
  for (let i = 0; i < 3; i++) recorder.event(cm, 'Normal', 'Synced', 'synced the config map');
  await broadcaster.shutdown();
  const events = new ResourceClient(client, { group: '', version: 'v1', resource: 'events', namespaced: true });
  const list = await events.list({ namespace: 'default', fieldSelector: 'involvedObject.name=watched' });
  assert.equal(list.items.length, 1);
  const ev = list.items[0] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(ev.reason, 'Synced');
  assert.equal(ev.count, 3);
  assert.deepEqual(ev.source, { component: 'test-controller' });
  assert.equal(ev.involvedObject.uid, cm.metadata?.['uid' as keyof typeof cm.metadata]);
});

test('two electors on one Lease: one leads, the other takes over when it lets go', async () => {
  const started: string[] = [];
  const seen: string[] = [];
  const elector = (identity: string) =>
    new LeaderElector({
      lock: restLeaseLock(client, 'kube-system', 'test-election'),
      identity,
      leaseDurationMs: 1500,
      renewDeadlineMs: 1000,
      retryPeriodMs: 200,
      releaseOnCancel: true,
      callbacks: {
        onStartedLeading: () => void started.push(identity),
        onStoppedLeading: () => {},
        onNewLeader: (who) => void seen.push(`${identity} sees ${who}`),
      },
    });
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(cond());
  };
  const a = elector('a');
  const stopA = new AbortController();
  const runA = a.run(stopA.signal);
  await until(() => started.includes('a'));
  const b = elector('b');
  const stopB = new AbortController();
  const runB = b.run(stopB.signal);
  await until(() => seen.includes('b sees a'));
  assert.ok(!started.includes('b'));
  stopA.abort();
  await runA;
  await until(() => started.includes('b'));
  const leases = new ResourceClient(client, {
    group: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    namespaced: true,
  });
  const lease = (await leases.get('test-election', { namespace: 'kube-system' })) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(lease.spec.holderIdentity, 'b');
  assert.equal(lease.spec.leaseTransitions, 1);
  stopB.abort();
  await runB;
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { WatchEvent } from '../client/rest/watch.js';
import { ManagedNodes } from './node-state.js';
import { buildNode } from './node.js';
import { podAction } from './pod-action.js';
import { podCompletedStatus, podRunningStatus } from './pod.js';
import { slimNode, slimPod, transformListWatch } from './slim.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);

const fullPod: Pod = {
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '7',
    labels: { app: 'web' },
    annotations: { 'k8ts.io/kwok-complete': 'Succeeded', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': {} } }],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs' }],
  },
  spec: {
    nodeName: 'kwok-node-0',
    initContainers: [
      { name: 'init', image: 'busybox', command: ['true'] },
      { name: 'sidecar', image: 'envoy', restartPolicy: 'Always', env: [{ name: 'A', value: 'b' }] },
    ],
    containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }], volumeMounts: [] }],
    readinessGates: [{ conditionType: 'example.com/ready' }],
    volumes: [{ name: 'v', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
  status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True' }] },
};

test('slimPod keeps what kwok reads: the same statuses and actions as from the full pod', () => {
  const slim = slimPod(fullPod);
  assert.equal(slim.metadata?.managedFields, undefined);
  assert.deepEqual(slim.metadata?.annotations, { 'k8ts.io/kwok-complete': 'Succeeded' });
  assert.equal(slim.spec?.volumes, undefined);
  const opts = { now: T0, podIP: '10.244.0.2', hostIP: '10.244.0.1' };
  assert.deepEqual(podRunningStatus(slim, opts), podRunningStatus(fullPod, opts));
  const running = { ...fullPod, status: podRunningStatus(fullPod, opts) };
  assert.deepEqual(podCompletedStatus(slimPod(running), 'Succeeded', T0), podCompletedStatus(running, 'Succeeded', T0));
  const nodes = new ManagedNodes({ manageAll: false, prefix: 'kwok-node-', nodes: 1, firstBlock: '10.244.0.0/24' });
  const state = nodes.observe(buildNode('kwok-node-0', { now: T0, internalIP: '10.244.0.1' })).state;
  assert.deepEqual(podAction(slimPod(running), state, T0), podAction(running, state, T0));
  const deleting = {
    ...running,
    metadata: { ...running.metadata, deletionTimestamp: 'x', deletionGracePeriodSeconds: 0 },
  };
  assert.deepEqual(podAction(slimPod(deleting), state, T0), { kind: 'release' });
});

test('slimNode keeps what ManagedNodes and the heartbeat read', () => {
  const full: Node = {
    ...buildNode('kwok-node-3', { now: T0, internalIP: '10.1.2.3', podCIDR: '10.9.0.0/24' }),
  };
  const withExtras: Node = {
    ...full,
    metadata: { ...full.metadata, uid: 'n3', managedFields: [{ manager: 'kwok' }] },
    status: { ...full.status, images: [{ names: ['nginx'], sizeBytes: 1 }] },
  };
  const slim = slimNode(withExtras);
  assert.equal(slim.metadata?.managedFields, undefined);
  assert.equal(slim.status?.images, undefined);
  assert.deepEqual(slim.status?.conditions, full.status?.conditions);
  const a = new ManagedNodes({ manageAll: false, prefix: 'kwok-node-', nodes: 4, firstBlock: '10.244.0.0/24' });
  const b = new ManagedNodes({ manageAll: false, prefix: 'kwok-node-', nodes: 4, firstBlock: '10.244.0.0/24' });
  const sa = a.observe(withExtras).state!;
  const sb = b.observe(slim).state!;
  assert.deepEqual([sb.uid, sb.heartbeat, sb.hostIP, sb.podCIDR], [sa.uid, sa.heartbeat, sa.hostIP, sa.podCIDR]);
});

test('transformListWatch applies to listed and watched objects, not to bookmarks', async () => {
  const pod = (name: string): Pod => ({ metadata: { name, managedFields: [{}] } });
  const lw = transformListWatch<Pod>(
    {
      list: async () => ({ metadata: { resourceVersion: '1' }, items: [pod('a')] }),
      watch: async function* (): AsyncGenerator<WatchEvent<Pod>> {
        yield { type: 'ADDED', object: pod('b') };
        yield { type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } as Pod };
      },
    },
    slimPod,
  );
  const list = await lw.list({});
  assert.equal(list.items[0].metadata?.managedFields, undefined);
  assert.equal(list.metadata.resourceVersion, '1');
  const events: WatchEvent<Pod>[] = [];
  for await (const e of lw.watch({})) events.push(e);
  assert.equal(events[0].object.metadata?.managedFields, undefined);
  assert.deepEqual(events[1], { type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } });
});

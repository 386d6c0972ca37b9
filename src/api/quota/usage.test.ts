import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrackedName, matchingResources } from './names.js';
import { podConstraints } from './pods.js';
import { toStrings } from './resource-list.js';
import { handles, usageOf } from './usage.js';

const PODS = { group: '', resource: 'pods' };
const SVC = { group: '', resource: 'services' };
const PVC = { group: '', resource: 'persistentvolumeclaims' };
const use = (gr: { group: string; resource: string }, obj: object, now = 0) => toStrings(usageOf(gr, obj, { now }));
const c = (name: string, requests?: object, limits?: object) => ({ name, resources: { requests, limits } });

test('pod usage: sums, compute names, hugepages and extended resources', () => {
  const pod = {
    spec: {
      containers: [
        c(
          'a',
          { cpu: '100m', memory: '64Mi', 'hugepages-2Mi': '4Mi', 'example.com/gpu': '1' },
          { cpu: '200m', memory: '64Mi' },
        ),
        c('b', { cpu: '200m', memory: '64Mi', 'ephemeral-storage': '1Gi' }, { cpu: '1', 'ephemeral-storage': '2Gi' }),
      ],
    },
  };
  assert.deepEqual(use(PODS, pod), {
    'count/pods': '1',
    cpu: '300m',
    'ephemeral-storage': '1Gi',
    'hugepages-2Mi': '4Mi',
    'limits.cpu': '1200m',
    'limits.ephemeral-storage': '2Gi',
    'limits.memory': '64Mi',
    memory: '128Mi',
    pods: '1',
    'requests.cpu': '300m',
    'requests.ephemeral-storage': '1Gi',
    'requests.example.com/gpu': '1',
    'requests.hugepages-2Mi': '4Mi',
    'requests.memory': '128Mi',
  });
});

test('pod usage: init containers, sidecars and overhead', () => {
  const pod = {
    spec: {
      containers: [c('a', { cpu: '1' }, { cpu: '1' })],
      initContainers: [
        { ...c('side', { cpu: '500m' }, { cpu: '500m' }), restartPolicy: 'Always' },
        c('init', { cpu: '2' }, { cpu: '2' }),
      ],
      overhead: { cpu: '100m', memory: '10Mi' },
    },
  };
  // requests: max(1 + 0.5, 2 + 0.5) + overhead; limits get overhead only where set
  assert.deepEqual(use(PODS, pod), {
    'count/pods': '1',
    cpu: '2600m',
    'limits.cpu': '2600m',
    memory: '10Mi',
    pods: '1',
    'requests.cpu': '2600m',
    'requests.memory': '10Mi',
  });
});

test('pods that no longer count use only count/pods', () => {
  const base = { spec: { containers: [c('a', { cpu: '1' })] } };
  assert.deepEqual(use(PODS, { ...base, status: { phase: 'Succeeded' } }), { 'count/pods': '1' });
  assert.deepEqual(use(PODS, { ...base, status: { phase: 'Failed' } }), { 'count/pods': '1' });
  const deleting = { ...base, metadata: { deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } };
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(use(PODS, deleting, t0 + 30_000).pods, '1');
  assert.deepEqual(use(PODS, deleting, t0 + 31_000), { 'count/pods': '1' });
});

test('service usage by type', () => {
  const ports = [{ port: 80 }, { port: 443, nodePort: 30443 }];
  assert.deepEqual(use(SVC, { spec: { type: 'ClusterIP', ports } }), {
    'count/services': '1',
    services: '1',
    'services.loadbalancers': '0',
    'services.nodeports': '0',
  });
  assert.equal(use(SVC, { spec: { type: 'NodePort', ports } })['services.nodeports'], '2');
  assert.deepEqual(use(SVC, { spec: { type: 'LoadBalancer', ports } }), {
    'count/services': '1',
    services: '1',
    'services.loadbalancers': '1',
    'services.nodeports': '2',
  });
  assert.equal(
    use(SVC, { spec: { type: 'LoadBalancer', ports, allocateLoadBalancerNodePorts: false } })['services.nodeports'],
    '1',
  );
});

test('claim usage: storage class, rounding, allocated size', () => {
  assert.deepEqual(use(PVC, { spec: { storageClassName: 'gold', resources: { requests: { storage: '1Gi' } } } }), {
    'count/persistentvolumeclaims': '1',
    'gold.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
    'gold.storageclass.storage.k8s.io/requests.storage': '1Gi',
    persistentvolumeclaims: '1',
    'requests.storage': '1Gi',
  });
  const annotated = {
    metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': 'bronze' } },
    spec: { storageClassName: 'gold', resources: { requests: { storage: '1500m' } } },
  };
  assert.equal(use(PVC, annotated)['bronze.storageclass.storage.k8s.io/requests.storage'], '2');
  const grown = {
    spec: { resources: { requests: { storage: '1Gi' } } },
    status: { allocatedResources: { storage: '2Gi' } },
  };
  assert.equal(use(PVC, grown)['requests.storage'], '2Gi');
  assert.deepEqual(use(PVC, { spec: {} }), { 'count/persistentvolumeclaims': '1', persistentvolumeclaims: '1' });
});

test('generic object counts and legacy aliases', () => {
  assert.deepEqual(use({ group: '', resource: 'configmaps' }, {}), { configmaps: '1', 'count/configmaps': '1' });
  assert.deepEqual(use({ group: '', resource: 'secrets' }, {}), { 'count/secrets': '1', secrets: '1' });
  assert.deepEqual(use({ group: 'apps', resource: 'deployments' }, {}), { 'count/deployments.apps': '1' });
  assert.deepEqual(use({ group: '', resource: 'endpoints' }, {}), { 'count/endpoints': '1' });
});

test('which operations are charged', () => {
  assert.equal(handles(PODS, 'CREATE'), true);
  assert.equal(handles(PODS, 'UPDATE'), false);
  assert.equal(handles(SVC, 'UPDATE'), true);
  assert.equal(handles(PVC, 'UPDATE'), true);
  assert.equal(handles({ group: '', resource: 'configmaps' }, 'UPDATE'), false);
});

test('matching and tracked names', () => {
  const names = [
    'pods',
    'requests.cpu',
    'requests.storage',
    'services',
    'count/pods',
    'requests.example.com/gpu',
    'hugepages-1Gi',
  ];
  assert.deepEqual(matchingResources(PODS, names), [
    'pods',
    'requests.cpu',
    'count/pods',
    'requests.example.com/gpu',
    'hugepages-1Gi',
  ]);
  assert.deepEqual(matchingResources(PVC, [...names, 'gold.storageclass.storage.k8s.io/requests.storage']), [
    'requests.storage',
    'gold.storageclass.storage.k8s.io/requests.storage',
  ]);
  assert.deepEqual(
    matchingResources({ group: '', resource: 'configmaps' }, ['configmaps', 'count/configmaps', 'secrets']),
    ['configmaps', 'count/configmaps'],
  );
  assert.equal(isTrackedName('count/widgets.example.com'), true);
  assert.equal(isTrackedName('count/events'), false);
  assert.equal(isTrackedName('example.com/gpu'), false);
});

test('must specify: resources sorted, container names sorted and comma-joined', () => {
  const pod = {
    spec: { containers: [c('web', { cpu: '1' }), c('app', { cpu: '1', memory: '1Gi' })], initContainers: [c('init')] },
  };
  assert.equal(
    podConstraints(['limits.cpu', 'requests.memory', 'pods', 'requests.storage'], pod),
    'must specify limits.cpu for: app,init,web; requests.memory for: init,web',
  );
  assert.equal(podConstraints(['pods', 'requests.cpu'], { spec: { containers: [c('a', { cpu: '1' })] } }), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MULTI_POINT, setDefaults } from './defaults.js';
import { decodeConfig } from './decode.js';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
const V1 = 'kubescheduler.config.k8s.io/v1';
const defaulted = (yaml: string) => setDefaults(decodeConfig(HEAD + yaml));

const DEFAULT_PLUGIN_CONFIG = [
  {
    name: 'DefaultPreemption',
    args: {
      kind: 'DefaultPreemptionArgs',
      apiVersion: V1,
      minCandidateNodesPercentage: 10,
      minCandidateNodesAbsolute: 100,
    },
  },
  {
    name: 'InterPodAffinity',
    args: {
      kind: 'InterPodAffinityArgs',
      apiVersion: V1,
      hardPodAffinityWeight: 1,
      ignorePreferredTermsOfExistingPods: false,
    },
  },
  { name: 'NodeAffinity', args: { kind: 'NodeAffinityArgs', apiVersion: V1 } },
  {
    name: 'NodeResourcesBalancedAllocation',
    args: {
      kind: 'NodeResourcesBalancedAllocationArgs',
      apiVersion: V1,
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    },
  },
  {
    name: 'NodeResourcesFit',
    args: {
      kind: 'NodeResourcesFitArgs',
      apiVersion: V1,
      scoringStrategy: {
        type: 'LeastAllocated',
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'memory', weight: 1 },
        ],
      },
    },
  },
  { name: 'PodTopologySpread', args: { kind: 'PodTopologySpreadArgs', apiVersion: V1, defaultingType: 'System' } },
  { name: 'VolumeBinding', args: { kind: 'VolumeBindingArgs', apiVersion: V1, bindTimeoutSeconds: 600 } },
];

const emptySets = {
  preEnqueue: {},
  queueSort: {},
  preFilter: {},
  filter: {},
  postFilter: {},
  preScore: {},
  score: {},
  reserve: {},
  permit: {},
  preBind: {},
  bind: {},
  postBind: {},
};

test('setDefaults: an empty configuration gets every v1 default', () => {
  assert.deepEqual(defaulted(''), {
    kind: 'KubeSchedulerConfiguration',
    apiVersion: V1,
    parallelism: 16,
    leaderElection: {
      leaderElect: true,
      leaseDuration: '15s',
      renewDeadline: '10s',
      retryPeriod: '2s',
      resourceLock: 'leases',
      resourceName: 'kube-scheduler',
      resourceNamespace: 'kube-system',
    },
    clientConnection: {
      kubeconfig: '',
      acceptContentTypes: '',
      contentType: 'application/vnd.kubernetes.protobuf',
      qps: 50,
      burst: 100,
    },
    enableProfiling: true,
    enableContentionProfiling: true,
    percentageOfNodesToScore: 0,
    podInitialBackoffSeconds: 1,
    podMaxBackoffSeconds: 10,
    profiles: [
      {
        schedulerName: 'default-scheduler',
        plugins: { ...emptySets, multiPoint: { enabled: DEFAULT_MULTI_POINT } },
        pluginConfig: DEFAULT_PLUGIN_CONFIG,
      },
    ],
  });
});

test('setDefaults: the 1.32 default plugin set', () => {
  assert.deepEqual(
    DEFAULT_MULTI_POINT.map((p) => (p.weight ? `${p.name}:${p.weight}` : p.name)),
    [
      'SchedulingGates',
      'PrioritySort',
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodePorts',
      'NodeResourcesFit:1',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'DefaultPreemption',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
      'DefaultBinder',
    ],
  );
});

test('setDefaults: explicit values stay; zero durations and qps take defaults; durations print as Go does', () => {
  const cfg = defaulted(`parallelism: 4
percentageOfNodesToScore: 30
podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 20
enableProfiling: false
leaderElection:
  leaderElect: false
  leaseDuration: 60s
  renewDeadline: 0s
  resourceName: my-scheduler
clientConnection:
  qps: 0
  burst: 7
  kubeconfig: /etc/kubeconfig
`);
  assert.equal(cfg.parallelism, 4);
  assert.equal(cfg.percentageOfNodesToScore, 30);
  assert.equal(cfg.podInitialBackoffSeconds, 2);
  assert.equal(cfg.podMaxBackoffSeconds, 20);
  assert.equal(cfg.enableProfiling, false);
  assert.equal('enableContentionProfiling' in cfg, false);
  assert.deepEqual(cfg.leaderElection, {
    leaderElect: false,
    leaseDuration: '1m0s',
    renewDeadline: '10s',
    retryPeriod: '2s',
    resourceLock: 'leases',
    resourceName: 'my-scheduler',
    resourceNamespace: 'kube-system',
  });
  assert.deepEqual(cfg.clientConnection, {
    kubeconfig: '/etc/kubeconfig',
    acceptContentTypes: '',
    contentType: 'application/vnd.kubernetes.protobuf',
    qps: 50,
    burst: 7,
  });
});

test('setDefaults: only a lone profile gets the default scheduler name', () => {
  assert.equal(defaulted('profiles:\n- percentageOfNodesToScore: 5\n').profiles[0].schedulerName, 'default-scheduler');
  const two = defaulted('profiles:\n- schedulerName: a\n- {}\n');
  assert.deepEqual(
    two.profiles.map((p) => p.schedulerName),
    ['a', undefined],
  );
  assert.equal(defaulted('profiles:\n- schedulerName: ""\n').profiles[0].schedulerName, '');
});

test('setDefaults: given args are defaulted in place, others appended in name order', () => {
  const cfg = defaulted(`profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources:
        - name: cpu
        - name: example.com/gpu
          weight: 3
  - name: NodeResourcesBalancedAllocation
    args:
      resources:
      - name: cpu
      - name: memory
        weight: 0
      - name: scalar
        weight: 2
  - name: OutOfTree
    args:
      foo: bar
`);
  const pc = cfg.profiles[0].pluginConfig!;
  assert.deepEqual(
    pc.map((c) => c.name),
    [
      'NodeResourcesFit',
      'NodeResourcesBalancedAllocation',
      'OutOfTree',
      'DefaultPreemption',
      'InterPodAffinity',
      'NodeAffinity',
      'PodTopologySpread',
      'VolumeBinding',
    ],
  );
  assert.deepEqual(pc[0].args, {
    kind: 'NodeResourcesFitArgs',
    apiVersion: V1,
    scoringStrategy: {
      type: 'MostAllocated',
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'example.com/gpu', weight: 3 },
      ],
    },
  });
  assert.deepEqual(pc[1].args, {
    kind: 'NodeResourcesBalancedAllocationArgs',
    apiVersion: V1,
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
      { name: 'scalar', weight: 2 },
    ],
  });
  assert.deepEqual(pc[2].args, { foo: 'bar' });
});

test('setDefaults: no default args for plugins no longer enabled', () => {
  const cfg = defaulted(`profiles:
- plugins:
    multiPoint:
      enabled:
      - name: PrioritySort
      - name: DefaultBinder
      disabled:
      - name: "*"
`);
  assert.deepEqual(cfg.profiles[0].pluginConfig, undefined);
  assert.deepEqual(cfg.profiles[0].plugins.multiPoint, {
    enabled: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }],
    disabled: [{ name: '*' }],
  });
});

test('setDefaults: a profile merges its sets with the defaults, keeping disabled entries', () => {
  const cfg = defaulted(`profiles:
- plugins:
    multiPoint:
      enabled:
      - name: NodeAffinity
        weight: 7
      - name: Custom
      disabled:
      - name: ImageLocality
    score:
      disabled:
      - name: "*"
`);
  const p = cfg.profiles[0].plugins;
  assert.deepEqual(p.score, { disabled: [{ name: '*' }] });
  const names = p.multiPoint.enabled!.map((r) => (r.weight ? `${r.name}:${r.weight}` : r.name));
  assert.equal(names.includes('ImageLocality:1'), false);
  assert.equal(names[5], 'NodeAffinity:7');
  assert.equal(names.at(-1), 'Custom');
  assert.deepEqual(p.multiPoint.disabled, [{ name: 'ImageLocality' }]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './load.js';
import { resolveProfiles } from './resolve.js';
import { IN_TREE_PLUGINS, knownPlugins, resolvePlugins, summarize } from './testing.js';
import { ConfigError } from './types.js';
import type { ArgsValidator } from './types.js';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

test('resolveProfiles: the default profile expands to upstream ExpandedPluginsV1', () => {
  const [r] = resolveProfiles(parseConfig(HEAD, 'test'), IN_TREE_PLUGINS);
  assert.equal(r.schedulerName, 'default-scheduler');
  assert.deepEqual(summarize(r), {
    preEnqueue: ['SchedulingGates'],
    queueSort: ['PrioritySort'],
    preFilter: [
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread',
      'InterPodAffinity',
    ],
    filter: [
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread',
      'InterPodAffinity',
    ],
    postFilter: ['DefaultPreemption'],
    preScore: [
      'TaintToleration',
      'NodeAffinity',
      'NodeResourcesFit',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
      'NodeResourcesBalancedAllocation',
    ],
    score: [
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodeResourcesFit:1',
      'VolumeBinding:1',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
    ],
    reserve: ['VolumeBinding'],
    preBind: ['VolumeBinding'],
    bind: ['DefaultBinder'],
  });
  assert.deepEqual(r.pluginArgs.get('DefaultPreemption'), {
    minCandidateNodesPercentage: 10,
    minCandidateNodesAbsolute: 100,
  });
  assert.deepEqual([...r.pluginArgs.keys()].length, 7);
  assert.equal('percentageOfNodesToScore' in r, false);
});

test('resolveProfiles: a weight given at score overrides the default multiPoint weight', () => {
  const r = resolvePlugins('score:\n  enabled:\n  - name: NodeAffinity\n    weight: 5\n')[0];
  assert.deepEqual(r.points.score.slice(0, 2), [
    { name: 'NodeAffinity', weight: 5 },
    { name: 'TaintToleration', weight: 3 },
  ]);
  assert.equal(r.points.preScore[1].name, 'NodeAffinity');
});

test('resolveProfiles: a custom multiPoint plugin is appended where it implements', () => {
  const known = new Map([...IN_TREE_PLUGINS, ...knownPlugins({ Custom: ['filter', 'score'] })]);
  const r = resolvePlugins('multiPoint:\n  enabled:\n  - name: Custom\n    weight: 4\n', known)[0];
  assert.deepEqual(r.points.filter.at(-1), { name: 'Custom', weight: 0 });
  assert.deepEqual(r.points.score.at(-1), { name: 'Custom', weight: 4 });
});

test('resolveProfiles: disabled "*" at a point drops the defaults there', () => {
  const r = resolvePlugins('filter:\n  disabled:\n  - name: "*"\n  enabled:\n  - name: NodeName\n')[0];
  assert.deepEqual(r.points.filter, [{ name: 'NodeName', weight: 0 }]);
  assert.equal(r.points.preFilter.length, 9);
});

const P = 'initializing profiles: creating profile for scheduler name default-scheduler: ';
const errorCases: { name: string; plugins: string; want: string }[] = [
  {
    name: 'unknown plugin at a point',
    plugins: 'filter:\n  enabled:\n  - name: Foo\n',
    want: `${P}FilterPlugin "Foo" does not exist`,
  },
  {
    name: 'unknown plugin in multiPoint',
    plugins: 'multiPoint:\n  enabled:\n  - name: Foo\n',
    want: `${P}PreFilterPlugin "Foo" does not exist`,
  },
  {
    name: 'a plugin at a point it does not implement',
    plugins: 'filter:\n  enabled:\n  - name: DefaultBinder\n',
    want: `${P}plugin "DefaultBinder" does not extend FilterPlugin plugin`,
  },
  {
    name: 'VolumeBinding at postBind',
    plugins: 'postBind:\n  enabled:\n  - name: VolumeBinding\n',
    want: `${P}plugin "VolumeBinding" does not extend PostBindPlugin plugin`,
  },
  {
    name: 'twice at a point',
    plugins: 'filter:\n  enabled:\n  - name: NodeName\n  - name: NodeName\n',
    want: `${P}plugin "NodeName" already registered as "FilterPlugin"`,
  },
  {
    name: 'twice in multiPoint',
    plugins: 'multiPoint:\n  enabled:\n  - name: NodeName\n  - name: NodeName\n',
    want: `${P}plugin "NodeName" already registered as "FilterPlugin"`,
  },
  {
    name: 'no queue sort',
    plugins: 'queueSort:\n  disabled:\n  - name: "*"\n',
    want: `${P}only one queue sort plugin required for profile with scheduler name "default-scheduler", but got 0`,
  },
  {
    name: 'no bind',
    plugins: 'multiPoint:\n  disabled:\n  - name: DefaultBinder\n',
    want: `${P}at least one bind plugin is needed for profile with scheduler name "default-scheduler"`,
  },
];

for (const c of errorCases) {
  test(`resolveProfiles error: ${c.name}`, () => {
    assert.throws(() => resolvePlugins(c.plugins), new ConfigError(c.want));
  });
}

test('resolveProfiles: profiles must end up with the same queue sort plugin', () => {
  const known = new Map([...IN_TREE_PLUGINS, ...knownPlugins({ CustomSort: ['queueSort'] })]);
  const cfg = parseConfig(
    `${HEAD}profiles:
- schedulerName: a
- schedulerName: b
  plugins:
    multiPoint:
      enabled:
      - name: CustomSort
      disabled:
      - name: PrioritySort
`,
    'test',
  );
  assert.throws(
    () => resolveProfiles(cfg, known),
    new ConfigError(
      'initializing profiles: different queue sort plugins for profile "b": "CustomSort", first: "PrioritySort"',
    ),
  );
});

test('resolveProfiles: runs the args validators first', () => {
  const validators = new Map<string, ArgsValidator>([
    [
      'VolumeBinding',
      (a) => (a.bindTimeoutSeconds === -1 ? [{ field: 'bindTimeoutSeconds', message: 'Invalid value: -1: bad' }] : []),
    ],
  ]);
  const cfg = parseConfig(
    `${HEAD}profiles:\n- pluginConfig:\n  - name: VolumeBinding\n    args:\n      bindTimeoutSeconds: -1\n`,
    't',
  );
  assert.throws(
    () => resolveProfiles(cfg, IN_TREE_PLUGINS, validators),
    new ConfigError('profiles[0].pluginConfig[0].args.bindTimeoutSeconds: Invalid value: -1: bad'),
  );
});

test('resolveProfiles: per-profile percentageOfNodesToScore and args', () => {
  const cfg = parseConfig(
    `${HEAD}profiles:
- schedulerName: a
  percentageOfNodesToScore: 40
  pluginConfig:
  - name: InterPodAffinity
    args:
      hardPodAffinityWeight: 7
- schedulerName: b
`,
    't',
  );
  const [a, b] = resolveProfiles(cfg, IN_TREE_PLUGINS);
  assert.equal(a.percentageOfNodesToScore, 40);
  assert.equal(b.percentageOfNodesToScore, undefined);
  assert.deepEqual(a.pluginArgs.get('InterPodAffinity'), {
    hardPodAffinityWeight: 7,
    ignorePreferredTermsOfExistingPods: false,
  });
  assert.equal(b.pluginArgs.get('InterPodAffinity')?.hardPodAffinityWeight, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeConfig } from './decode.js';
import { setDefaults } from './defaults.js';
import type { ArgsValidator } from './types.js';
import { aggregateMessages, goPluginSet, validateConfig } from './validation.js';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
const validate = (yaml: string, validators?: ReadonlyMap<string, ArgsValidator>) =>
  validateConfig(setDefaults(decodeConfig(HEAD + yaml)), validators);

const DUP_PATH = 'field.Path{name:"schedulerName", index:"", parent:(*field.Path)(0xc000a2e0c0)}';
const removed = (field: string, name: string) =>
  `${field}: Invalid value: "${name}": was invalid in version "v1" (KubeSchedulerConfiguration is version "kubescheduler.config.k8s.io/v1")`;

const cases: { name: string; yaml: string; want: string[] }[] = [
  { name: 'defaults are valid', yaml: '', want: [] },
  {
    name: 'parallelism',
    yaml: 'parallelism: 0\n',
    want: ['parallelism: Invalid value: 0: should be an integer value greater than zero'],
  },
  {
    name: 'percentageOfNodesToScore',
    yaml: 'percentageOfNodesToScore: 101\n',
    want: ['percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]'],
  },
  {
    name: "a profile's percentageOfNodesToScore",
    yaml: 'profiles:\n- percentageOfNodesToScore: -1\n',
    want: ['profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]'],
  },
  {
    name: 'podInitialBackoffSeconds',
    yaml: 'podInitialBackoffSeconds: 0\n',
    want: ['podInitialBackoffSeconds: Invalid value: 0: must be greater than 0'],
  },
  {
    name: 'podMaxBackoffSeconds below the initial backoff',
    yaml: 'podInitialBackoffSeconds: 20\n',
    want: ['podMaxBackoffSeconds: Invalid value: 10: must be greater than or equal to PodInitialBackoffSeconds'],
  },
  {
    name: 'client connection burst',
    yaml: 'clientConnection:\n  burst: -1\n',
    want: ['clientConnection.burst: Invalid value: -1: must be non-negative'],
  },
  {
    name: 'leader election durations',
    yaml: 'leaderElection:\n  leaseDuration: 10s\n  renewDeadline: 20s\n  retryPeriod: -1s\n',
    want: [
      'leaderElection.retryPeriod: Invalid value: -1s: must be greater than zero',
      'leaderElection.leaseDuration: Invalid value: 20s: must be greater than `RenewDeadline`',
    ],
  },
  {
    name: 'leader election durations are not checked without leader election',
    yaml: 'leaderElection:\n  leaderElect: false\n  leaseDuration: 1s\n  resourceLock: endpoints\n',
    want: [],
  },
  {
    name: 'resource lock',
    yaml: 'leaderElection:\n  resourceLock: endpoints\n',
    want: ['leaderElection.resourceLock: Invalid value: "endpoints": resourceLock value must be "leases"'],
  },
  {
    name: 'scheduler names required when several profiles',
    yaml: 'profiles:\n- schedulerName: a\n- percentageOfNodesToScore: 2\n',
    want: ['profiles[1].schedulerName: Required value'],
  },
  {
    name: 'duplicate scheduler names',
    yaml: 'profiles:\n- schedulerName: a\n- schedulerName: b\n- schedulerName: a\n',
    want: [`profiles[2].schedulerName: Duplicate value: ${DUP_PATH}`],
  },
  {
    name: 'queueSort must match across profiles',
    yaml: `profiles:
- schedulerName: a
- schedulerName: b
  plugins:
    queueSort:
      enabled:
      - name: CustomSort
      disabled:
      - name: "*"
`,
    want: [
      `profiles[1].plugins.queueSort: Invalid value: config.PluginSet{Enabled:[]config.Plugin{config.Plugin{Name:"CustomSort", Weight:0}}, Disabled:[]config.Plugin{config.Plugin{Name:"*", Weight:0}}}: must be the same for all profiles`,
    ],
  },
  {
    name: 'queueSort args must match across profiles',
    yaml: `profiles:
- schedulerName: a
  plugins:
    queueSort:
      enabled:
      - name: CustomSort
  pluginConfig:
  - name: CustomSort
    args:
      order: asc
- schedulerName: b
  plugins:
    queueSort:
      enabled:
      - name: CustomSort
  pluginConfig:
  - name: CustomSort
    args:
      order: desc
`,
    want: [
      'profiles[1].pluginConfig.args: Invalid value: {"order":"desc"}: queueSort must be the same for all profiles',
    ],
  },
  {
    name: 'one queue sort plugin',
    yaml: 'profiles:\n- plugins:\n    queueSort:\n      enabled:\n      - name: A\n      - name: B\n',
    want: ['profiles[0].plugins.queueSort.Enabled: Invalid value: 2: only one queue sort plugin can be enabled'],
  },
  {
    name: 'duplicate pluginConfig',
    yaml: 'profiles:\n- pluginConfig:\n  - name: VolumeBinding\n  - name: VolumeBinding\n',
    want: ['profiles[0].pluginConfig[1]: Duplicate value: "VolumeBinding"'],
  },
  {
    name: 'pluginConfig for a plugin that is not enabled is allowed',
    yaml: 'profiles:\n- pluginConfig:\n  - name: NotEnabled\n    args:\n      a: 1\n',
    want: [],
  },
  {
    name: 'removed plugins',
    yaml: `profiles:
- plugins:
    filter:
      enabled:
      - name: NodeName
      - name: EBSLimits
  pluginConfig:
  - name: GCEPDLimits
`,
    want: [
      removed('profiles[0].plugins.filter.enabled[1]', 'EBSLimits'),
      removed('profiles[0].pluginConfig[0]', 'GCEPDLimits'),
    ],
  },
  {
    name: 'extenders',
    yaml: `extenders:
- urlPrefix: http://a
  prioritizeVerb: prioritize
  bindVerb: bind
  managedResources:
  - name: example.com/foo
  - name: example.com/foo
- urlPrefix: http://b
  bindVerb: bind
  managedResources:
  - name: cpu
`,
    want: [
      'extenders[0].weight: Invalid value: 0: must have a positive weight applied to it',
      'extenders[0].managedResources[1].name: Invalid value: "example.com/foo": duplicate extender managed resource name',
      'extenders[1].managedResources[0].name: Invalid value: "cpu": is an invalid extended resource name',
      'extenders: Invalid value: "found 2 extenders implementing bind": only one extender can implement bind',
    ],
  },
  {
    name: 'errors in upstream order',
    yaml: 'parallelism: -1\npercentageOfNodesToScore: 200\nprofiles:\n- schedulerName: ""\n',
    want: [
      'parallelism: Invalid value: -1: should be an integer value greater than zero',
      'profiles[0].schedulerName: Required value',
      'percentageOfNodesToScore: Invalid value: 200: not in valid range [0-100]',
    ],
  },
];

for (const c of cases) {
  test(`validateConfig: ${c.name}`, () => {
    assert.deepEqual(validate(c.yaml), c.want);
  });
}

test('validateConfig: plugin args go through the validators, fields prefixed', () => {
  const seen: Record<string, unknown>[] = [];
  const validators = new Map<string, ArgsValidator>([
    [
      'DefaultPreemption',
      (args) => {
        seen.push(args);
        return (args.minCandidateNodesPercentage as number) > 100
          ? [
              {
                field: 'minCandidateNodesPercentage',
                message: `Invalid value: ${args.minCandidateNodesPercentage}: not in valid range [0, 100]`,
              },
            ]
          : [];
      },
    ],
    ['OutOfTree', () => [{ field: '', message: 'Invalid value: "x": broken' }]],
  ]);
  const errs = validate(
    `profiles:
- pluginConfig:
  - name: DefaultPreemption
    args:
      minCandidateNodesPercentage: 200
  - name: OutOfTree
`,
    validators,
  );
  assert.deepEqual(errs, [
    'profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 200: not in valid range [0, 100]',
    'profiles[0].pluginConfig[1].args: Invalid value: "x": broken',
  ]);
  // Validators see defaulted args without their apiVersion/kind.
  assert.deepEqual(seen, [{ minCandidateNodesPercentage: 200, minCandidateNodesAbsolute: 100 }]);
});

test('aggregateMessages: one error alone, several bracketed, repeats dropped', () => {
  assert.equal(aggregateMessages(['a']), 'a');
  assert.equal(aggregateMessages(['a', 'b', 'a']), '[a, b]');
  assert.equal(aggregateMessages(['a', 'a']), 'a');
});

test('goPluginSet prints nil and empty lists as Go does', () => {
  assert.equal(goPluginSet({}), 'config.PluginSet{Enabled:[]config.Plugin(nil), Disabled:[]config.Plugin(nil)}');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeConfig } from './decode.js';
import { ConfigError } from './types.js';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
const SCHEME = 'k8s.io/kubernetes/pkg/scheduler/apis/config/scheme/scheme.go:30';

const errorCases: { name: string; text: string; want: string }[] = [
  {
    name: 'removed v1beta3',
    text: 'apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n',
    want: `no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta3" in scheme "${SCHEME}"`,
  },
  {
    name: 'removed v1beta2',
    text: 'apiVersion: kubescheduler.config.k8s.io/v1beta2\nkind: KubeSchedulerConfiguration\n',
    want: `no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta2" in scheme "${SCHEME}"`,
  },
  {
    name: 'componentconfig/v1alpha1',
    text: 'apiVersion: componentconfig/v1alpha1\nkind: KubeSchedulerConfiguration\n',
    want: `no kind "KubeSchedulerConfiguration" is registered for version "componentconfig/v1alpha1" in scheme "${SCHEME}"`,
  },
  {
    name: 'unknown kind',
    text: 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: SchedulerConfig\n',
    want: `no kind "SchedulerConfig" is registered for version "kubescheduler.config.k8s.io/v1" in scheme "${SCHEME}"`,
  },
  {
    name: 'core v1',
    text: 'apiVersion: v1\nkind: KubeSchedulerConfiguration\n',
    want: `no kind "KubeSchedulerConfiguration" is registered for version "v1" in scheme "${SCHEME}"`,
  },
  {
    name: 'no apiVersion',
    text: 'kind: KubeSchedulerConfiguration\nparallelism: 2\n',
    want: "Object 'apiVersion' is missing in 'kind: KubeSchedulerConfiguration\nparallelism: 2\n'",
  },
  {
    name: 'no kind',
    text: 'apiVersion: kubescheduler.config.k8s.io/v1\n',
    want: "Object 'Kind' is missing in 'apiVersion: kubescheduler.config.k8s.io/v1\n'",
  },
  { name: 'empty file', text: '', want: "Object 'Kind' is missing in ''" },
  { name: 'bad group version', text: 'apiVersion: a/b/c\nkind: X\n', want: 'unexpected GroupVersion string: a/b/c' },
  {
    name: 'a list',
    text: '- a\n',
    want: `couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
  },
  {
    name: 'args kind at top level',
    text: 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: VolumeBindingArgs\n',
    want: "couldn't decode as KubeSchedulerConfiguration, got kubescheduler.config.k8s.io/v1, Kind=VolumeBindingArgs: ",
  },
  {
    name: 'unknown fields, sorted as YAML converts them',
    text: `${HEAD}profiles:\n- schedulerName: a\n  foo: 1\nzoo: 2\nbar: 3\n`,
    want: 'strict decoding error: unknown field "bar", unknown field "profiles[0].foo", unknown field "zoo"',
  },
  {
    name: 'field names are case-sensitive',
    text: `${HEAD}Parallelism: 3\n`,
    want: 'strict decoding error: unknown field "Parallelism"',
  },
  {
    name: 'unknown field in a plugin set',
    text: `${HEAD}profiles:\n- plugins:\n    filter:\n      enable:\n      - name: Foo\n`,
    want: 'strict decoding error: unknown field "profiles[0].plugins.filter.enable"',
  },
  {
    name: 'duplicate YAML key',
    text: `${HEAD}leaderElection:\n  leaderElect: true\n  leaderElect: false\n`,
    want: 'strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key "leaderElect" already set in map',
  },
  {
    name: 'duplicate YAML keys with an unknown field',
    text: `${HEAD}parallelism: 1\nparallelism: 2\nfoo: 1\n`,
    want: 'strict decoding error: error converting YAML to JSON: yaml: unmarshal errors:\n  line 4: key "parallelism" already set in map, unknown field "foo"',
  },
  {
    name: 'JSON duplicate and unknown fields in document order',
    text: '{"apiVersion":"kubescheduler.config.k8s.io/v1","kind":"KubeSchedulerConfiguration","foo":1,"leaderElection":{"leaderElect":true,"leaderElect":false}}',
    want: 'strict decoding error: unknown field "foo", duplicate field "leaderElection.leaderElect"',
  },
  {
    name: 'JSON syntax',
    text: '{"apiVersion": }',
    want: "couldn't get version/kind; json parse error: invalid character '}' looking for beginning of value",
  },
  {
    name: 'YAML syntax',
    text: `${HEAD}profiles:\n- a: b: c\n`,
    want: 'error converting YAML to JSON: yaml: line 4: Nested mappings are not allowed in compact mappings',
  },
  {
    name: 'wrong type',
    text: `${HEAD}parallelism: many\n`,
    want: 'json: cannot unmarshal string into Go struct field KubeSchedulerConfiguration.parallelism of type int32',
  },
  {
    name: 'wrong type, nested',
    text: `${HEAD}profiles:\n- schedulerName: 5\n`,
    want: 'json: cannot unmarshal number into Go struct field KubeSchedulerProfile.profiles.schedulerName of type string',
  },
  {
    name: 'fraction for an integer',
    text: `${HEAD}profiles:\n- plugins:\n    score:\n      enabled:\n      - name: A\n        weight: 1.5\n`,
    want: 'json: cannot unmarshal number 1.5 into Go struct field Plugin.profiles.plugins.score.enabled.weight of type int32',
  },
  {
    name: 'object for a list',
    text: `${HEAD}profiles:\n  schedulerName: a\n`,
    want: 'json: cannot unmarshal object into Go struct field KubeSchedulerConfiguration.profiles of type []v1.KubeSchedulerProfile',
  },
  {
    name: 'type errors win over unknown fields',
    text: `${HEAD}foo: 1\nparallelism: "2"\n`,
    want: 'json: cannot unmarshal string into Go struct field KubeSchedulerConfiguration.parallelism of type int32',
  },
  {
    name: 'bad duration',
    text: `${HEAD}leaderElection:\n  leaseDuration: 15\n`,
    want: 'json: cannot unmarshal number into Go struct field LeaderElectionConfiguration.leaderElection.leaseDuration of type string',
  },
  {
    name: 'unparsable duration',
    text: `${HEAD}leaderElection:\n  leaseDuration: 15 seconds\n`,
    want: 'time: unknown unit " seconds" in duration "15 seconds"',
  },
  {
    name: 'strict args (upstream scheme_test)',
    text: `${HEAD}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n        requestedToCapacityRatio:\n          shape:\n          - Score: 2\n            Utilization: 1\n`,
    want: 'strict decoding error: decoding .profiles[0].pluginConfig[0]: strict decoding error: decoding args for plugin NodeResourcesFit: strict decoding error: unknown field "scoringStrategy.requestedToCapacityRatio.shape[0].Score", unknown field "scoringStrategy.requestedToCapacityRatio.shape[0].Utilization"',
  },
  {
    name: 'top-level and args strict errors together',
    text: `${HEAD}foo: 1\nprofiles:\n- pluginConfig:\n  - name: VolumeBinding\n    args:\n      timeout: 3\n`,
    want: 'strict decoding error: unknown field "foo", decoding .profiles[0].pluginConfig[0]: strict decoding error: decoding args for plugin VolumeBinding: strict decoding error: unknown field "timeout"',
  },
  {
    name: 'args of another kind (upstream scheme_test)',
    text: `${HEAD}profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args:\n      apiVersion: kubescheduler.config.k8s.io/v1\n      kind: InterPodAffinityArgs\n`,
    want: 'decoding .profiles[0].pluginConfig[0]: args for plugin DefaultPreemption were not of type DefaultPreemptionArgs.kubescheduler.config.k8s.io, got InterPodAffinityArgs.kubescheduler.config.k8s.io',
  },
  {
    name: 'args of a removed version',
    text: `${HEAD}profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args:\n      apiVersion: kubescheduler.config.k8s.io/v1beta3\n`,
    want: `decoding .profiles[0].pluginConfig[0]: decoding args for plugin DefaultPreemption: no kind "DefaultPreemptionArgs" is registered for version "kubescheduler.config.k8s.io/v1beta3" in scheme "${SCHEME}"`,
  },
  {
    name: 'args of the wrong type',
    text: `${HEAD}profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args:\n      minCandidateNodesAbsolute: lots\n`,
    want: 'decoding .profiles[0].pluginConfig[0]: decoding args for plugin DefaultPreemption: json: cannot unmarshal string into Go struct field DefaultPreemptionArgs.minCandidateNodesAbsolute of type int32',
  },
];

for (const c of errorCases) {
  test(`decodeConfig error: ${c.name}`, () => {
    assert.throws(
      () => decodeConfig(c.text, 'cfg.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.message, c.want);
        assert.equal(e.source, 'cfg.yaml');
        return true;
      },
    );
  });
}

test('decodeConfig keeps values, types in-tree args and passes out-of-tree args through', () => {
  const cfg = decodeConfig(
    `${HEAD}parallelism: 8
leaderElection:
  leaderElect: no
profiles:
- schedulerName: a
  percentageOfNodesToScore: null
  pluginConfig:
  - name: InterPodAffinity
    args:
      hardPodAffinityWeight: 5
  - name: OutOfTree
    args:
      foo: bar
  - name: VolumeBinding
  - name: Other
`,
  );
  assert.equal(cfg.parallelism, 8);
  assert.deepEqual(cfg.leaderElection, { leaderElect: false });
  assert.deepEqual(cfg.profiles?.[0].pluginConfig, [
    {
      name: 'InterPodAffinity',
      args: { kind: 'InterPodAffinityArgs', apiVersion: 'kubescheduler.config.k8s.io/v1', hardPodAffinityWeight: 5 },
    },
    { name: 'OutOfTree', args: { foo: 'bar' } },
    { name: 'VolumeBinding', args: { kind: 'VolumeBindingArgs', apiVersion: 'kubescheduler.config.k8s.io/v1' } },
    { name: 'Other' },
  ]);
  assert.equal('percentageOfNodesToScore' in cfg.profiles![0], false);
});

test('decodeConfig reads JSON', () => {
  const cfg = decodeConfig(
    '{"apiVersion":"kubescheduler.config.k8s.io/v1","kind":"KubeSchedulerConfiguration","profiles":[{"schedulerName":"x"}]}',
  );
  assert.equal(cfg.profiles?.[0].schedulerName, 'x');
});

test('decodeConfig: plugin args may restate their own kind', () => {
  const cfg = decodeConfig(
    `${HEAD}profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args:\n      apiVersion: kubescheduler.config.k8s.io/v1\n      kind: DefaultPreemptionArgs\n      minCandidateNodesPercentage: 50\n`,
  );
  assert.deepEqual(cfg.profiles?.[0].pluginConfig?.[0].args, {
    kind: 'DefaultPreemptionArgs',
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    minCandidateNodesPercentage: 50,
  });
});

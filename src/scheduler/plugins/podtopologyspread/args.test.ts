import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeHandle } from '../../framework/testing.js';
import { argsWithDefaults, factory, PodTopologySpread, SYSTEM_DEFAULT_CONSTRAINTS, validateArgs } from './index.js';

// Upstream's TestValidatePodTopologySpreadArgs.
const cases: { name: string; args: Record<string, unknown>; want: { field: string; message: string }[] }[] = [
  {
    name: 'valid config',
    args: {
      defaultConstraints: [
        { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
      defaultingType: 'List',
    },
    want: [],
  },
  {
    name: 'maxSkew less than zero',
    args: {
      defaultConstraints: [{ maxSkew: -1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }],
      defaultingType: 'List',
    },
    want: [{ field: 'defaultConstraints[0].maxSkew', message: 'Invalid value: -1: not in valid range (0, inf)' }],
  },
  {
    name: 'empty topology key',
    args: {
      defaultConstraints: [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }],
      defaultingType: 'List',
    },
    want: [{ field: 'defaultConstraints[0].topologyKey', message: 'Required value: can not be empty' }],
  },
  {
    name: 'whenUnsatisfiable is empty',
    args: { defaultConstraints: [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: '' }], defaultingType: 'List' },
    want: [{ field: 'defaultConstraints[0].whenUnsatisfiable', message: 'Required value: can not be empty' }],
  },
  {
    name: 'whenUnsatisfiable contains unsupported action',
    args: {
      defaultConstraints: [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'unknown action' }],
      defaultingType: 'List',
    },
    want: [
      {
        field: 'defaultConstraints[0].whenUnsatisfiable',
        message: 'Unsupported value: "unknown action": supported values: "DoNotSchedule", "ScheduleAnyway"',
      },
    ],
  },
  {
    name: 'duplicated constraints',
    args: {
      defaultConstraints: [
        { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
      ],
      defaultingType: 'List',
    },
    want: [{ field: 'defaultConstraints[1]', message: 'Duplicate value: "{node, DoNotSchedule}"' }],
  },
  {
    name: 'label selector present',
    args: {
      defaultConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'key',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { a: 'b' } },
        },
      ],
      defaultingType: 'List',
    },
    want: [
      {
        field: 'defaultConstraints[0].labelSelector',
        message: 'Forbidden: constraint must not define a selector, as they deduced for each pod',
      },
    ],
  },
  {
    name: 'list default constraints, no constraints',
    args: { defaultingType: 'List' },
    want: [],
  },
  {
    name: 'system default constraints',
    args: { defaultingType: 'System' },
    want: [],
  },
  {
    name: 'wrong constraints',
    args: {
      defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      defaultingType: 'System',
    },
    want: [{ field: 'defaultingType', message: 'Invalid value: "System": when .defaultConstraints are not empty' }],
  },
  {
    name: 'unsupported defaulting type',
    args: { defaultingType: 'Foo' },
    want: [{ field: 'defaultingType', message: 'Unsupported value: "Foo": supported values: "System", "List"' }],
  },
];

for (const tc of cases) {
  test(`PodTopologySpread validateArgs: ${tc.name}`, () => {
    assert.deepEqual(validateArgs(tc.args), tc.want);
  });
}

test('PodTopologySpread args: defaults, path prefix and factory', () => {
  assert.deepEqual(argsWithDefaults(undefined), { defaultConstraints: [], defaultingType: 'System' });
  assert.deepEqual(argsWithDefaults({ defaultingType: '' }).defaultingType, 'System');
  assert.deepEqual(
    validateArgs({ defaultingType: 'Foo' }, 'profiles[0].pluginConfig[0].args')[0].field,
    'profiles[0].pluginConfig[0].args.defaultingType',
  );
  const system = factory(undefined, fakeHandle([])) as PodTopologySpread;
  assert.ok(system instanceof PodTopologySpread);
  assert.equal(system.systemDefaulted, true);
  assert.deepEqual(system.defaults.constraints, SYSTEM_DEFAULT_CONSTRAINTS);
  assert.deepEqual(
    SYSTEM_DEFAULT_CONSTRAINTS.map((c) => [c.topologyKey, c.maxSkew, c.whenUnsatisfiable]),
    [
      ['kubernetes.io/hostname', 3, 'ScheduleAnyway'],
      ['topology.kubernetes.io/zone', 5, 'ScheduleAnyway'],
    ],
  );
  assert.throws(
    () => factory({ defaultingType: 'Foo' }, fakeHandle([])),
    /^Error: defaultingType: Unsupported value: "Foo"/,
  );
});

// NodeResourcesFitArgs defaulting and validation, with upstream's field paths and messages
// (SetDefaults_NodeResourcesFitArgs, ValidateNodeResourcesFitArgs and their tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeHandle } from '../../framework/testing.js';
import { defaultArgs, factory, validateArgs, type ArgsError } from './index.js';

test('NodeResourcesFit defaultArgs: LeastAllocated over cpu and memory when nothing is given', () => {
  assert.deepEqual(defaultArgs(undefined), {
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: {
      type: 'LeastAllocated',
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    },
  });
});

test('NodeResourcesFit defaultArgs: empty resources take the defaults, a missing weight is 1', () => {
  assert.deepEqual(defaultArgs({ scoringStrategy: { type: 'MostAllocated' } }).scoringStrategy.resources, [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ]);
  assert.deepEqual(
    defaultArgs({
      scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu' }, { name: 'memory', weight: 5 }] },
    }).scoringStrategy.resources,
    [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 5 },
    ],
  );
});

const ratio = (shape: { utilization: number; score: number }[]) => ({
  type: 'RequestedToCapacityRatio',
  resources: [{ name: 'cpu', weight: 1 }],
  requestedToCapacityRatio: { shape },
});

const cases: { name: string; args: Record<string, unknown>; want: ArgsError[] }[] = [
  { name: 'defaults are valid', args: {}, want: [] },
  {
    name: 'ignoredResources: invalid name',
    args: { ignoredResources: ['.example.com/foo'] },
    want: [
      {
        field: 'ignoredResources[0]',
        message:
          "Invalid value: \".example.com/foo\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    ],
  },
  {
    name: 'ignoredResourceGroups: contains "/"',
    args: { ignoredResourceGroups: ['example.com/'] },
    want: [
      {
        field: 'ignoredResourceGroups[0]',
        message: "Invalid value: \"example.com/\": resource group name can't contain '/'",
      },
      { field: 'ignoredResourceGroups[0]', message: 'Invalid value: "example.com/": name part must be non-empty' },
      {
        field: 'ignoredResourceGroups[0]',
        message:
          "Invalid value: \"example.com/\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      },
    ],
  },
  {
    name: 'unsupported scoring strategy type',
    args: { scoringStrategy: { type: 'Invalid', resources: [{ name: 'cpu', weight: 1 }] } },
    want: [
      {
        field: 'scoringStrategy.type',
        message:
          'Unsupported value: "Invalid": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
      },
    ],
  },
  {
    name: 'resource weight out of range',
    args: {
      scoringStrategy: {
        type: 'LeastAllocated',
        resources: [
          { name: 'memory', weight: -1 },
          { name: 'cpu', weight: 101 },
        ],
      },
    },
    want: [
      {
        field: 'scoringStrategy.resources[0].weight',
        message: 'Invalid value: -1: resource weight of memory not in valid range (0, 100]',
      },
      {
        field: 'scoringStrategy.resources[1].weight',
        message: 'Invalid value: 101: resource weight of cpu not in valid range (0, 100]',
      },
    ],
  },
  {
    name: 'RequestedToCapacityRatio without its parameters',
    args: { scoringStrategy: { type: 'RequestedToCapacityRatio', resources: [{ name: 'cpu', weight: 1 }] } },
    want: [
      {
        field: 'scoringStrategy.requestedToCapacityRatio',
        message: 'Required value: must be specified when type is RequestedToCapacityRatio',
      },
    ],
  },
  {
    name: 'requestedToCapacityRatio with another type',
    args: { scoringStrategy: { ...ratio([{ utilization: 0, score: 0 }]), type: 'MostAllocated' } },
    want: [
      {
        field: 'scoringStrategy.requestedToCapacityRatio',
        message: 'Forbidden: must be nil when type is not RequestedToCapacityRatio',
      },
    ],
  },
  {
    name: 'empty shape',
    args: { scoringStrategy: ratio([]) },
    want: [
      {
        field: 'scoringStrategy.requestedToCapacityRatio.shape',
        message: 'Required value: at least one point must be specified',
      },
    ],
  },
  {
    name: 'shape utilization not increasing, values out of range',
    args: {
      scoringStrategy: ratio([
        { utilization: 10, score: 1 },
        { utilization: 10, score: 11 },
        { utilization: 110, score: -1 },
      ]),
    },
    want: [
      {
        field: 'scoringStrategy.requestedToCapacityRatio.shape[1].utilization',
        message: 'Invalid value: 10: values must be sorted in increasing order',
      },
      {
        field: 'scoringStrategy.requestedToCapacityRatio.shape[1].score',
        message: 'Invalid value: 11: not in valid range [0, 10]',
      },
      {
        field: 'scoringStrategy.requestedToCapacityRatio.shape[2].utilization',
        message: 'Invalid value: 110: not in valid range [0, 100]',
      },
      {
        field: 'scoringStrategy.requestedToCapacityRatio.shape[2].score',
        message: 'Invalid value: -1: not in valid range [0, 10]',
      },
    ],
  },
];

for (const c of cases)
  test(`NodeResourcesFit validateArgs: ${c.name}`, () => {
    assert.deepEqual(validateArgs(c.args), c.want);
    assert.deepEqual(validateArgs(defaultArgs(c.args)), c.want);
  });

test('NodeResourcesFit factory throws upstream aggregate message on invalid args', () => {
  assert.throws(
    () =>
      factory(
        { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 101 }] } },
        fakeHandle([]),
      ),
    {
      message:
        'scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]',
    },
  );
});

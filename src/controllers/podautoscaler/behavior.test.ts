/** Ported from upstream's horizontal_test.go: TestNormalizeDesiredReplicas, TestScalingWithRules, TestStoreScaleEvents. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';
import {
  convertDesiredReplicasWithBehaviorRate,
  generateHPAScaleDownRules,
  generateHPAScaleUpRules,
  getReplicasChangePerPeriod,
  stabilizeRecommendation,
  storeScaleEvent,
  type TimestampedScaleEvent,
} from './behavior.js';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

function rules(
  pods: number,
  podsPeriod: number,
  percent: number,
  percentPeriod: number,
  window: number,
): HPAScalingRules {
  const policies = [];
  if (pods !== 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max', ...(policies.length ? { policies } : {}) };
}

/** Upstream's generateEventsUniformDistribution: centred in equal slices of the last `period` s. */
function uniform(raw: number[], period: number): TimestampedScaleEvent[] {
  const seg = period / raw.length;
  // Generated an instant before the controller looks, as in upstream's tests.
  return raw.map((c, i) => ({
    replicaChange: c,
    timestamp: NOW - 1 - Math.trunc(period - seg * (i + 1) + seg / 2) * 1000,
    outdated: false,
  }));
}

describe('stabilizeRecommendation (TestNormalizeDesiredReplicas)', () => {
  const cases: [string, [number, number][], number, number, number][] = [
    ['empty log', [], 5, 5, 1],
    [
      'stabilize',
      [
        [4, -2 * MIN],
        [5, -1 * MIN],
      ],
      3,
      5,
      3,
    ],
    [
      'no stabilize',
      [
        [1, -2 * MIN],
        [2, -1 * MIN],
      ],
      3,
      3,
      3,
    ],
    [
      'no stabilize - old recommendations',
      [
        [10, -10 * MIN],
        [9, -9 * MIN],
      ],
      3,
      3,
      2,
    ],
    [
      'stabilize - old recommendations',
      [
        [10, -10 * MIN],
        [4, -1 * MIN],
        [5, -2 * MIN],
        [9, -9 * MIN],
      ],
      3,
      5,
      4,
    ],
  ];
  for (const [name, recs, desired, want, len] of cases) {
    it(name, () => {
      const log = recs.map(([r, t]) => ({ recommendation: r, timestamp: NOW + t }));
      assert.equal(stabilizeRecommendation(log, desired, 5 * MIN, NOW), want);
      assert.equal(log.length, len);
    });
  }
});

describe('convertDesiredReplicasWithBehaviorRate (TestScalingWithRules)', () => {
  type Case = {
    name: string;
    up?: TimestampedScaleEvent[];
    down?: TimestampedScaleEvent[];
    min: number;
    max: number;
    upRules?: HPAScalingRules;
    downRules?: HPAScalingRules;
    current: number;
    desired: number;
    want: number;
    cond: string;
  };
  const cases: Case[] = [
    { name: 'within range', current: 5, desired: 7, min: 3, max: 8, want: 7, cond: 'DesiredWithinRange' },
    { name: 'below minReplicas', current: 3, desired: 1, min: 2, max: 8, want: 2, cond: 'TooFewReplicas' },
    { name: 'minReplicas 0', current: 1, desired: 0, min: 0, max: 10, want: 0, cond: 'DesiredWithinRange' },
    {
      name: 'maxReplicas < scaleUpLimit',
      current: 20,
      desired: 1000,
      min: 1,
      max: 10,
      want: 10,
      cond: 'TooManyReplicas',
    },
    { name: 'more than maximum', current: 100, desired: 1000, min: 100, max: 150, want: 150, cond: 'TooManyReplicas' },
    {
      name: 'scaleUpLimit with user policies',
      current: 3,
      desired: 1000,
      min: 1,
      max: 2000,
      upRules: rules(0, 0, 1, 60, 0),
      want: 4,
      cond: 'ScaleUpLimit',
    },
    { name: 'scaleUp default behavior', current: 10, desired: 50, min: 1, max: 1000, want: 20, cond: 'ScaleUpLimit' },
    {
      name: 'pods policy larger',
      current: 10,
      desired: 500,
      min: 1,
      max: 1000,
      upRules: rules(100, 60, 100, 60, 0),
      want: 110,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'percent policy larger',
      current: 10,
      desired: 500,
      min: 1,
      max: 1000,
      upRules: rules(2, 60, 100, 60, 0),
      want: 20,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'large pod policy',
      current: 10,
      desired: 50,
      min: 1,
      max: 1000,
      upRules: rules(100, 60, 0, 0, 0),
      want: 50,
      cond: 'DesiredWithinRange',
    },
    {
      name: 'pod policy limitation',
      current: 10,
      desired: 50,
      min: 1,
      max: 1000,
      upRules: rules(30, 60, 0, 0, 0),
      want: 40,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'percent policy limitation',
      current: 10,
      desired: 50,
      min: 1,
      max: 1000,
      upRules: rules(0, 0, 200, 60, 0),
      want: 30,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'scaleDown percent larger than pods',
      current: 100,
      desired: 2,
      min: 1,
      max: 1000,
      downRules: rules(20, 60, 1, 60, 300),
      want: 80,
      cond: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown pods larger than percent',
      current: 100,
      desired: 2,
      min: 1,
      max: 1000,
      downRules: rules(2, 60, 1, 60, 300),
      want: 98,
      cond: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown minReplicas, large percent',
      current: 10,
      desired: 2,
      min: 5,
      max: 1000,
      downRules: rules(0, 0, 100, 60, 300),
      want: 5,
      cond: 'TooFewReplicas',
    },
    {
      name: 'scaleDown pod policy',
      current: 10,
      desired: 2,
      min: 1,
      max: 1000,
      downRules: rules(5, 60, 0, 0, 300),
      want: 5,
      cond: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown percent policy',
      current: 10,
      desired: 5,
      min: 1,
      max: 1000,
      downRules: rules(0, 0, 50, 60, 300),
      want: 5,
      cond: 'DesiredWithinRange',
    },
    {
      name: 'max with large pod policy and events',
      up: uniform([1, 5, 9], 120),
      current: 100,
      desired: 500,
      min: 1,
      max: 200,
      upRules: rules(300, 60, 0, 0, 0),
      want: 200,
      cond: 'TooManyReplicas',
    },
    {
      name: 'currentReplicas limit after recent scale-ups',
      up: uniform([1, 5, 9], 120),
      current: 100,
      desired: 500,
      min: 1,
      max: 1000,
      upRules: rules(5, 120, 0, 0, 0),
      want: 100,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'pod policy and previous scale-ups',
      up: uniform([1, 5, 9], 120),
      current: 100,
      desired: 500,
      min: 1,
      max: 1000,
      upRules: rules(150, 120, 0, 0, 0),
      want: 235,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'percent policy and previous scale-ups',
      up: uniform([1, 5, 9], 120),
      current: 100,
      desired: 500,
      min: 1,
      max: 1000,
      upRules: rules(0, 0, 200, 120, 0),
      want: 255,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'percent policy, up and down events',
      up: uniform([4], 120),
      down: uniform([2], 120),
      current: 6,
      desired: 24,
      min: 1,
      max: 1000,
      upRules: rules(0, 0, 300, 300, 0),
      want: 16,
      cond: 'ScaleUpLimit',
    },
    {
      name: 'scaleDown default and previous events',
      down: uniform([1, 5, 9], 120),
      current: 10,
      desired: 5,
      min: 1,
      max: 1000,
      want: 5,
      cond: 'DesiredWithinRange',
    },
    {
      name: 'scaleDown pod policy and previous events',
      down: uniform([1, 5, 9], 120),
      current: 100,
      desired: 2,
      min: 1,
      max: 1000,
      downRules: rules(5, 120, 0, 0, 300),
      want: 100,
      cond: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown percent policy and previous events',
      down: uniform([2, 4, 6], 120),
      current: 100,
      desired: 0,
      min: 1,
      max: 1000,
      downRules: rules(0, 0, 50, 120, 300),
      want: 56,
      cond: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown percent, up and down events',
      up: uniform([2], 120),
      down: uniform([4], 120),
      current: 10,
      desired: 1,
      min: 1,
      max: 1000,
      downRules: rules(0, 0, 50, 180, 0),
      want: 6,
      cond: 'ScaleDownLimit',
    },
    {
      name: 'previous events prevent scale-down',
      down: uniform([10, 10, 10], 120),
      current: 100,
      desired: 0,
      min: 1,
      max: 1000,
      downRules: rules(0, 0, 10, 120, 300),
      want: 100,
      cond: 'ScaleDownLimit',
    },
    {
      name: 'previous events still allow scale-down',
      down: uniform([10, 10, 10], 120),
      current: 10,
      desired: 5,
      min: 1,
      max: 1000,
      downRules: rules(0, 0, 1000, 120, 300),
      want: 5,
      cond: 'DesiredWithinRange',
    },
    {
      name: "'outdated' up events, one policy",
      up: uniform([8, 12, 9, 11], 120),
      current: 100,
      desired: 200,
      min: 1,
      max: 1000,
      upRules: rules(1000, 60, 0, 0, 0),
      want: 200,
      cond: 'DesiredWithinRange',
    },
    {
      name: "'outdated' down events, two policies",
      down: uniform([8, 12, 9, 11], 120),
      current: 100,
      desired: 5,
      min: 1,
      max: 1000,
      downRules: rules(1000, 30, 100, 60, 300),
      want: 5,
      cond: 'DesiredWithinRange',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = convertDesiredReplicasWithBehaviorRate(
        {
          scaleUpBehavior: generateHPAScaleUpRules(c.upRules),
          scaleDownBehavior: generateHPAScaleDownRules(c.downRules),
          minReplicas: c.min,
          maxReplicas: c.max,
          currentReplicas: c.current,
          desiredReplicas: c.desired,
        },
        c.up ?? [],
        c.down ?? [],
        NOW,
      );
      assert.equal(got.replicas, c.want);
      assert.equal(got.reason, c.cond);
    });
  }
});

describe('storeScaleEvent (TestStoreScaleEvents)', () => {
  const ev = (c: number, agoS: number, outdated = false) => ({
    replicaChange: c,
    timestamp: NOW - agoS * 1000,
    outdated,
  });
  const cases: {
    name: string;
    prev: TimestampedScaleEvent[];
    next: [number, boolean][];
    r?: HPAScalingRules;
    change: number;
  }[] = [
    { name: 'empty entries with default behavior', prev: [], next: [], change: 0 },
    {
      name: 'empty entries with two-policy-behavior',
      prev: [],
      next: [[5, false]],
      r: rules(10, 60, 100, 60, 0),
      change: 0,
    },
    {
      name: 'one outdated entry to be kept untouched without behavior',
      prev: [ev(7, 61)],
      next: [[7, false]],
      change: 0,
    },
    {
      name: 'one outdated entry to be replaced with behavior',
      prev: [ev(7, 61)],
      next: [[5, false]],
      r: rules(10, 60, 100, 60, 0),
      change: 0,
    },
    {
      name: 'one actual entry to be not touched with behavior',
      prev: [ev(7, 58)],
      next: [
        [7, false],
        [5, false],
      ],
      r: rules(10, 60, 100, 60, 0),
      change: 7,
    },
    {
      name: 'two entries, one of them to be replaced',
      prev: [ev(7, 61), ev(6, 59)],
      next: [
        [5, false],
        [6, false],
      ],
      r: rules(10, 60, 0, 0, 0),
      change: 6,
    },
    {
      name: 'replace one entry, policies with different periods',
      prev: [ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)],
      next: [
        [8, false],
        [6, false],
        [7, true],
        [5, false],
      ],
      r: rules(10, 60, 100, 30, 0),
      change: 14,
    },
    {
      name: 'two entries, both actual',
      prev: [ev(7, 58), ev(6, 59)],
      next: [
        [7, false],
        [6, false],
        [5, false],
      ],
      r: rules(10, 120, 100, 30, 0),
      change: 13,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const up = c.prev.map((e) => ({ ...e }));
      assert.equal(getReplicasChangePerPeriod(60, up, NOW), c.change);
      storeScaleEvent(c.r ? { scaleUp: c.r } : undefined, up, [], 10, 15, NOW);
      assert.deepEqual(
        up.map((e) => [e.replicaChange, e.outdated]),
        c.next,
      );
    });
  }
});

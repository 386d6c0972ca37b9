/** Ported from upstream's replica_calculator_test.go (resource utilization and pods-metric cases). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodMetricsInfo } from './metrics.js';
import { calcPlainMetricReplicas, calcResourceReplicas, type ReplicaCalcConfig } from './replica-calculator.js';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const ZERO = '0001-01-01T00:00:00Z';
const HOT = new Date(NOW).toISOString();
const COOL = new Date(NOW - 3 * 60_000).toISOString();
// Upstream's test tuning: tolerance 0.1, cpu initialization 2 min, readiness delay 10 s.
const CFG: ReplicaCalcConfig = {
  tolerance: 0.1,
  cpuInitializationPeriodMs: 120_000,
  delayOfInitialReadinessStatusMs: 10_000,
};
const CONTAINERS = 2;

interface Case {
  current: number;
  want?: number;
  error?: string;
  requests?: string[];
  levels: number[];
  podNames?: string[];
  target: number;
  utilization?: number;
  value?: number;
  readiness?: ('True' | 'False')[];
  startTimes?: string[];
  phases?: string[];
  deleting?: boolean[];
}

/** Upstream's harness: `current` pods (or as many as phases), each with two containers. */
function pods(c: Case): Pod[] {
  const n = Math.max(c.current, c.phases?.length ?? 0);
  return Array.from({ length: n }, (_, i) => {
    const req = c.requests?.[i];
    const container = (name: string) => ({
      name,
      image: 'x',
      ...(req ? { resources: { requests: { cpu: req } } } : {}),
    });
    return {
      metadata: {
        name: `test-pod-${i}`,
        namespace: 'test-namespace',
        ...(c.deleting?.[i] ? { deletionTimestamp: HOT } : {}),
      },
      spec: { containers: [container('c0'), container('c1')] },
      status: {
        phase: c.phases?.[i] ?? 'Running',
        startTime: c.startTimes?.[i] ?? ZERO,
        conditions: [{ type: 'Ready', status: c.readiness?.[i] ?? 'True' }],
      },
    };
  });
}

function samples(c: Case): PodMetricsInfo {
  const m: PodMetricsInfo = new Map();
  c.levels.forEach((l, i) =>
    m.set(c.podNames?.[i] ?? `test-pod-${i}`, { value: l * CONTAINERS, timestamp: Date.parse(ZERO), windowMs: 60_000 }),
  );
  return m;
}

const ONE = (n: number) => Array.from({ length: n }, () => '1.0');

const resourceCases: Record<string, Case> = {
  DisjointResourcesMetrics: {
    current: 1,
    error: 'no metrics returned matched known pods',
    requests: ONE(1),
    levels: [100],
    podNames: ['an-older-pod-name'],
    target: 100,
  },
  ScaleUp: {
    current: 3,
    want: 5,
    requests: ONE(3),
    levels: [300, 500, 700],
    target: 30,
    utilization: 50,
    value: 2 * 500,
  },
  ScaleUpUnreadyLessScale: {
    current: 3,
    want: 4,
    readiness: ['False', 'True', 'True'],
    requests: ONE(3),
    levels: [300, 500, 700],
    target: 30,
    utilization: 60,
    value: 2 * 600,
  },
  ScaleUpHotCpuLessScale: {
    current: 3,
    want: 4,
    startTimes: [HOT, COOL, COOL],
    requests: ONE(3),
    levels: [300, 500, 700],
    target: 30,
    utilization: 60,
    value: 2 * 600,
  },
  ScaleUpUnreadyNoScale: {
    current: 3,
    want: 3,
    readiness: ['True', 'False', 'False'],
    requests: ONE(3),
    levels: [400, 500, 700],
    target: 30,
    utilization: 40,
    value: 2 * 400,
  },
  ScaleHotCpuNoScale: {
    current: 3,
    want: 3,
    readiness: ['True', 'False', 'False'],
    startTimes: [COOL, HOT, HOT],
    requests: ONE(3),
    levels: [400, 500, 700],
    target: 30,
    utilization: 40,
    value: 2 * 400,
  },
  ScaleUpIgnoresFailedPods: {
    current: 2,
    want: 4,
    readiness: ['True', 'True', 'False', 'False'],
    phases: ['Running', 'Running', 'Failed', 'Failed'],
    requests: ONE(4),
    levels: [500, 700],
    target: 30,
    utilization: 60,
    value: 2 * 600,
  },
  ScaleUpIgnoresDeletionPods: {
    current: 2,
    want: 4,
    readiness: ['True', 'True', 'False', 'False'],
    phases: ['Running', 'Running', 'Running', 'Running'],
    deleting: [false, false, true, true],
    requests: ONE(4),
    levels: [500, 700],
    target: 30,
    utilization: 60,
    value: 2 * 600,
  },
  ScaleDown: {
    current: 5,
    want: 3,
    requests: ONE(5),
    levels: [100, 300, 500, 250, 250],
    target: 50,
    utilization: 28,
    value: 2 * 280,
  },
  ScaleDownIncludeUnreadyPods: {
    current: 5,
    want: 2,
    readiness: ['True', 'True', 'True', 'False', 'False'],
    requests: ONE(5),
    levels: [100, 300, 500, 250, 250],
    target: 50,
    utilization: 30,
    value: 2 * 300,
  },
  ScaleDownExcludeUnscheduledPods: {
    current: 5,
    want: 1,
    readiness: ['True', 'False', 'False', 'False', 'False'],
    phases: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
    requests: ONE(5),
    levels: [100],
    target: 50,
    utilization: 10,
    value: 2 * 100,
  },
  ScaleDownIgnoreHotCpuPods: {
    current: 5,
    want: 2,
    startTimes: [COOL, COOL, COOL, HOT, HOT],
    requests: ONE(5),
    levels: [100, 300, 500, 250, 250],
    target: 50,
    utilization: 30,
    value: 2 * 300,
  },
  ScaleDownIgnoresFailedPods: {
    current: 5,
    want: 3,
    readiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    phases: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
    requests: ONE(7),
    levels: [100, 300, 500, 250, 250],
    target: 50,
    utilization: 28,
    value: 2 * 280,
  },
  Tolerance: {
    current: 3,
    want: 3,
    requests: ['0.9', '1.0', '1.1'],
    levels: [1010, 1030, 1020],
    target: 100,
    utilization: 102,
    value: 2 * 1020,
  },
  SuperfluousMetrics: {
    current: 4,
    want: 24,
    requests: ONE(4),
    levels: [4000, 9500, 3000, 7000, 3200, 2000],
    target: 100,
    utilization: 587,
    value: 2 * 5875,
  },
  MissingMetrics: {
    current: 4,
    want: 3,
    requests: ONE(4),
    levels: [400, 95],
    target: 100,
    utilization: 24,
    value: 495,
  },
  EmptyCPURequest: { current: 1, error: 'missing request for', requests: [], levels: [200], target: 100 },
  MissingMetricsNoChangeEq: {
    current: 2,
    want: 2,
    requests: ONE(2),
    levels: [1000],
    target: 100,
    utilization: 100,
    value: 2 * 1000,
  },
  MissingMetricsNoChangeGt: {
    current: 2,
    want: 2,
    requests: ONE(2),
    levels: [1900],
    target: 100,
    utilization: 190,
    value: 2 * 1900,
  },
  MissingMetricsNoChangeLt: {
    current: 2,
    want: 2,
    requests: ONE(2),
    levels: [600],
    target: 100,
    utilization: 60,
    value: 2 * 600,
  },
  MissingMetricsUnreadyChange: {
    current: 3,
    want: 3,
    readiness: ['False', 'True', 'True'],
    requests: ONE(3),
    levels: [100, 450],
    target: 50,
    utilization: 45,
    value: 2 * 450,
  },
  MissingMetricsHotCpuNoChange: {
    current: 3,
    want: 3,
    startTimes: [HOT, COOL, COOL],
    requests: ONE(3),
    levels: [100, 450],
    target: 50,
    utilization: 45,
    value: 2 * 450,
  },
  MissingMetricsUnreadyScaleUp: {
    current: 3,
    want: 4,
    readiness: ['False', 'True', 'True'],
    requests: ONE(3),
    levels: [100, 2000],
    target: 50,
    utilization: 200,
    value: 2 * 2000,
  },
  MissingMetricsHotCpuScaleUp: {
    current: 3,
    want: 4,
    readiness: ['False', 'True', 'True'],
    startTimes: [HOT, COOL, COOL],
    requests: ONE(3),
    levels: [100, 2000],
    target: 50,
    utilization: 200,
    value: 2 * 2000,
  },
  MissingMetricsUnreadyScaleDown: {
    current: 4,
    want: 3,
    readiness: ['False', 'True', 'True', 'True'],
    requests: ONE(4),
    levels: [100, 100, 100],
    target: 50,
    utilization: 10,
    value: 2 * 100,
  },
  DuringRollingUpdateWithMaxSurge: {
    current: 2,
    want: 2,
    phases: ['Running', 'Running', 'Running'],
    requests: ONE(3),
    levels: [100, 100],
    target: 50,
    utilization: 10,
    value: 2 * 100,
  },
};

describe('calcResourceReplicas (TestReplicaCalc*)', () => {
  for (const [name, c] of Object.entries(resourceCases)) {
    it(name, () => {
      const run = () => calcResourceReplicas(pods(c), samples(c), c.current, c.target, 'cpu', '', CFG, NOW);
      if (c.error) {
        assert.throws(run, (err: Error) => err.message.includes(c.error!));
        return;
      }
      const got = run();
      assert.deepEqual(got, { replicas: c.want, utilization: c.utilization, rawUtilization: c.value });
    });
  }

  it('ComputedToleranceAlgImplementation', () => {
    const startPods = 10;
    const used = startPods * 150;
    const requested = 2 * used;
    const perPod = requested / startPods;
    const offsets = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0];
    const base: Case = {
      current: startPods,
      requests: offsets.map((o) => `${perPod + o}m`),
      levels: Array(10).fill(used / 10),
      target: 0,
    };
    let target = Math.abs(1 / (2 * (1 - 0.1))) + 0.01;
    const ratio = used / (requested * target);
    const c1 = { ...base, target: Math.trunc(target * 100) };
    assert.equal(
      calcResourceReplicas(pods(c1), samples(c1), startPods, c1.target, 'cpu', '', CFG, NOW).replicas,
      Math.ceil(ratio * startPods),
    );
    target = Math.abs(1 / (2 * (1 - 0.1))) + 0.004;
    const c2 = { ...base, target: Math.trunc(target * 100) };
    assert.equal(
      calcResourceReplicas(pods(c2), samples(c2), startPods, c2.target, 'cpu', '', CFG, NOW).replicas,
      startPods,
    );
  });
});

describe('calcPlainMetricReplicas (pods metrics)', () => {
  const cases: [string, Case, number, number][] = [
    ['ScaleUpCM', { current: 3, levels: [20000, 10000, 30000], target: 15000 }, 4, 20000],
    [
      'ScaleUpCMUnreadyHotCpuNoLessScale',
      {
        current: 3,
        readiness: ['True', 'True', 'False'],
        startTimes: [COOL, COOL, HOT],
        levels: [50000, 10000, 30000],
        target: 15000,
      },
      6,
      30000,
    ],
    [
      'ScaleUpCMUnreadyHotCpuScaleWouldScaleDown',
      {
        current: 3,
        readiness: ['False', 'True', 'False'],
        startTimes: [HOT, COOL, HOT],
        levels: [50000, 15000, 30000],
        target: 15000,
      },
      7,
      31666,
    ],
    ['ScaleDownCM', { current: 5, levels: [12000, 12000, 12000, 12000, 12000], target: 20000 }, 3, 12000],
    ['ToleranceCM', { current: 3, levels: [20000, 21000, 21000], target: 20000 }, 3, 20666],
  ];
  for (const [name, c, want, usage] of cases) {
    it(name, () => {
      // Custom metrics are per pod, not per container.
      const m: PodMetricsInfo = new Map(
        c.levels.map((l, i) => [`test-pod-${i}`, { value: l, timestamp: 0, windowMs: 0 }]),
      );
      assert.deepEqual(calcPlainMetricReplicas(pods(c), m, c.current, c.target, '', CFG, NOW), {
        replicas: want,
        usage,
      });
    });
  }
});

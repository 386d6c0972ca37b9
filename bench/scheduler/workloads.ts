/**
 * The scheduler_perf workloads `npm run bench:scheduler` runs, after upstream's
 * `test/integration/scheduler_perf/config/performance-config.yaml` and its templates: the node
 * (4 cpu, 32Gi, 110 pods) and pod (100m, 500Mi) shapes, the labels each workload puts on nodes,
 * and upstream's published floor in pods/s.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';

export const NAMESPACE = 'sched-test';

/** Upstream's high-priority template sets `priority: 10`; through admission that is a PriorityClass. */
export const HIGH_PRIORITY = {
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name: 'bench-high' },
  value: 10,
};

export interface Workload {
  name: string;
  nodes: number;
  initPods: number;
  measurePods: number;
  /** Upstream's floor (pods/s) for this line. */
  floor: number;
  nodeLabels(i: number): Record<string, string>;
  initPod(name: string): Pod;
  measurePod(name: string): Pod;
  /** Measured pods are created only after the init pods are bound (preemption needs them there). */
  createMeasuredAfterInit?: boolean;
}

export function makeNode(name: string, labels: Record<string, string>): Node {
  const capacity = { pods: '110', cpu: '4', memory: '32Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      phase: 'Running',
    },
  };
}

function pod(name: string, cpu: string, spec: Partial<Pod['spec']> = {}, labels?: Record<string, string>): Pod {
  const resources = { limits: { cpu, memory: '500Mi' }, requests: { cpu, memory: '500Mi' } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels },
    spec: {
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 80 }], resources }],
      ...spec,
    },
  };
}

const defaultPod = (name: string) => pod(name, '100m');

/** The five lines, at upstream's sizes (5,000 nodes; 500 for anti-affinity and preemption). */
export function workloads(quick: boolean): Workload[] {
  const k = quick ? 10 : 1;
  return [
    {
      name: 'SchedulingBasic',
      nodes: 5000 / k,
      initPods: 1000 / k,
      measurePods: 10_000 / k,
      floor: 680,
      nodeLabels: () => ({}),
      initPod: defaultPod,
      measurePod: defaultPod,
    },
    {
      name: 'NodeAffinity',
      nodes: 5000 / k,
      initPods: 1000 / k,
      measurePods: 10_000 / k,
      floor: 220,
      nodeLabels: () => ({ 'topology.kubernetes.io/zone': 'zone1' }),
      initPod: defaultPod,
      measurePod: (name) =>
        pod(name, '100m', {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone1', 'zone2'] },
                    ],
                  },
                ],
              },
            },
          },
        }),
    },
    {
      name: 'PodAntiAffinity',
      nodes: 500 / (quick ? 5 : 1),
      initPods: 100 / (quick ? 5 : 1),
      measurePods: 400 / (quick ? 5 : 1),
      floor: 60,
      nodeLabels: () => ({}),
      initPod: antiAffinityPod,
      measurePod: antiAffinityPod,
    },
    {
      name: 'TopologySpreading',
      nodes: 5000 / k,
      initPods: 1000 / k,
      measurePods: 5000 / k,
      floor: 85,
      nodeLabels: (i) => ({ 'topology.kubernetes.io/zone': `moon-${(i % 3) + 1}` }),
      initPod: defaultPod,
      measurePod: (name) =>
        pod(
          name,
          '100m',
          {
            topologySpreadConstraints: [
              {
                maxSkew: 5,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'DoNotSchedule',
                labelSelector: { matchLabels: { color: 'blue' } },
              },
            ],
          },
          { color: 'blue' },
        ),
    },
    {
      name: 'Preemption',
      nodes: 500 / (quick ? 5 : 1),
      initPods: 2000 / (quick ? 5 : 1),
      measurePods: 500 / (quick ? 5 : 1),
      floor: 18,
      nodeLabels: () => ({}),
      initPod: (name) => pod(name, '900m', { terminationGracePeriodSeconds: 0 }),
      measurePod: (name) => pod(name, '3000m', { priorityClassName: HIGH_PRIORITY.metadata.name }),
      createMeasuredAfterInit: true,
    },
  ];
}

function antiAffinityPod(name: string): Pod {
  return pod(
    name,
    '100m',
    {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { color: 'green' } },
              topologyKey: 'kubernetes.io/hostname',
              namespaces: [NAMESPACE],
            },
          ],
        },
      },
    },
    { color: 'green' },
  );
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  COMPLETE_AFTER_ANNOTATION,
  COMPLETE_ANNOTATION,
  desiredCompletion,
  isTerminal,
  podCompletedStatus,
  podRunningStatus,
  shouldFinishDeletion,
} from './pod.js';

const T0 = Date.UTC(2026, 11, 2, 22, 0, 0);
const T1 = T0 + 5000;
const t0 = '2026-12-02T22:00:00Z';
const t1 = '2026-12-02T22:00:05Z';
const ips = { now: T0, podIP: '10.244.3.2', hostIP: '10.0.0.3' };

function pod(extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: { nodeName: 'kwok-node-3', containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-12-02T21:59:59Z' }],
    },
    ...extra,
  };
}

test('podRunningStatus reports every container running and ready', () => {
  const s = podRunningStatus(pod(), ips);
  assert.deepEqual(s, {
    phase: 'Running',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: t0 },
      { type: 'Initialized', status: 'True', lastTransitionTime: t0 },
      { type: 'Ready', status: 'True', lastTransitionTime: t0 },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: t0 },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-12-02T21:59:59Z' },
    ],
    hostIP: '10.0.0.3',
    hostIPs: [{ ip: '10.0.0.3' }],
    podIP: '10.244.3.2',
    podIPs: [{ ip: '10.244.3.2' }],
    startTime: t0,
    containerStatuses: [
      {
        name: 'app',
        image: 'nginx:1.27',
        imageID: '',
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: t0 } },
      },
    ],
    qosClass: 'BestEffort',
  });
});

test('podRunningStatus: init containers completed, sidecars running, hostNetwork takes the host IP', () => {
  const p = pod();
  p.spec!.hostNetwork = true;
  p.spec!.initContainers = [
    { name: 'init', image: 'busybox' },
    { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
  ];
  const s = podRunningStatus(p, ips);
  assert.equal(s.podIP, '10.0.0.3');
  assert.deepEqual(s.podIPs, [{ ip: '10.0.0.3' }]);
  assert.deepEqual(s.initContainerStatuses, [
    {
      name: 'init',
      image: 'busybox',
      imageID: '',
      ready: true,
      restartCount: 0,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t0, finishedAt: t0 } },
    },
    {
      name: 'proxy',
      image: 'envoy',
      imageID: '',
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: t0 } },
    },
  ]);
});

test('podRunningStatus keeps startTime, unchanged transitions and foreign conditions; fills readiness gates', () => {
  const p = pod();
  p.spec!.readinessGates = [{ conditionType: 'example.com/lb' }];
  p.status!.startTime = '2026-12-02T21:00:00Z';
  p.status!.conditions!.push(
    { type: 'Ready', status: 'True', lastTransitionTime: '2026-12-02T21:30:00Z' },
    { type: 'DisruptionTarget', status: 'False', lastTransitionTime: '2026-12-02T21:00:00Z' },
  );
  const s = podRunningStatus(p, { ...ips, now: T1 });
  assert.equal(s.startTime, '2026-12-02T21:00:00Z');
  const types = s.conditions!.map((c) => c.type);
  assert.deepEqual(types, [
    'PodReadyToStartContainers',
    'Initialized',
    'Ready',
    'ContainersReady',
    'PodScheduled',
    'example.com/lb',
    'DisruptionTarget',
  ]);
  assert.equal(s.conditions![2].lastTransitionTime, '2026-12-02T21:30:00Z');
  assert.deepEqual(s.conditions![5], { type: 'example.com/lb', status: 'True', lastTransitionTime: t1 });
});

test('podRunningStatus: a readiness gate set False keeps Ready False with the kubelet message', () => {
  const p = pod();
  p.spec!.readinessGates = [{ conditionType: 'example.com/lb' }];
  p.status!.conditions!.push({ type: 'example.com/lb', status: 'False' });
  const ready = podRunningStatus(p, ips).conditions!.find((c) => c.type === 'Ready');
  assert.deepEqual(ready, {
    type: 'Ready',
    status: 'False',
    reason: 'ReadinessGatesNotReady',
    message: 'the status of pod readiness gate "example.com/lb" is not "True", but False',
    lastTransitionTime: t0,
  });
});

test('podCompletedStatus Succeeded: containers Completed, Ready False PodCompleted', () => {
  const base = pod();
  base.spec!.initContainers = [{ name: 'init', image: 'busybox' }];
  const p = { ...base, status: podRunningStatus(base, ips) };
  const s = podCompletedStatus(p, 'Succeeded', T1);
  assert.equal(s.phase, 'Succeeded');
  assert.equal(s.podIP, '10.244.3.2');
  assert.equal(s.qosClass, 'BestEffort');
  assert.deepEqual(s.containerStatuses, [
    {
      name: 'app',
      image: 'nginx:1.27',
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t0, finishedAt: t1 } },
    },
  ]);
  assert.deepEqual(s.initContainerStatuses, p.status.initContainerStatuses);
  assert.deepEqual(s.conditions, [
    { type: 'PodReadyToStartContainers', status: 'False', lastTransitionTime: t1 },
    { type: 'Initialized', status: 'True', reason: 'PodCompleted', lastTransitionTime: t0 },
    { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: t1 },
    { type: 'ContainersReady', status: 'False', reason: 'PodCompleted', lastTransitionTime: t1 },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-12-02T21:59:59Z' },
  ]);
  assert.equal(p.status.phase, 'Running', 'input untouched');
});

test('podCompletedStatus Failed: containers Error exit 1, Ready False PodFailed', () => {
  const p = { ...pod(), status: podRunningStatus(pod(), ips) };
  const s = podCompletedStatus(p, 'Failed', T1);
  assert.equal(s.phase, 'Failed');
  assert.deepEqual(s.containerStatuses?.[0].state, {
    terminated: { exitCode: 1, reason: 'Error', startedAt: t0, finishedAt: t1 },
  });
  const byType = Object.fromEntries(s.conditions!.map((c) => [c.type, c]));
  assert.equal(byType.Ready.reason, 'PodFailed');
  assert.equal(byType.ContainersReady.reason, 'PodFailed');
  assert.equal(byType.Initialized.status, 'True');
  assert.equal(byType.Initialized.reason, undefined);
});

test('desiredCompletion parses the annotations and never throws', () => {
  const withAnnotations = (a: Record<string, string>) => pod({ metadata: { name: 'p', annotations: a } });
  assert.equal(desiredCompletion(pod()), undefined);
  assert.deepEqual(desiredCompletion(withAnnotations({ [COMPLETE_ANNOTATION]: 'Succeeded' })), {
    phase: 'Succeeded',
    afterMs: 0,
  });
  assert.deepEqual(
    desiredCompletion(withAnnotations({ [COMPLETE_ANNOTATION]: 'Failed', [COMPLETE_AFTER_ANNOTATION]: '1m30s' })),
    { phase: 'Failed', afterMs: 90_000 },
  );
  assert.equal(desiredCompletion(withAnnotations({ [COMPLETE_ANNOTATION]: 'succeeded' })), undefined);
  assert.equal(desiredCompletion(withAnnotations({ [COMPLETE_ANNOTATION]: 'Running' })), undefined);
  assert.equal(
    desiredCompletion(withAnnotations({ [COMPLETE_ANNOTATION]: 'Succeeded', [COMPLETE_AFTER_ANNOTATION]: 'soon' })),
    undefined,
  );
  assert.equal(
    desiredCompletion(withAnnotations({ [COMPLETE_ANNOTATION]: 'Succeeded', [COMPLETE_AFTER_ANNOTATION]: '-5s' })),
    undefined,
  );
  assert.equal(desiredCompletion({}), undefined);
});

test('isTerminal and shouldFinishDeletion', () => {
  assert.equal(isTerminal(pod()), false);
  assert.equal(isTerminal(pod({ status: { phase: 'Succeeded' } })), true);
  assert.equal(isTerminal(pod({ status: { phase: 'Failed' } })), true);
  assert.equal(isTerminal({}), false);
  assert.equal(shouldFinishDeletion(pod(), T0), false);
  const deleting = pod({
    metadata: { name: 'p', deletionTimestamp: '2026-12-02T22:00:30Z', deletionGracePeriodSeconds: 30 },
  });
  assert.equal(shouldFinishDeletion(deleting, T0), true);
});

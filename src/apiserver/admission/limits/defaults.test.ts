import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPodLimits, LIMIT_RANGER_ANNOTATION } from './defaults.js';

const lr = (limits: object[]) => ({ metadata: { name: 'lr' }, spec: { limits } });
const annotation = (p: { metadata: unknown }) =>
  (p.metadata as { annotations: Record<string, string> }).annotations[LIMIT_RANGER_ANNOTATION];
const pod = (containers: object[], initContainers?: object[]) => ({
  metadata: { name: 'p' },
  spec: { containers, ...(initContainers ? { initContainers } : {}) },
});

test('defaults fill missing limits and requests and annotate in upstream format', () => {
  const p = pod([{ name: 'nginx' }]);
  defaultPodLimits(p, [
    lr([
      { type: 'Container', default: { memory: '512Mi', cpu: '1' }, defaultRequest: { cpu: '500m', memory: '256Mi' } },
    ]),
  ]);
  assert.deepEqual(p.spec.containers[0], {
    name: 'nginx',
    resources: { limits: { memory: '512Mi', cpu: '1' }, requests: { cpu: '500m', memory: '256Mi' } },
  });
  assert.equal(
    annotation(p),
    'LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx',
  );
});

test('only missing names are set; init containers named as such; others kept', () => {
  const p = {
    metadata: { name: 'p', annotations: { keep: 'me' } },
    spec: {
      containers: [{ name: 'a', resources: { limits: { cpu: '2' }, requests: { cpu: '2' } } }],
      initContainers: [{ name: 'init', resources: { requests: { memory: '1Gi' } } }],
    },
  };
  defaultPodLimits(p, [
    lr([{ type: 'Container', default: { cpu: '1', memory: '1Gi' }, defaultRequest: { cpu: '1', memory: '1Gi' } }]),
  ]);
  assert.deepEqual(p.spec.containers[0].resources, {
    limits: { cpu: '2', memory: '1Gi' },
    requests: { cpu: '2', memory: '1Gi' },
  });
  assert.deepEqual(p.spec.initContainers[0].resources, {
    requests: { memory: '1Gi', cpu: '1' },
    limits: { cpu: '1', memory: '1Gi' },
  });
  assert.deepEqual(p.metadata.annotations, {
    keep: 'me',
    [LIMIT_RANGER_ANNOTATION]:
      'LimitRanger plugin set: memory request for container a; memory limit for container a; cpu request for init container init; cpu, memory limit for init container init',
  });
});

test('nothing to set leaves the pod untouched; amounts are canonicalised', () => {
  const p = pod([{ name: 'a' }]);
  defaultPodLimits(p, [lr([{ type: 'Pod', max: { cpu: '2' } }])]);
  assert.deepEqual(p, pod([{ name: 'a' }]));
  const q = pod([{ name: 'a' }]);
  defaultPodLimits(q, [lr([{ type: 'Container', default: { cpu: '1000m' } }])]);
  assert.deepEqual(q.spec.containers[0], { name: 'a', resources: { limits: { cpu: '1' } } });
  assert.equal(annotation(q), 'LimitRanger plugin set: cpu limit for container a');
});

test('several LimitRanges apply in order; the last one that sets something writes the annotation', () => {
  const p = pod([{ name: 'a' }]);
  defaultPodLimits(p, [
    lr([{ type: 'Container', default: { cpu: '1' } }]),
    lr([{ type: 'Container', default: { cpu: '3', memory: '1Gi' } }]),
  ]);
  assert.deepEqual(p.spec.containers[0], { name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } });
  assert.equal(annotation(p), 'LimitRanger plugin set: memory limit for container a');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podQOSClass } from './pod-qos.js';

const pod = (...resources: object[]) => ({
  spec: { containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) },
});

test('podQOSClass: no cpu or memory amounts is BestEffort', () => {
  assert.equal(podQOSClass(pod({})), 'BestEffort');
  assert.equal(podQOSClass(pod({ requests: { cpu: '0' }, limits: { 'nvidia.com/gpu': '1' } })), 'BestEffort');
  assert.equal(podQOSClass({}), 'BestEffort');
});

test('podQOSClass: every container limiting cpu and memory at its requests is Guaranteed', () => {
  const full = { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '0.5', memory: '1024Mi' } };
  assert.equal(podQOSClass(pod(full, full)), 'Guaranteed');
  // Summed across containers: requests and limits are compared per resource in total.
  assert.equal(
    podQOSClass(
      pod(
        { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } },
        { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      ),
    ),
    'Guaranteed',
  );
});

test('podQOSClass: anything between is Burstable', () => {
  assert.equal(podQOSClass(pod({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(
    podQOSClass(pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } })),
    'Burstable',
  );
  const full = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };
  assert.equal(podQOSClass(pod(full, {})), 'Burstable');
  assert.equal(
    podQOSClass({
      spec: { containers: [{ resources: full }], initContainers: [{ resources: { limits: { cpu: '1' } } }] },
    }),
    'Burstable',
  );
});

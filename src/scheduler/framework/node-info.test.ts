import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo } from './node-info.js';

const pod = (name: string): Pod => ({ metadata: { name, namespace: 'default', uid: name }, spec: { containers: [] } });

test('podCount remembers a count until a pod comes or goes; a snapshot counts for itself', () => {
  const ni = new NodeInfo({ metadata: { name: 'n' } }, [pod('a')]);
  let calls = 0;
  const count = (pods: readonly unknown[]) => (calls++, pods.length);
  assert.equal(ni.podCount('k', count), 1);
  assert.equal(ni.podCount('k', count), 1);
  assert.equal(calls, 1);
  const copy = ni.snapshot();
  ni.addPod(pod('b'));
  assert.equal(ni.podCount('k', count), 2);
  assert.equal(copy.podCount('k', count), 1);
  ni.removePod(pod('a'));
  assert.equal(ni.podCount('k', count), 1);
  assert.equal(calls, 4);
});

test('podCount keeps each key its own count, asked in turn, and forgets them all when the pods change', () => {
  const ni = new NodeInfo({ metadata: { name: 'n' } }, [pod('a'), pod('b')]);
  let calls = 0;
  const all = (pods: readonly unknown[]) => (calls++, pods.length);
  const none = () => (calls++, 0);
  for (let i = 0; i < 3; i++) {
    assert.equal(ni.podCount('all', all), 2);
    assert.equal(ni.podCount('none', none), 0);
  }
  assert.equal(calls, 2);
  ni.addPod(pod('c'));
  assert.equal(ni.podCount('all', all), 3);
  assert.equal(ni.podCount('none', none), 0);
  assert.equal(calls, 4);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import {
  missingNodeNames,
  terminatedPodsToDelete,
  terminatingPodsOnOutOfServiceNodes,
  unscheduledTerminatingPods,
} from './select.js';

const pod = (name: string, phase: string, created: string, extra: Partial<Pod> = {}): Pod => ({
  metadata: { name, namespace: 'default', creationTimestamp: created, ...extra.metadata },
  spec: { containers: [], ...extra.spec },
  status: { phase, ...extra.status },
});

describe('terminatedPodsToDelete', () => {
  // After upstream's TestGCTerminated cases.
  const pods = [
    pod('a', 'Failed', '2024-01-01T00:00:03Z'),
    pod('b', 'Succeeded', '2024-01-01T00:00:01Z'),
    pod('c', 'Running', '2024-01-01T00:00:00Z'),
    pod('d', 'Failed', '2024-01-01T00:00:02Z'),
    pod('e', 'Failed', '2024-01-01T00:00:09Z', { status: { phase: 'Failed', reason: 'Evicted' } }),
  ];
  const names = (ps: Pod[]) => ps.map((p) => p.metadata!.name);
  it('deletes the excess, evicted then oldest first', () => {
    assert.deepEqual(names(terminatedPodsToDelete(pods, 1)), ['e', 'b', 'd']);
    assert.deepEqual(names(terminatedPodsToDelete(pods, 3)), ['e']);
    assert.deepEqual(names(terminatedPodsToDelete(pods, 4)), []);
  });
  it('is off at threshold 0', () => assert.deepEqual(terminatedPodsToDelete(pods, 0), []));
  it('breaks ties by name', () => {
    const same = [pod('z', 'Failed', '2024-01-01T00:00:00Z'), pod('y', 'Failed', '2024-01-01T00:00:00Z')];
    assert.deepEqual(names(terminatedPodsToDelete(same, 1)), ['y']);
  });
});

describe('orphans and terminating pods', () => {
  const deleting = { metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } };
  it('finds node names that do not exist', () => {
    const pods = [
      pod('a', 'Running', 't', { spec: { containers: [], nodeName: 'n1' } }),
      pod('b', 'Running', 't', { spec: { containers: [], nodeName: 'gone' } }),
      pod('c', 'Pending', 't'),
    ];
    assert.deepEqual([...missingNodeNames(pods, new Set(['n1']))], ['gone']);
  });
  it('finds unscheduled terminating pods', () => {
    const pods = [pod('a', 'Pending', 't', deleting), pod('b', 'Pending', 't')];
    assert.deepEqual(
      unscheduledTerminatingPods(pods).map((p) => p.metadata!.name),
      ['a'],
    );
  });
  it('finds terminating pods on not-ready out-of-service nodes', () => {
    const oos: Node = {
      metadata: { name: 'n1' },
      spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    };
    const ready: Node = {
      ...oos,
      metadata: { name: 'n2' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const byName = new Map([
      ['n1', oos],
      ['n2', ready],
    ]);
    const pods = [
      pod('a', 'Running', 't', { ...deleting, spec: { containers: [], nodeName: 'n1' } }),
      pod('b', 'Running', 't', { ...deleting, spec: { containers: [], nodeName: 'n2' } }),
      pod('c', 'Running', 't', { spec: { containers: [], nodeName: 'n1' } }),
    ];
    const got = terminatingPodsOnOutOfServiceNodes(pods, (n) => byName.get(n));
    assert.deepEqual(
      got.map((p) => p.metadata!.name),
      ['a'],
    );
  });
});

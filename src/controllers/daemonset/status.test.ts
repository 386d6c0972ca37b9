import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { computeDaemonSetStatus } from './status.js';

describe('computeDaemonSetStatus', () => {
  it('counts desired, scheduled, misscheduled, ready, available and updated per node', () => {
    const ds: DaemonSet = {
      metadata: { name: 'ds', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'ds' } },
        minReadySeconds: 60,
        template: { metadata: { labels: { app: 'ds' } }, spec: { containers: [], nodeSelector: { role: 'worker' } } },
      },
    };
    const worker = (name: string): Node => ({ metadata: { name, labels: { role: 'worker' } } });
    const nodes = [worker('w1'), worker('w2'), worker('w3'), { metadata: { name: 'cp' } }];
    const now = Date.parse('2026-01-01T00:10:00Z');
    const pod = (hash: string, readySince?: string): Pod => ({
      metadata: { labels: { 'controller-revision-hash': hash } },
      status: readySince
        ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] }
        : { phase: 'Pending' },
    });
    const byNode = new Map<string, Pod[]>([
      ['w1', [pod('h', '2026-01-01T00:00:00Z')]], // ready for 10 min: available
      ['w2', [pod('old', '2026-01-01T00:09:30Z')]], // ready for 30 s: not yet available
      ['cp', [pod('h')]], // should not be there
    ]);
    assert.deepEqual(computeDaemonSetStatus(ds, nodes, byNode, 'h', now), {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 2,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
      numberUnavailable: 2,
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../machinery/errors.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { newPodGCController } from './controller.js';

const pod = (name: string, nodeName?: string): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] },
});

describe('pod-garbage-collector-controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([newPodGCController({ gcCheckPeriodMs: 100, quarantineTimeMs: 500 })], {
      terminatedPodGCThreshold: 1,
    });
  });
  after(() => h.stop());

  it('deletes pods bound to a node that does not exist, after the quarantine', async () => {
    const pods = h.resource<Pod>(RESOURCES.pods);
    await h.resource<Node>(RESOURCES.nodes).create({ metadata: { name: 'real' } });
    await pods.create(pod('on-real', 'real'));
    const start = Date.now();
    await pods.create(pod('orphan', 'ghost'));
    await eventually(
      async () => {
        try {
          await pods.get('orphan', { namespace: 'default' });
          return false;
        } catch (err) {
          return isNotFound(err);
        }
      },
      10_000,
      'orphan deleted',
    );
    assert.ok(Date.now() - start >= 400, 'not before the quarantine');
    const kept = await pods.get('on-real', { namespace: 'default' });
    assert.equal(kept.metadata?.deletionTimestamp, undefined);
  });

  it('deletes terminated pods beyond the threshold, oldest first', async () => {
    const pods = h.resource<Pod>(RESOURCES.pods);
    for (const name of ['done-1', 'done-2']) {
      const p = await pods.create(pod(name, 'real'));
      await pods.updateStatus({ ...p, status: { phase: 'Failed' } });
      await new Promise((r) => setTimeout(r, 1100)); // distinct creationTimestamps (seconds)
    }
    await eventually(
      async () => {
        try {
          await pods.get('done-1', { namespace: 'default' });
          return false;
        } catch (err) {
          return isNotFound(err);
        }
      },
      10_000,
      'oldest terminated pod deleted',
    );
    const left = await pods.get('done-2', { namespace: 'default' });
    assert.equal(left.status?.phase, 'Failed');
  });
});

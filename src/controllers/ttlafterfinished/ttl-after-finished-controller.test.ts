import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { timeLeft, ttlAfterFinishedController } from './ttl-after-finished-controller.js';

const NS = 'default';
const finished = (ttl: number | undefined, at: string, type = 'Complete'): Job => ({
  metadata: { name: 'j', namespace: NS },
  spec: { ttlSecondsAfterFinished: ttl, template: {} },
  status: { conditions: [{ type, status: 'True', lastTransitionTime: at }] },
});

describe('timeLeft', () => {
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  it('counts from the finish condition', () => {
    assert.equal(timeLeft(finished(10, '2024-01-01T00:00:00Z'), t0 + 4_000), 6_000);
    assert.equal(timeLeft(finished(0, '2024-01-01T00:00:00Z', 'Failed'), t0 + 1), -1);
  });
  it('ignores Jobs without TTL, unfinished or being deleted', () => {
    assert.equal(timeLeft(finished(undefined, '2024-01-01T00:00:00Z'), t0), undefined);
    assert.equal(timeLeft({ spec: { ttlSecondsAfterFinished: 1, template: {} } }, t0), undefined);
    const base = finished(1, '2024-01-01T00:00:00Z');
    const deleting: Job = { ...base, metadata: { ...base.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    assert.equal(timeLeft(deleting, t0), undefined);
  });
});

describe('ttl-after-finished-controller', () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([ttlAfterFinishedController]);
  });
  after(async () => {
    await h?.stop();
  });
  const jobs = () => h.resource<Job>(RESOURCES.jobs);
  const create = (name: string, ttl: number) =>
    jobs().create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: NS },
      spec: {
        ttlSecondsAfterFinished: ttl,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      },
    });
  const complete = (name: string) => {
    const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return jobs().patch(
      name,
      'merge',
      {
        status: {
          startTime: t,
          completionTime: t,
          succeeded: 1,
          conditions: [
            { type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: t, lastProbeTime: t },
            { type: 'Complete', status: 'True', lastTransitionTime: t, lastProbeTime: t },
          ],
        },
      },
      { namespace: NS, subresource: 'status' },
    );
  };
  const gone = async (name: string) => {
    try {
      const j = await jobs().get(name, { namespace: NS });
      return j.metadata?.deletionTimestamp ? j : undefined;
    } catch {
      return true;
    }
  };

  it('deletes a finished Job with ttlSecondsAfterFinished 0, in the foreground', async () => {
    await create('ttl-zero', 0);
    await create('ttl-hour', 3600);
    await complete('ttl-zero');
    await complete('ttl-hour');
    const j = await eventually(() => gone('ttl-zero'), 10_000, 'ttl-zero deleted');
    if (typeof j === 'object') assert.ok(j.metadata?.finalizers?.includes('foregroundDeletion'));
    const kept = await jobs().get('ttl-hour', { namespace: NS });
    assert.equal(kept.metadata?.deletionTimestamp, undefined);
  });

  it('leaves unfinished Jobs alone', async () => {
    await create('ttl-running', 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await jobs().get('ttl-running', { namespace: NS })).metadata?.deletionTimestamp, undefined);
  });
});

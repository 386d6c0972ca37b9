import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { newCronJobController } from './cronjob-controller.js';

const NS = 'default';

describe('cronjob-controller', () => {
  let h: ControllerHarness;
  // A minute and a half ahead of the wall clock: the CronJob created now has missed one start.
  let fakeNow = Date.now() + 90_000;
  before(async () => {
    h = await startControllers([newCronJobController({ now: () => fakeNow })]);
  });
  after(async () => {
    await h?.stop();
  });

  const cronJobs = () => h.resource<CronJob>(RESOURCES.cronjobs);
  const jobs = () => h.resource<Job>(RESOURCES.jobs);
  const create = (name: string, spec: Partial<CronJob['spec']> = {}) =>
    cronJobs().create({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: NS },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          metadata: { labels: { app: name } },
          spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
        },
        ...spec,
      },
    });
  const eventsOf = async (name: string) =>
    (await h.resource<Event>(RESOURCES.events).list({ namespace: NS })).items.filter(
      (e) => e.involvedObject.name === name,
    );

  it('creates the Job of the missed minute, named after it, and tracks it', async () => {
    fakeNow = Date.now() + 90_000;
    const cj = await create('every-minute', { successfulJobsHistoryLimit: 0 });
    const minute = Math.floor(fakeNow / 60_000);
    const name = `every-minute-${minute}`;
    const job = await eventually(() => jobs().get(name, { namespace: NS }), 10_000, `job ${name}`);
    assert.equal(job.metadata?.ownerReferences?.[0].uid, cj.metadata?.uid);
    assert.equal(job.metadata?.labels?.app, 'every-minute');
    assert.equal(
      job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      new Date(minute * 60_000).toISOString().replace('.000Z', 'Z'),
    );
    const withActive = await eventually(
      async () => {
        const c = await cronJobs().get('every-minute', { namespace: NS });
        return c.status?.active?.length === 1 ? c : undefined;
      },
      10_000,
      'active list',
    );
    assert.equal(withActive.status?.active?.[0].name, name);
    assert.equal(Date.parse(withActive.status!.lastScheduleTime!), minute * 60_000);
    await eventually(
      async () =>
        (await eventsOf('every-minute')).some(
          (e) => e.reason === 'SuccessfulCreate' && e.message === `Created job ${name}`,
        ),
      5_000,
      'SuccessfulCreate event',
    );

    // The Job completes (no job controller here: write its status), leaves the active list, and
    // with a history limit of 0 is deleted.
    const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await jobs().patch(
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
    const after = await eventually(
      async () => {
        const c = await cronJobs().get('every-minute', { namespace: NS });
        return (c.status?.active ?? []).length === 0 && c.status?.lastSuccessfulTime ? c : undefined;
      },
      10_000,
      'active list emptied',
    );
    assert.equal(after.status?.lastSuccessfulTime, t);
    await eventually(
      async () => {
        try {
          const j = await jobs().get(name, { namespace: NS });
          return !!j.metadata?.deletionTimestamp;
        } catch {
          return true;
        }
      },
      10_000,
      'job deleted by the history limit',
    );
    // The history cleanup runs first and takes the Job off the active list (upstream's order).
    await eventually(
      async () =>
        (await eventsOf('every-minute')).some(
          (e) => e.reason === 'SuccessfulDelete' && e.message === `Deleted job ${name}`,
        ),
      5_000,
      'SuccessfulDelete event',
    );
  });

  it('notes a completed Job it keeps in history', async () => {
    fakeNow = Date.now() + 90_000;
    await create('keeper');
    const name = `keeper-${Math.floor(fakeNow / 60_000)}`;
    await eventually(() => jobs().get(name, { namespace: NS }), 10_000, `job ${name}`);
    await eventually(
      async () => (await cronJobs().get('keeper', { namespace: NS })).status?.active?.length === 1,
      10_000,
      'active',
    );
    const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await jobs().patch(
      name,
      'merge',
      {
        status: {
          startTime: t,
          completionTime: t,
          succeeded: 1,
          conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: t }],
        },
      },
      { namespace: NS, subresource: 'status' },
    );
    await eventually(
      async () =>
        (await eventsOf('keeper')).some(
          (e) => e.reason === 'SawCompletedJob' && e.message === `Saw completed job: ${name}, condition: Complete`,
        ),
      10_000,
      'SawCompletedJob event',
    );
    const c = await cronJobs().get('keeper', { namespace: NS });
    assert.equal((c.status?.active ?? []).length, 0);
    assert.ok(await jobs().get(name, { namespace: NS }), 'kept within successfulJobsHistoryLimit 3');
  });

  it('starts nothing while suspended, or with Forbid while a Job runs', async () => {
    fakeNow = Date.now() + 90_000;
    await create('paused', { suspend: true });
    await create('forbid', { concurrencyPolicy: 'Forbid' });
    const first = `forbid-${Math.floor(fakeNow / 60_000)}`;
    await eventually(() => jobs().get(first, { namespace: NS }), 10_000, 'first forbid job');
    // Once the controller has the Job in its active list (a poke before that could make its
    // status write conflict, and the Job would then be one it did not record, as upstream's).
    await eventually(
      async () => (await cronJobs().get('forbid', { namespace: NS })).status?.active?.length === 1,
      10_000,
      'first forbid job active',
    );
    // A minute later the first Job still runs: Forbid skips the start.
    fakeNow += 60_000;
    await cronJobs().patch('forbid', 'merge', { metadata: { labels: { poke: '1' } } }, { namespace: NS });
    await eventually(
      async () => (await eventsOf('forbid')).some((e) => e.reason === 'JobAlreadyActive'),
      10_000,
      'JobAlreadyActive event',
    );
    const list = await jobs().list({ namespace: NS });
    assert.equal(list.items.filter((j) => j.metadata?.name?.startsWith('forbid-')).length, 1);
    assert.equal(list.items.filter((j) => j.metadata?.name?.startsWith('paused-')).length, 0);
  });
});

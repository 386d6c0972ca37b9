import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { RESOURCES } from '../context.js';
import { eventually, startControllers, type ControllerHarness } from '../testing.js';
import { jobController } from './job-controller.js';

const NS = 'default';
const INDEX = 'batch.kubernetes.io/job-completion-index';

// The cases use distinct Jobs, so they run side by side.
describe('job-controller', { concurrency: true }, () => {
  let h: ControllerHarness;
  before(async () => {
    h = await startControllers([jobController]);
  });
  after(async () => {
    await h?.stop();
  });

  const jobs = () => h.resource<Job>(RESOURCES.jobs);
  const pods = () => h.resource<Pod>(RESOURCES.pods);
  const createJob = (name: string, spec: Partial<Job['spec']>) =>
    jobs().create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: NS },
      spec: {
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
        ...spec,
      },
    });
  const getJob = (name: string) => jobs().get(name, { namespace: NS });
  const podsOf = async (name: string) =>
    (await pods().list({ namespace: NS, labelSelector: `batch.kubernetes.io/job-name=${name}` })).items;
  const isActive = (p: Pod) =>
    !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
  const finish = (p: Pod, phase: 'Succeeded' | 'Failed', exitCode = phase === 'Succeeded' ? 0 : 1) =>
    pods().patch(
      p.metadata!.name!,
      'merge',
      {
        status: {
          phase,
          containerStatuses: [
            {
              name: 'main',
              image: 'busybox',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: {
                terminated: {
                  exitCode,
                  reason: phase === 'Succeeded' ? 'Completed' : 'Error',
                  finishedAt: new Date().toISOString(),
                },
              },
            },
          ],
        },
      },
      { namespace: NS, subresource: 'status' },
    );
  const condition = (job: Job, type: string) => job.status?.conditions?.find((c) => c.type === type);
  const eventsOf = async (name: string) =>
    (await h.resource<Event>(RESOURCES.events).list({ namespace: NS })).items.filter(
      (e) => e.involvedObject.name === name,
    );

  it('runs completions 5 with parallelism 2, never more than 2 active, and completes', async () => {
    await createJob('five', { completions: 5, parallelism: 2 });
    let maxActive = 0;
    const done = await eventually(
      async () => {
        const ps = await podsOf('five');
        const active = ps.filter(isActive);
        maxActive = Math.max(maxActive, active.length);
        for (const p of active) await finish(p, 'Succeeded');
        const job = await getJob('five');
        return condition(job, 'Complete')?.status === 'True' ? job : undefined;
      },
      25_000,
      'job five to complete',
    );
    assert.ok(maxActive <= 2, `saw ${maxActive} active pods`);
    assert.equal(done.status?.succeeded, 5);
    assert.equal(done.status?.active ?? 0, 0);
    assert.equal(done.status?.failed ?? 0, 0);
    assert.ok(done.status?.startTime);
    assert.ok(done.status?.completionTime);
    assert.equal(condition(done, 'SuccessCriteriaMet')?.reason, 'CompletionsReached');
    assert.equal(condition(done, 'Complete')?.message, 'Reached expected number of succeeded pods');
    const ps = await podsOf('five');
    assert.equal(ps.length, 5);
    for (const p of ps) {
      assert.ok(!p.metadata?.finalizers?.includes('batch.kubernetes.io/job-tracking'), 'finalizer removed');
      assert.equal(p.metadata?.ownerReferences?.[0].kind, 'Job');
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/controller-uid'], done.metadata?.uid);
    }
    const reasons = (
      await eventually(
        async () => {
          const evs = await eventsOf('five');
          return evs.some((e) => e.reason === 'Completed') ? evs : undefined;
        },
        5_000,
        'Completed event',
      )
    ).map((e) => e.reason);
    assert.ok(reasons.includes('SuccessfulCreate'));
  });

  it('fails a Job whose pod fails with backoffLimit 0', async () => {
    await createJob('failing', { backoffLimit: 0 });
    const [p] = await eventually(async () => {
      const ps = await podsOf('failing');
      return ps.length === 1 ? ps : undefined;
    });
    assert.ok(p.metadata?.finalizers?.includes('batch.kubernetes.io/job-tracking'));
    await finish(p, 'Failed');
    const job = await eventually(
      async () => {
        const j = await getJob('failing');
        return condition(j, 'Failed')?.status === 'True' ? j : undefined;
      },
      10_000,
      'job to fail',
    );
    assert.equal(condition(job, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(condition(job, 'Failed')?.message, 'Job has reached the specified backoff limit');
    assert.equal(condition(job, 'FailureTarget')?.reason, 'BackoffLimitExceeded');
    assert.equal(job.status?.failed, 1);
    assert.equal(job.status?.completionTime, undefined);
    await eventually(
      async () => (await eventsOf('failing')).some((e) => e.reason === 'BackoffLimitExceeded'),
      5_000,
      'event',
    );
  });

  it('fails a Job by its pod failure policy', async () => {
    await createJob('policy', {
      backoffLimit: 6,
      podFailurePolicy: {
        rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }],
      },
    });
    const [p] = await eventually(async () => {
      const ps = await podsOf('policy');
      return ps.length === 1 ? ps : undefined;
    });
    await finish(p, 'Failed', 42);
    const job = await eventually(
      async () => {
        const j = await getJob('policy');
        return condition(j, 'Failed')?.status === 'True' ? j : undefined;
      },
      10_000,
      'job to fail',
    );
    assert.equal(condition(job, 'Failed')?.reason, 'PodFailurePolicy');
    assert.equal(
      condition(job, 'Failed')?.message,
      `Container main for pod default/${p.metadata?.name} failed with exit code 42 matching FailJob rule at index 0`,
    );
  });

  it('fails a Job past its activeDeadlineSeconds and deletes its pods', async () => {
    await createJob('deadline', { activeDeadlineSeconds: 1, parallelism: 2, completions: 2 });
    const job = await eventually(
      async () => {
        const j = await getJob('deadline');
        return condition(j, 'Failed')?.status === 'True' ? j : undefined;
      },
      10_000,
      'deadline failure',
    );
    assert.equal(condition(job, 'Failed')?.reason, 'DeadlineExceeded');
    assert.equal(condition(job, 'Failed')?.message, 'Job was active longer than specified deadline');
    assert.equal(job.status?.active ?? 0, 0);
    assert.equal(job.status?.failed, 2);
    await eventually(async () => (await podsOf('deadline')).length === 0, 10_000, 'pods gone');
  });

  it('gives Indexed Job pods their index', async () => {
    await createJob('indexed', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
    const ps = await eventually(async () => {
      const l = await podsOf('indexed');
      return l.length === 3 ? l : undefined;
    });
    const byIndex = new Map(ps.map((p) => [p.metadata?.annotations?.[INDEX], p]));
    assert.deepEqual([...byIndex.keys()].sort(), ['0', '1', '2']);
    for (const [ix, p] of byIndex) {
      assert.equal(p.metadata?.labels?.[INDEX], ix);
      assert.equal(p.spec?.hostname, `indexed-${ix}`);
      assert.match(p.metadata?.name ?? '', new RegExp(`^indexed-${ix}-[a-z0-9]{5}$`));
      const env = p.spec?.containers[0].env?.find((e) => e.name === 'JOB_COMPLETION_INDEX');
      assert.equal(env?.valueFrom?.fieldRef?.fieldPath, `metadata.labels['${INDEX}']`);
    }
    await finish(byIndex.get('1')!, 'Succeeded');
    await finish(byIndex.get('2')!, 'Succeeded');
    const job = await eventually(
      async () => {
        const j = await getJob('indexed');
        return j.status?.completedIndexes === '1,2' ? j : undefined;
      },
      10_000,
      'completedIndexes 1,2',
    );
    assert.equal(job.status?.succeeded, 2);
    await finish(byIndex.get('0')!, 'Succeeded');
    const complete = await eventually(
      async () => {
        const j = await getJob('indexed');
        return condition(j, 'Complete')?.status === 'True' ? j : undefined;
      },
      10_000,
      'indexed job to complete',
    );
    assert.equal(complete.status?.completedIndexes, '0-2');
  });

  it('fails an index for good with backoffLimitPerIndex, then the Job', async () => {
    await createJob('perindex', { completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 0 });
    const ps = await eventually(async () => {
      const l = await podsOf('perindex');
      return l.length === 2 ? l : undefined;
    });
    const byIndex = new Map(ps.map((p) => [p.metadata?.annotations?.[INDEX], p]));
    assert.equal(byIndex.get('0')?.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count'], '0');
    await finish(byIndex.get('0')!, 'Failed');
    await eventually(async () => (await getJob('perindex')).status?.failedIndexes === '0', 10_000, 'failedIndexes 0');
    await finish(byIndex.get('1')!, 'Succeeded');
    const job = await eventually(
      async () => {
        const j = await getJob('perindex');
        return condition(j, 'Failed')?.status === 'True' ? j : undefined;
      },
      10_000,
      'job to fail',
    );
    assert.equal(condition(job, 'Failed')?.reason, 'FailedIndexes');
    assert.equal(condition(job, 'Failed')?.message, 'Job has failed indexes');
    assert.equal(job.status?.completedIndexes, '1');
    assert.equal(job.status?.failed, 1);
    assert.equal((await podsOf('perindex')).length, 2, 'no replacement for a failed index');
  });

  it('completes by its success policy', async () => {
    await createJob('policy-win', {
      completions: 3,
      parallelism: 3,
      completionMode: 'Indexed',
      successPolicy: { rules: [{ succeededIndexes: '0' }] },
    });
    const ps = await eventually(async () => {
      const l = await podsOf('policy-win');
      return l.length === 3 ? l : undefined;
    });
    await finish(
      ps.find((p) => p.metadata?.annotations?.[INDEX] === '0')!,
      'Succeeded',
    );
    const job = await eventually(
      async () => {
        const j = await getJob('policy-win');
        return condition(j, 'Complete')?.status === 'True' ? j : undefined;
      },
      10_000,
      'job to complete by policy',
    );
    assert.equal(condition(job, 'SuccessCriteriaMet')?.reason, 'SuccessPolicy');
    assert.equal(condition(job, 'Complete')?.message, 'Matched rules at index 0');
    assert.equal(job.status?.succeeded, 1);
    assert.equal(job.status?.failed ?? 0, 0);
  });

  it('suspends and resumes', async () => {
    await createJob('sleepy', { suspend: true, parallelism: 2, completions: 2 });
    const suspended = await eventually(
      async () => {
        const j = await getJob('sleepy');
        return condition(j, 'Suspended')?.status === 'True' ? j : undefined;
      },
      10_000,
      'Suspended condition',
    );
    assert.equal(condition(suspended, 'Suspended')?.reason, 'JobSuspended');
    assert.equal(suspended.status?.startTime, undefined);
    assert.equal((await podsOf('sleepy')).length, 0);

    await jobs().patch('sleepy', 'merge', { spec: { suspend: false } }, { namespace: NS });
    const resumed = await eventually(
      async () => {
        const j = await getJob('sleepy');
        return condition(j, 'Suspended')?.status === 'False' && (j.status?.active ?? 0) === 2 ? j : undefined;
      },
      10_000,
      'resumed job with 2 active',
    );
    assert.equal(condition(resumed, 'Suspended')?.reason, 'JobResumed');
    assert.ok(resumed.status?.startTime);
    assert.equal((await podsOf('sleepy')).filter(isActive).length, 2);

    // Suspending again deletes the active pods.
    await jobs().patch('sleepy', 'merge', { spec: { suspend: true } }, { namespace: NS });
    await eventually(
      async () => {
        const j = await getJob('sleepy');
        const live = (await podsOf('sleepy')).filter(isActive);
        return condition(j, 'Suspended')?.status === 'True' && (j.status?.active ?? 0) === 0 && live.length === 0;
      },
      10_000,
      'job suspended again with no active pods',
    );
  });
});

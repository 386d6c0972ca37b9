import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { parseStandard } from './cron-schedule.js';
import { jobFromTemplate, jobNameFor, byJobStartTime } from './cronjob-jobs.js';
import { formatSchedule, mostRecentScheduleTime, nextScheduleDelay } from './schedule-times.js';

const at = (s: string) => Date.parse(s);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function cronJob(
  schedule: string,
  created: string,
  extra: Partial<CronJob['spec']> = {},
  lastSchedule?: string,
): CronJob {
  return {
    metadata: { name: 'mycronjob', namespace: 'default', uid: 'u1', creationTimestamp: created },
    spec: { schedule, jobTemplate: { spec: { template: {} } }, ...extra },
    status: lastSchedule ? { lastScheduleTime: lastSchedule } : {},
  };
}

describe('mostRecentScheduleTime', () => {
  // After upstream's utils_test.go TestMostRecentScheduleTime.
  const cases: {
    name: string;
    cj: CronJob;
    now: string;
    want?: string;
    missed: 'none' | 'few' | 'many';
    error?: boolean;
    deadline?: boolean;
  }[] = [
    {
      name: 'now before next schedule',
      cj: cronJob('0 * * * *', '2016-05-19T09:59:00Z'),
      now: '2016-05-19T09:59:30Z',
      missed: 'none',
    },
    {
      name: 'now just after next schedule',
      cj: cronJob('0 * * * *', '2016-05-19T09:59:00Z'),
      now: '2016-05-19T10:00:30Z',
      want: '2016-05-19T10:00:00Z',
      missed: 'none',
    },
    {
      name: 'missed 5 schedules',
      cj: cronJob('0 * * * *', '2016-05-19T09:59:00Z'),
      now: '2016-05-19T14:00:30Z',
      want: '2016-05-19T14:00:00Z',
      missed: 'few',
    },
    {
      name: 'counts from lastScheduleTime',
      cj: cronJob('0 * * * *', '2016-05-19T09:59:00Z', {}, '2016-05-19T13:00:00Z'),
      now: '2016-05-19T14:00:30Z',
      want: '2016-05-19T14:00:00Z',
      missed: 'none',
    },
    {
      name: 'irregular schedule',
      cj: cronJob('30 6-16/4 * * 1-5', '2016-05-19T06:00:00Z'),
      now: '2016-05-24T12:00:00Z',
      want: '2016-05-24T10:30:00Z',
      missed: 'few',
    },
    {
      name: 'too many missed',
      cj: cronJob('* * * * *', '2016-05-19T09:00:00Z'),
      now: '2016-05-19T12:00:30Z',
      want: '2016-05-19T12:00:00Z',
      missed: 'many',
    },
    {
      name: 'starting deadline bounds the walk',
      cj: cronJob('* * * * *', '2016-05-19T09:00:00Z', { startingDeadlineSeconds: 300 }),
      now: '2016-05-19T12:00:30Z',
      want: '2016-05-19T12:00:00Z',
      missed: 'few',
      deadline: true,
    },
    {
      name: 'rogue schedule',
      cj: cronJob('59 23 31 2 *', '2016-05-19T09:00:00Z'),
      now: '2016-05-19T12:00:30Z',
      missed: 'none',
      error: true,
    },
    {
      name: 'time zone',
      cj: cronJob('0 9 * * *', '2024-03-09T00:00:00Z', { timeZone: 'America/New_York' }),
      now: '2024-03-11T14:00:00Z',
      want: '2024-03-11T13:00:00Z',
      missed: 'few',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = mostRecentScheduleTime(c.cj, at(c.now), parseStandard(formatSchedule(c.cj)), c.deadline ?? false);
      assert.equal(iso(r.mostRecentMs), c.want ? new Date(c.want).toISOString() : undefined);
      assert.equal(r.missed, c.missed);
      assert.equal(!!r.error, !!c.error);
    });
  }
});

describe('nextScheduleDelay', () => {
  it('waits for the next schedule plus 100 ms', () => {
    const cj = cronJob('*/5 * * * *', '2016-05-19T10:00:00Z', {}, '2016-05-19T10:00:00Z');
    assert.equal(nextScheduleDelay(cj, at('2016-05-19T10:01:00Z'), parseStandard('*/5 * * * *')), 4 * 60_000 + 100);
  });
  it('is undefined for a schedule that never fires', () => {
    const cj = cronJob('0 0 30 2 *', '2016-05-19T10:00:00Z');
    assert.equal(nextScheduleDelay(cj, at('2016-05-19T10:01:00Z'), parseStandard('0 0 30 2 *')), undefined);
  });
});

describe('formatSchedule', () => {
  it('adds the time zone', () => {
    assert.equal(formatSchedule(cronJob('* * * * *', 'x', { timeZone: 'Europe/Paris' })), 'TZ=Europe/Paris * * * * *');
    assert.equal(formatSchedule(cronJob('* * * * *', 'x', { timeZone: 'Not/AZone' })), '* * * * *');
    let warned = '';
    assert.equal(
      formatSchedule(cronJob('TZ=UTC * * * * *', 'x'), (s) => (warned = s)),
      'TZ=UTC * * * * *',
    );
    assert.equal(warned, 'TZ=UTC * * * * *');
  });
});

describe('jobFromTemplate', () => {
  it('names the Job after the scheduled minute and stamps the scheduled time', () => {
    const cj = cronJob('* * * * *', '2016-05-19T09:00:00Z', {
      timeZone: 'Asia/Tokyo',
      jobTemplate: { metadata: { labels: { a: 'b' }, annotations: { x: 'y' } }, spec: { template: {} } },
    });
    const scheduled = at('2016-05-19T10:00:00Z');
    const job = jobFromTemplate(cj, scheduled);
    assert.equal(job.metadata?.name, `mycronjob-${scheduled / 60_000}`);
    assert.equal(jobNameFor(cj, scheduled), 'mycronjob-24394200');
    assert.deepEqual(job.metadata?.labels, { a: 'b' });
    assert.deepEqual(job.metadata?.annotations, {
      x: 'y',
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2016-05-19T19:00:00+09:00',
    });
    assert.equal(job.metadata?.ownerReferences?.[0].kind, 'CronJob');
    assert.equal(job.metadata?.ownerReferences?.[0].controller, true);
  });
});

describe('byJobStartTime', () => {
  it('puts unstarted Jobs last and breaks ties by name', () => {
    const j = (name: string, startTime?: string) => ({ metadata: { name }, status: { startTime } });
    const sorted = [
      j('c'),
      j('b', '2016-01-02T00:00:00Z'),
      j('a', '2016-01-02T00:00:00Z'),
      j('d', '2016-01-01T00:00:00Z'),
    ].sort(byJobStartTime);
    assert.deepEqual(
      sorted.map((x) => x.metadata.name),
      ['d', 'a', 'b', 'c'],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults, jobGenerateSelector } from '../../defaults/index.js';
import { validate, validateUpdate } from '../index.js';
import { parseStandardCron } from './cron.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** A job as the apiserver would have it at validation time on create: defaulted, uid set, selector generated. */
function job(spec: Any = {}, meta: Any = {}): Any {
  const j: Any = {
    metadata: { name: 'pi', namespace: 'default', uid: 'uid-1', resourceVersion: '1', ...meta },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } }, ...spec },
  };
  applyDefaults('batch', 'jobs', j);
  jobGenerateSelector(j);
  return j;
}
const errors = (j: Any) => validate('batch', 'jobs', j).map(String);

describe('jobs', () => {
  it('accepts a defaulted job with a generated selector', () => {
    assert.deepEqual(errors(job()), []);
  });

  it('requires OnFailure or Never', () => {
    const j = job();
    j.spec.template.spec.restartPolicy = 'Always';
    assert.deepEqual(errors(j), [
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    j.spec.template.spec.restartPolicy = 'Sometimes';
    assert.deepEqual(errors(j), [
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
  });

  it('checks counts and the generated selector', () => {
    const j = job({ parallelism: -1, backoffLimit: -2 });
    assert.deepEqual(errors(j), [
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0',
    ]);
    const noUid = job({}, { uid: '' });
    assert.deepEqual(errors(noUid), ['metadata.uid: Required value']);
    const manual = job({ manualSelector: true, selector: { matchLabels: { app: 'x' } } });
    assert.deepEqual(errors(manual), [
      'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    ]);
  });

  it('checks pod failure policies', () => {
    const j = job({
      podFailurePolicy: {
        rules: [{ action: 'Retry', onExitCodes: { operator: 'In', values: [0, 3, 2] } }, { action: 'Ignore' }],
      },
    });
    assert.deepEqual(errors(j), [
      'spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 2}: must be ordered',
      'spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
    ]);
  });

  it('keeps the selector and template on update, unless suspended and never started', () => {
    const old = job();
    const upd = structuredClone(old);
    upd.spec.template.spec.containers[0].image = 'perl:5';
    upd.spec.completions = 5;
    assert.deepEqual(
      validateUpdate('batch', 'jobs', upd, old).map((e) => `${e.field}: ${e.detail}`),
      ['spec.completions: field is immutable', 'spec.template: field is immutable'],
    );
    const suspended = job({ suspend: true });
    const moved = structuredClone(suspended);
    moved.spec.template.spec.nodeSelector = { zone: 'a' };
    assert.deepEqual(validateUpdate('batch', 'jobs', moved, suspended).map(String), []);
  });
});

describe('cron jobs', () => {
  const cronJob = (spec: Any, name = 'nightly'): Any => {
    const cj: Any = {
      metadata: { name, namespace: 'default', resourceVersion: '1' },
      spec: {
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'x' }] } } },
        },
        ...spec,
      },
    };
    applyDefaults('batch', 'cronjobs', cj);
    return cj;
  };
  const cronErrors = (cj: Any) => validate('batch', 'cronjobs', cj).map(String);

  it('accepts standard schedules and descriptors', () => {
    for (const schedule of ['*/5 * * * *', '0 3 * * MON-FRI', '@hourly', '@every 1h30m', '0 0 1 jan,jul ?']) {
      assert.deepEqual(cronErrors(cronJob({ schedule })), [], schedule);
    }
  });

  it('reports the cron library errors', () => {
    assert.deepEqual(cronErrors(cronJob({})), ['spec.schedule: Required value']);
    assert.deepEqual(cronErrors(cronJob({ schedule: '* * * *' })), [
      'spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]',
    ]);
    assert.deepEqual(cronErrors(cronJob({ schedule: '0 25 * * *' })), [
      'spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25',
    ]);
    assert.deepEqual(cronErrors(cronJob({ schedule: '@weekdays' })), [
      'spec.schedule: Invalid value: "@weekdays": unrecognized descriptor: @weekdays',
    ]);
    assert.deepEqual(cronErrors(cronJob({ schedule: 'TZ=UTC 0 * * * *' })), [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    assert.throws(
      () => parseStandardCron('a * * * *'),
      /failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax/,
    );
  });

  it('checks time zones, concurrency policy, history limits, job template and name length', () => {
    assert.deepEqual(cronErrors(cronJob({ schedule: '@daily', timeZone: 'Europe/Berlin' })), []);
    assert.deepEqual(cronErrors(cronJob({ schedule: '@daily', timeZone: 'Nowhere/Land' })), [
      'spec.timeZone: Invalid value: "Nowhere/Land": unknown time zone Nowhere/Land',
    ]);
    const bad = cronJob({ schedule: '@daily', concurrencyPolicy: 'Sometimes', successfulJobsHistoryLimit: -1 });
    bad.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    assert.deepEqual(cronErrors(bad), [
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const long = 'x'.repeat(53);
    assert.deepEqual(cronErrors(cronJob({ schedule: '@daily' }, long)), [
      `metadata.name: Invalid value: "${long}": must be no more than 52 characters`,
    ]);
  });

  it('allows schedule changes on update', () => {
    const old = cronJob({ schedule: '@daily' });
    const upd = structuredClone(old);
    upd.spec.schedule = '@hourly';
    assert.deepEqual(validateUpdate('batch', 'cronjobs', upd, old).map(String), []);
  });
});

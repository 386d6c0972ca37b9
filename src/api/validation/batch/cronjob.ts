/**
 * batch/v1 CronJobs, as upstream's `ValidateCronJobCreate` and `ValidateCronJobUpdate` check them:
 * the schedule (robfig/cron's standard syntax, no TZ in it), time zone, concurrency policy, history
 * limits and the job template (whose selector is always generated).
 */
import { fieldErrors } from '../../../machinery/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../machinery/validation/object-meta.js';
import {
  type Errs,
  type Obj,
  bool,
  int,
  labelSelector,
  nonNegative,
  obj,
  objectMeta,
  optStr,
  shownSelector,
  str,
} from '../util.js';
import { knownTimeZone, parseStandardCron } from './cron.js';
import { validateJobSpecCommon } from './job.js';

const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: string | undefined, errs: Errs): void {
  if (tz === undefined) return;
  const p = 'spec.timeZone';
  if (tz === '') return void errs.push(fieldErrors.invalid(p, tz, 'timeZone must be nil or non-empty string'));
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part)) {
      return void errs.push(fieldErrors.invalid(p, tz, `unknown time zone ${tz}`));
    }
  }
  if (tz.toLowerCase() === 'local') {
    errs.push(
      fieldErrors.invalid(
        p,
        tz,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  }
  if (!knownTimeZone(tz) || tz === 'Local') errs.push(fieldErrors.invalid(p, tz, `unknown time zone ${tz}`));
}

/** Upstream's `ValidateJobTemplateSpec`: the job spec, with a selector that will be generated. */
function validateJobTemplateSpec(v: unknown, path: string, errs: Errs): void {
  const t = obj(v, path, errs);
  const spec = obj(t.spec, `${path}.spec`, errs);
  validateJobSpecCommon(spec, `${path}.spec`, errs);
  if (spec.selector !== undefined && spec.selector !== null) {
    errs.push(
      fieldErrors.invalid(
        `${path}.spec.selector`,
        shownSelector(labelSelector(spec.selector)),
        '`selector` will be auto-generated',
      ),
    );
  }
  if (bool(spec.manualSelector) === true)
    errs.push(fieldErrors.notSupported(`${path}.spec.manualSelector`, true, ['nil', 'false']));
}

function validateCronJobSpec(spec: Obj, old: Obj | undefined, errs: Errs): void {
  const schedule = str(spec.schedule, 'spec.schedule', errs);
  const tz = optStr(spec.timeZone, 'spec.timeZone', errs);
  if (!schedule) errs.push(fieldErrors.required('spec.schedule'));
  else {
    try {
      parseStandardCron(schedule);
    } catch (err) {
      errs.push(fieldErrors.invalid('spec.schedule', schedule, (err as Error).message));
    }
    const allowTZ = old !== undefined && str(old.schedule).includes('TZ');
    if (allowTZ && schedule.includes('TZ') && tz !== undefined) {
      errs.push(
        fieldErrors.invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'),
      );
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(
        fieldErrors.invalid(
          'spec.schedule',
          schedule,
          'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        ),
      );
    }
  }
  nonNegative(
    int(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds', errs),
    'spec.startingDeadlineSeconds',
    errs,
  );
  if (old === undefined || optStr(old.timeZone) !== tz) validateTimeZone(tz, errs);
  const policy = str(spec.concurrencyPolicy, 'spec.concurrencyPolicy', errs);
  if (policy === '') errs.push(fieldErrors.required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
    errs.push(fieldErrors.notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  const jt = obj(spec.jobTemplate, 'spec.jobTemplate', errs);
  validateJobTemplateSpec(jt, 'spec.jobTemplate', errs);
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'])
    nonNegative(int(spec[f], `spec.${f}`, errs), `spec.${f}`, errs);
}

/** Upstream's `ValidateCronJobCreate` (names of at most 52 characters: jobs get an 11-character suffix). */
export function validateCronJob(cj: Obj): Errs {
  const errs: Errs = [];
  const meta = objectMeta(cj.metadata, 'metadata', errs);
  errs.push(...validateObjectMeta(meta, { namespaced: true }));
  validateCronJobSpec(obj(cj.spec, 'spec', errs), undefined, errs);
  if ((meta.name ?? '').length > 52)
    errs.push(fieldErrors.invalid('metadata.name', meta.name, 'must be no more than 52 characters'));
  return errs;
}

/** Upstream's `ValidateCronJobUpdate`. */
export function validateCronJobUpdate(cj: Obj, old: Obj): Errs {
  const errs = validateObjectMetaUpdate(objectMeta(cj.metadata), objectMeta(old.metadata));
  validateCronJobSpec(obj(cj.spec, 'spec', errs), obj(old.spec), errs);
  return errs;
}

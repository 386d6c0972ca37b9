/**
 * When a CronJob should run (upstream's `pkg/controller/cronjob/utils.go`): the most recent
 * schedule time it has missed, the delay until the next one, and the `TZ=` prefix the controller
 * adds from `spec.timeZone`. Times are ms since the epoch.
 */
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import type { CronSchedule } from './cron-schedule.js';
import { isKnownTimeZone } from './time-zone.js';

/** How many starts were missed: upstream's `noneMissed`, `fewMissed`, `manyMissed` (over 100). */
export type MissedSchedules = 'none' | 'few' | 'many';

/** Upstream's `nextScheduleDelta`: requeue a little after the schedule time, never just before. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export interface MostRecent {
  /** The instant counted from (creation, last schedule, or the starting deadline). */
  earliestMs: number;
  /** The most recent schedule time not after now, if one has passed since `earliestMs`. */
  mostRecentMs?: number;
  missed: MissedSchedules;
  /** Set when the schedule cannot fire twice a second apart (`59 23 31 2 *`). */
  error?: string;
}

const ms = (t: string | undefined): number | undefined => (t ? Date.parse(t) : undefined);

/**
 * Upstream's `mostRecentScheduleTime`: from the later of creation and `lastScheduleTime` (and,
 * with `includeStartingDeadline`, now minus `startingDeadlineSeconds`), the last activation not
 * after `now`. The number missed is estimated from the gap between two activations, so a
 * schedule years behind costs a bounded walk.
 */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: number,
  schedule: CronSchedule,
  includeStartingDeadline: boolean,
): MostRecent {
  let earliestMs = ms(cj.status?.lastScheduleTime) ?? ms(cj.metadata?.creationTimestamp) ?? now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && deadline !== undefined && deadline !== null) {
    const schedulingDeadline = now - deadline * 1000;
    if (schedulingDeadline > earliestMs) earliestMs = schedulingDeadline;
  }
  const t1 = schedule.next(earliestMs);
  const t2 = schedule.next(t1);
  if (now < t1) return { earliestMs, missed: 'none' };
  if (now < t2) return { earliestMs, mostRecentMs: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1)
    return { earliestMs, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  // Start one interval before the estimate so irregular schedules (`30 6-16/4 * * 1-5`) still
  // land on their real last activation.
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  let mostRecentMs: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== 0 && t <= now; t = schedule.next(t)) mostRecentMs = t;
  const missed: MissedSchedules = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliestMs, mostRecentMs, missed };
}

/**
 * Upstream's `nextScheduleTimeDuration`: ms from `now` until the schedule after the most recent
 * one (or after `earliestMs` when none has passed), plus {@link NEXT_SCHEDULE_DELTA_MS}.
 * Undefined when the schedule never fires again.
 */
export function nextScheduleDelay(cj: CronJob, now: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  const from = r.error ? now : (r.mostRecentMs ?? r.earliestMs);
  const next = schedule.next(from);
  if (next === 0) return undefined;
  return next + NEXT_SCHEDULE_DELTA_MS - now;
}

/**
 * Upstream's `formatSchedule`: the schedule with `TZ=<spec.timeZone> ` in front when the zone is
 * known; a schedule that already names a zone is used as written (`warn` is told, for
 * upstream's `UnsupportedSchedule` event).
 */
export function formatSchedule(cj: CronJob, warn?: (schedule: string) => void): string {
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    warn?.(schedule);
    return schedule;
  }
  const tz = cj.spec?.timeZone;
  if (tz !== undefined && tz !== null) {
    if (!isKnownTimeZone(tz) || tz === 'Local') return schedule;
    return `TZ=${tz} ${schedule}`;
  }
  return schedule;
}

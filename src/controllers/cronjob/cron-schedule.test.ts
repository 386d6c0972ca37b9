import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoDuration, parseStandard } from './cron-schedule.js';
import { formatRFC3339, fromWallTime, offsetAt, wallTime } from './time-zone.js';

const at = (s: string) => {
  const ms = Date.parse(s);
  assert.ok(!Number.isNaN(ms), `bad time ${s}`);
  return ms;
};

describe('parseStandard next', () => {
  // robfig/cron's spec_test.go TestNext, in five fields (its local-time cases read as UTC).
  const cases: [from: string, spec: string, want: string][] = [
    ['2012-07-09T14:45:00Z', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T14:59:00Z', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T14:59:59Z', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    // Wrap around hours.
    ['2012-07-09T15:45:00Z', '20-35/15 * * * *', '2012-07-09T16:20:00Z'],
    // Wrap around days.
    ['2012-07-09T23:46:00Z', '*/15 * * * *', '2012-07-10T00:00:00Z'],
    ['2012-07-09T23:45:00Z', '20-35/15 * * * *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 1/2 * * *', '2012-07-10T01:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 10-12 * * *', '2012-07-10T10:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 1/2 */2 * *', '2012-07-11T01:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 * 9-20 * *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 * 9-20 Jul *', '2012-07-10T00:20:00Z'],
    // Wrap around months.
    ['2012-07-09T23:35:00Z', '0 0 9 Apr-Oct ?', '2012-08-09T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 */5 Apr,Aug,Oct Mon', '2012-08-01T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 */5 Oct Mon', '2012-10-01T00:00:00Z'],
    // Wrap around years.
    ['2012-07-09T23:35:00Z', '0 0 * Feb Mon', '2013-02-04T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 * Feb Mon/2', '2013-02-01T00:00:00Z'],
    // Wrap around minute, hour, day, month and year.
    ['2012-12-31T23:59:45Z', '* * * * *', '2013-01-01T00:00:00Z'],
    // Leap year.
    ['2012-07-09T23:35:00Z', '0 0 29 Feb ?', '2016-02-29T00:00:00Z'],
    // DST 2am EST (-5) → 3am EDT (-4).
    ['2012-03-11T00:00:00-05:00', 'TZ=America/New_York 30 2 11 Mar ?', '2013-03-11T02:30:00-04:00'],
    ['2012-03-11T00:00:00-05:00', 'TZ=America/New_York 0 * * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', 'TZ=America/New_York 0 * * * ?', '2012-03-11T03:00:00-04:00'],
    ['2012-03-11T03:00:00-04:00', 'TZ=America/New_York 0 * * * ?', '2012-03-11T04:00:00-04:00'],
    ['2012-03-11T04:00:00-04:00', 'CRON_TZ=America/New_York 0 * * * ?', '2012-03-11T05:00:00-04:00'],
    ['2012-03-11T00:00:00-05:00', 'TZ=America/New_York 0 1 * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', 'TZ=America/New_York 0 1 * * ?', '2012-03-12T01:00:00-04:00'],
    // 2am nightly job (skipped on the day of the change).
    ['2012-03-11T00:00:00-05:00', 'TZ=America/New_York 0 2 * * ?', '2012-03-12T02:00:00-04:00'],
    // DST 2am EDT (-4) → 1am EST (-5).
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 30 2 04 Nov ?', '2012-11-04T02:30:00-05:00'],
    ['2012-11-04T01:45:00-04:00', 'TZ=America/New_York 30 1 04 Nov ?', '2012-11-04T01:30:00-05:00'],
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 * * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', 'TZ=America/New_York 0 * * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', 'TZ=America/New_York 0 * * * ?', '2012-11-04T02:00:00-05:00'],
    // 1am nightly job runs twice.
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 1 * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', 'TZ=America/New_York 0 1 * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', 'TZ=America/New_York 0 1 * * ?', '2012-11-05T01:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 2 * * ?', '2012-11-04T02:00:00-05:00'],
    ['2012-11-04T02:00:00-05:00', 'TZ=America/New_York 0 2 * * ?', '2012-11-05T02:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 3 * * ?', '2012-11-04T03:00:00-05:00'],
    ['2012-11-04T03:00:00-05:00', 'TZ=America/New_York 0 3 * * ?', '2012-11-05T03:00:00-05:00'],
    // Monthly job.
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 3 3 * ?', '2012-12-03T03:00:00-05:00'],
    // DST makes midnight invalid (robfig/cron#157).
    ['2018-10-17T05:00:00-04:00', 'TZ=America/Sao_Paulo 0 9 10 * ?', '2018-11-10T06:00:00-05:00'],
    ['2018-02-14T05:00:00-05:00', 'TZ=America/Sao_Paulo 0 9 22 * ?', '2018-02-22T07:00:00-05:00'],
    // Descriptors.
    ['2012-07-09T14:45:00Z', '@hourly', '2012-07-09T15:00:00Z'],
    ['2012-07-09T14:45:00Z', '@daily', '2012-07-10T00:00:00Z'],
    ['2012-07-09T14:45:00Z', '@midnight', '2012-07-10T00:00:00Z'],
    ['2012-07-09T14:45:00Z', '@weekly', '2012-07-15T00:00:00Z'],
    ['2012-07-09T14:45:00Z', '@monthly', '2012-08-01T00:00:00Z'],
    ['2012-07-09T14:45:00Z', '@yearly', '2013-01-01T00:00:00Z'],
    ['2012-07-09T14:45:00Z', '@annually', '2013-01-01T00:00:00Z'],
    ['2012-07-09T14:45:00Z', '@every 90s', '2012-07-09T14:46:30Z'],
    ['2012-07-09T14:45:00.500Z', '@every 1h', '2012-07-09T15:45:00Z'],
    // Names are case-insensitive; Sunday is 0.
    ['2024-01-01T00:00:00Z', '0 12 * JAN-mar SUN', '2024-01-07T12:00:00Z'],
    ['2024-01-01T00:00:00Z', '15 10 * * 1-5', '2024-01-01T10:15:00Z'],
  ];
  for (const [from, spec, want] of cases) {
    it(`${spec} after ${from}`, () => {
      assert.equal(new Date(parseStandard(spec).next(at(from))).toISOString(), new Date(at(want)).toISOString());
    });
  }

  it('returns 0 for schedules that never fire', () => {
    assert.equal(parseStandard('0 0 30 Feb ?').next(at('2012-07-09T23:35:00Z')), 0);
    assert.equal(parseStandard('0 0 31 Apr ?').next(at('2012-07-09T23:35:00Z')), 0);
    assert.equal(parseStandard('59 23 31 2 *').next(at('2012-07-09T23:35:00Z')), 0);
  });

  it('ORs day-of-month and day-of-week unless one is *', () => {
    const s = parseStandard('0 0 13 * 5'); // the 13th or any Friday
    assert.equal(new Date(s.next(at('2024-09-01T00:00:00Z'))).toISOString(), '2024-09-06T00:00:00.000Z');
    const t = parseStandard('0 0 13 * *');
    assert.equal(new Date(t.next(at('2024-09-01T00:00:00Z'))).toISOString(), '2024-09-13T00:00:00.000Z');
  });
});

describe('parseStandard errors', () => {
  // robfig/cron's parser_test.go and upstream's validation cases.
  const cases: [spec: string, message: string][] = [
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['* * * FOO *', 'failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax'],
    ['-1 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['@every', 'unrecognized descriptor: @every'],
    ['@unknown', 'unrecognized descriptor: @unknown'],
    ['@every 5x', 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ['TZ=Mars/Olympus * * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
  ];
  for (const [spec, message] of cases) {
    it(JSON.stringify(spec), () => assert.throws(() => parseStandard(spec), { message }));
  }
});

describe('parseGoDuration', () => {
  it('reads Go durations', () => {
    assert.equal(parseGoDuration('1h30m'), 5_400_000);
    assert.equal(parseGoDuration('1.5h'), 5_400_000);
    assert.equal(parseGoDuration('250ms'), 250);
    assert.equal(parseGoDuration('0'), 0);
    assert.throws(() => parseGoDuration('5'), { message: 'time: missing unit in duration "5"' });
    assert.throws(() => parseGoDuration(''), { message: 'time: invalid duration ""' });
  });
});

describe('time zones', () => {
  it('finds offsets across DST', () => {
    assert.equal(offsetAt('America/New_York', at('2024-01-15T12:00:00Z')), -5 * 3_600_000);
    assert.equal(offsetAt('America/New_York', at('2024-07-15T12:00:00Z')), -4 * 3_600_000);
    assert.equal(offsetAt('Asia/Kolkata', at('2024-07-15T12:00:00Z')), 5.5 * 3_600_000);
    assert.equal(offsetAt('UTC', 0), 0);
  });

  it('resolves wall times as Go does', () => {
    // A gap: 02:30 does not exist on 2024-03-10 in New York; Go's time.Date lands on 06:30Z.
    assert.equal(
      formatRFC3339('America/New_York', fromWallTime('America/New_York', 2024, 3, 10, 2, 30)),
      '2024-03-10T01:30:00-05:00',
    );
    // An overlap: 01:30 happens twice on 2024-11-03; Go takes the first (EDT).
    assert.equal(
      formatRFC3339('America/New_York', fromWallTime('America/New_York', 2024, 11, 3, 1, 30)),
      '2024-11-03T01:30:00-04:00',
    );
    // Overflowing fields normalise.
    assert.equal(formatRFC3339('UTC', fromWallTime('UTC', 2024, 13, 1)), '2025-01-01T00:00:00Z');
    assert.deepEqual(wallTime('Europe/Berlin', at('2024-06-01T10:00:00Z')), {
      year: 2024,
      month: 6,
      day: 1,
      hour: 12,
      minute: 0,
      second: 0,
      weekday: 6,
    });
  });
});

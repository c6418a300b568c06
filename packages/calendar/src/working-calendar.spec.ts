import { seededRandom } from '@gongzhi/subgraph-kit';
import { CalendarError, CalendarErrorCode } from './calendar-error';
import { OFFICIAL_SCHEDULES, SCHEDULE_2026 } from './schedules';
import { WorkingCalendar } from './working-calendar';

// Local wall-clock time in Shanghai, written the way a villager would read it.
const sh = (local: string): Date => new Date(`${local}:00+08:00`);
const iso = (d: Date): string => {
  const local = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
};
const TWO_DAYS = { days: 2 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalendarError) return error.code;
    throw error;
  }
  return undefined;
}


describe('WorkingCalendar with the official schedules and default hours', () => {
  const calendar = new WorkingCalendar();

  it('defaults to 09:00–17:00 in Asia/Shanghai with 2025 and 2026 loaded, and no fallback', () => {
    expect(calendar.workingHours).toEqual({ start: '09:00', end: '17:00' });
    expect(calendar.timeZone).toBe('Asia/Shanghai');
    expect(calendar.workingDayMinutes).toBe(480);
    expect(calendar.scheduledYears).toEqual([2025, 2026]);
    expect(calendar.weekendsOnlyFallback).toBe(false);
  });

  it.each([
    ['2026-01-02', false], // 元旦 (Friday)
    ['2026-01-04', true], // make-up Sunday
    ['2026-02-14', true], // make-up Saturday before Spring Festival
    ['2026-02-16', false], // Spring Festival
    ['2026-02-24', true],
    ['2026-02-28', true], // make-up Saturday after Spring Festival
    ['2026-03-07', false], // ordinary Saturday
    ['2026-03-09', true], // ordinary Monday
    ['2026-10-01', false],
    ['2026-10-10', true],
    ['2025-10-08', false], // 2025 National Day + Mid-Autumn
    ['2025-10-11', true],
  ])('isWorkingDay(%s) is %s', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('reads an instant in the calendar zone, not UTC', () => {
    // 2026-10-08 00:30 in Shanghai is still 2026-10-07 (a holiday) in UTC.
    expect(calendar.isWorkingDay(sh('2026-10-08T00:30'))).toBe(true);
    expect(calendar.isWorkingDay(sh('2026-10-07T23:59'))).toBe(false);
  });

  it('counts 248 working days in 2026: 261 weekdays − 19 weekday holidays + 6 make-up days', () => {
    let working = 0;
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
      if (calendar.isWorkingDay(new Date(d).toISOString().slice(0, 10))) working += 1;
    }
    expect(working).toBe(248);
    expect(calendar.workingMinutesBetween(sh('2026-01-01T00:00'), sh('2026-12-31T23:59'))).toBe(248 * 480);
  });

  describe('addWorkingTime: the cases pinned by issue 4', () => {
    it.each([
      ['Friday 15:00 → Tuesday 15:00', '2026-03-13T15:00', '2026-03-17 15:00'],
      ['National Day skipped', '2026-09-30T16:00', '2026-10-09 16:00'],
      ['make-up Saturday 10-10 counts', '2026-10-09T10:00', '2026-10-12 10:00'],
      ['make-up Saturday 02-14 counts, Spring Festival skipped', '2026-02-13T10:00', '2026-02-24 10:00'],
      ['raised on a holiday: counts from the first working day after National Day', '2026-10-01T11:00', '2026-10-09 17:00'],
      ['raised on a Sunday: counts from Monday opening', '2026-03-15T20:00', '2026-03-17 17:00'],
      ['raised before opening: counts from opening', '2026-03-16T07:30', '2026-03-17 17:00'],
      ['raised after closing: counts from next opening', '2026-03-16T18:00', '2026-03-18 17:00'],
      ['raised exactly at closing: counts from next opening', '2026-03-16T17:00', '2026-03-18 17:00'],
      ['make-up Sunday 2026-01-04 counts', '2025-12-31T15:00', '2026-01-05 15:00'],
    ])('%s', (_name, raised, due) => {
      expect(iso(calendar.addWorkingTime(sh(raised), TWO_DAYS))).toBe(due);
    });

    it('treats a number as working minutes and {days} as whole working days', () => {
      expect(calendar.addWorkingTime(sh('2026-03-13T15:00'), 960)).toEqual(sh('2026-03-17T15:00'));
      expect(calendar.addWorkingTime(sh('2026-03-13T15:00'), { hours: 16 })).toEqual(sh('2026-03-17T15:00'));
      expect(calendar.addWorkingTime(sh('2026-03-13T15:00'), { days: 1, hours: 7, minutes: 60 })).toEqual(sh('2026-03-17T15:00'));
      expect(calendar.addWorkingTime(sh('2026-03-13T15:00'), 120)).toEqual(sh('2026-03-13T17:00'));
      expect(calendar.addWorkingTime(sh('2026-03-13T15:00'), 121)).toEqual(sh('2026-03-16T09:01'));
    });

    it('adding zero gives the instant counting starts', () => {
      expect(calendar.addWorkingTime(sh('2026-10-03T12:00'), 0)).toEqual(sh('2026-10-08T09:00'));
      expect(calendar.addWorkingTime(sh('2026-03-16T10:15'), 0)).toEqual(sh('2026-03-16T10:15'));
    });

    it('rejects bad durations and dates with SLA_CALENDAR_INPUT_INVALID', () => {
      const start = sh('2026-03-16T10:00');
      for (const bad of [-1, Number.NaN, Infinity, {}, { day: 2 }, { days: -1 }, { days: '2' }, null, '2']) {
        expect(codeOf(() => calendar.addWorkingTime(start, bad as never))).toBe(CalendarErrorCode.InputInvalid);
      }
      expect(codeOf(() => calendar.addWorkingTime(new Date('nope'), 10))).toBe(CalendarErrorCode.InputInvalid);
      expect(codeOf(() => calendar.isWorkingDay('2026-02-30'))).toBe(CalendarErrorCode.InputInvalid);
    });
  });

  describe('nextWorkingStart and isWorkingTime', () => {
    it.each([
      ['2026-03-16T10:00', '2026-03-16 10:00'], // within hours
      ['2026-03-16T08:59', '2026-03-16 09:00'], // before opening
      ['2026-03-16T17:00', '2026-03-17 09:00'], // at closing
      ['2026-03-13T17:30', '2026-03-16 09:00'], // Friday evening
      ['2026-02-13T18:00', '2026-02-14 09:00'], // make-up Saturday is next
      ['2026-02-15T09:00', '2026-02-24 09:00'], // inside Spring Festival
    ])('from %s → %s', (at, expected) => {
      expect(iso(calendar.nextWorkingStart(sh(at)))).toBe(expected);
    });

    it('knows working hours on working days only', () => {
      expect(calendar.isWorkingTime(sh('2026-10-10T09:00'))).toBe(true);
      expect(calendar.isWorkingTime(sh('2026-10-10T17:00'))).toBe(false);
      expect(calendar.isWorkingTime(sh('2026-10-05T10:00'))).toBe(false);
    });
  });

  describe('a year without a schedule', () => {
    it('fails with SLA_CALENDAR_MISSING when the deadline runs into 2027', () => {
      const start = sh('2026-12-31T10:00');
      let error: unknown;
      try {
        calendar.addWorkingTime(start, TWO_DAYS);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CalendarError);
      expect(error).toMatchObject({ code: 'SLA_CALENDAR_MISSING', details: { year: 2027 } });
      expect((error as Error).message).toMatch(/2027/);
    });

    it('does not fail while the deadline stays inside a loaded year', () => {
      // 2026-12-31 is a Thursday: 10:00–17:00 is 7 h, so 7 h fits.
      expect(calendar.addWorkingTime(sh('2026-12-31T10:00'), { hours: 7 })).toEqual(sh('2026-12-31T17:00'));
    });

    it('fails for anything asked directly about a missing year', () => {
      expect(codeOf(() => calendar.isWorkingDay('2027-03-01'))).toBe(CalendarErrorCode.Missing);
      expect(codeOf(() => calendar.nextWorkingStart(sh('2024-06-01T10:00')))).toBe(CalendarErrorCode.Missing);
      expect(codeOf(() => calendar.workingMinutesBetween(sh('2026-12-30T10:00'), sh('2027-01-04T10:00')))).toBe(
        CalendarErrorCode.Missing,
      );
    });

    it('uses weekends only when the county opted in', () => {
      const fallback = new WorkingCalendar({ weekendsOnlyFallback: true });
      // Thu 12-31 7 h, Fri 2027-01-01 counts (no schedule says otherwise) 8 h, Mon 01-04 1 h.
      expect(iso(fallback.addWorkingTime(sh('2026-12-31T10:00'), TWO_DAYS))).toBe('2027-01-04 10:00');
      expect(fallback.isWorkingDay('2027-01-02')).toBe(false);
      expect(fallback.hasSchedule(2027)).toBe(false);
      // Official years are unaffected by the flag.
      expect(fallback.isWorkingDay('2026-10-01')).toBe(false);
    });

    it('accepts a schedule loaded later, e.g. through the API', () => {
      const loaded = new WorkingCalendar({
        schedules: [...OFFICIAL_SCHEDULES, { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [] }],
      });
      expect(iso(loaded.addWorkingTime(sh('2026-12-31T10:00'), TWO_DAYS))).toBe('2027-01-05 10:00');
    });
  });

  describe('workingMinutesBetween', () => {
    it('gives response-time figures in working minutes', () => {
      expect(calendar.workingMinutesBetween(sh('2026-03-13T15:00'), sh('2026-03-17T15:00'))).toBe(960);
      expect(calendar.workingMinutesBetween(sh('2026-09-30T16:00'), sh('2026-10-09T16:00'))).toBe(960);
      expect(calendar.workingMinutesBetween(sh('2026-10-03T10:00'), sh('2026-10-04T10:00'))).toBe(0);
      expect(calendar.workingMinutesBetween(sh('2026-03-17T15:00'), sh('2026-03-13T15:00'))).toBe(-960);
      expect(calendar.workingMinutesBetween(sh('2026-03-16T10:00'), new Date(sh('2026-03-16T10:00').getTime() + 30_000))).toBe(0.5);
    });

    it('crosses the 2025/2026 boundary', () => {
      // Wed 2025-12-31 16:00–17:00 (1 h), 01-01..01-03 off, Sun 01-04 make-up (8 h), Mon 01-05 09:00–10:00 (1 h).
      expect(calendar.workingMinutesBetween(sh('2025-12-31T16:00'), sh('2026-01-05T10:00'))).toBe(600);
    });

    it('is the inverse of addWorkingTime over many random instants (seeded)', () => {
      const random = seededRandom(20260401);
      const from = sh('2025-01-01T00:00').getTime();
      const span = sh('2026-12-01T00:00').getTime() - from;
      for (let n = 0; n < 20_000; n += 1) {
        const start = new Date(from + Math.floor(random() * span));
        const minutes = Math.floor(random() * 6 * 480);
        const due = calendar.addWorkingTime(start, minutes);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        if (calendar.workingMinutesBetween(start, due) !== minutes) {
          throw new Error(`seed 20260401 #${n}: ${start.toISOString()} + ${minutes} min → ${due.toISOString()}`);
        }
        // And the other way: re-adding the measured time lands on the same instant when it is within hours.
        const other = new Date(from + Math.floor(random() * span));
        const [a, b] = start <= other ? [start, other] : [other, start];
        const between = calendar.workingMinutesBetween(a, b);
        if (between > 0 && calendar.isWorkingTime(b) && calendar.addWorkingTime(a, between).getTime() !== b.getTime()) {
          throw new Error(`seed 20260401 #${n}: ${a.toISOString()} .. ${b.toISOString()} = ${between} min`);
        }
      }
    });
  });
});

describe('WorkingCalendar configuration', () => {
  it('honours per-county working hours', () => {
    const county = new WorkingCalendar({ workingHours: { start: '08:30', end: '17:30' } });
    expect(county.workingDayMinutes).toBe(540);
    // Fri 15:00–17:30 (2.5 h), Mon 9 h, Tue 08:30 + 6.5 h = 15:00.
    expect(iso(county.addWorkingTime(sh('2026-03-13T15:00'), { days: 2 }))).toBe('2026-03-17 15:00');
  });

  it('keeps the zone configurable and measures hours on that wall clock', () => {
    const urumqi = new WorkingCalendar({ timeZone: 'Asia/Urumqi', schedules: [SCHEDULE_2026] });
    // 09:00 in Urumqi (UTC+6) is 11:00 in Shanghai.
    expect(iso(urumqi.nextWorkingStart(sh('2026-03-16T08:00')))).toBe('2026-03-16 11:00');
    expect(new WorkingCalendar({ timeZone: 'asia/shanghai' }).timeZone).toBe('Asia/Shanghai');
  });

  it('stays correct across a daylight-saving change', () => {
    // Not needed in China, but the zone is configurable: 2026-03-08 is the US spring-forward day.
    const ny = new WorkingCalendar({ timeZone: 'America/New_York', weekendsOnlyFallback: true, schedules: [] });
    const friday = new Date('2026-03-06T15:00:00-05:00');
    expect(ny.addWorkingTime(friday, { days: 2 })).toEqual(new Date('2026-03-10T15:00:00-04:00'));
    expect(ny.workingMinutesBetween(friday, new Date('2026-03-10T15:00:00-04:00'))).toBe(960);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }],
    [{ timeZone: '' }],
    [{ workingHours: { start: '9:00', end: '17:00' } }],
    [{ workingHours: { start: '17:00', end: '09:00' } }],
    [{ workingHours: { start: '09:00', end: '24:30' } }],
    [{ schedules: [SCHEDULE_2026, SCHEDULE_2026] }],
  ])('rejects %j with SLA_CALENDAR_CONFIG_INVALID', (options) => {
    expect(codeOf(() => new WorkingCalendar(options as never))).toBe(CalendarErrorCode.ConfigInvalid);
  });

  it('rejects an invalid schedule with SLA_CALENDAR_INVALID', () => {
    const bad = { year: 2027, holidays: ['2027-02-30'], makeUpWorkdays: [] };
    expect(codeOf(() => new WorkingCalendar({ schedules: [bad] }))).toBe(CalendarErrorCode.Invalid);
  });
});

import { CalendarError } from './calendar-error';
import { OFFICIAL_SCHEDULES, SCHEDULE_2025, SCHEDULE_2026 } from './schedules';
import { checkYearSchedule, mergeSchedules, validateYearSchedule } from './year-schedule';

describe('official schedules', () => {
  it.each(OFFICIAL_SCHEDULES.map((s) => [s.year, s] as const))('%i passes its own validation', (_year, schedule) => {
    expect(checkYearSchedule(schedule)).toEqual([]);
  });

  it('match the State Council notices day for day', () => {
    // Counts straight from the notices: 2026 has 3+9+3+5+3+3+7 days off and 6 make-up days.
    expect(SCHEDULE_2026.holidays).toHaveLength(33);
    expect(SCHEDULE_2026.makeUpWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(SCHEDULE_2025.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(SCHEDULE_2025.makeUpWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(SCHEDULE_2026)).toBe(true);
    expect(Object.isFrozen(SCHEDULE_2026.holidays)).toBe(true);
  });
});

describe('validateYearSchedule', () => {
  it('returns a sorted, frozen copy', () => {
    const input = { year: 2027, holidays: ['2027-10-02', '2027-10-01'], makeUpWorkdays: ['2027-09-26'] };
    const schedule = validateYearSchedule(input);
    expect(schedule).toEqual({ year: 2027, holidays: ['2027-10-01', '2027-10-02'], makeUpWorkdays: ['2027-09-26'] });
    expect(Object.isFrozen(schedule.holidays)).toBe(true);
    expect(input.holidays[0]).toBe('2027-10-02');
  });

  it('lists every problem with a path and throws SLA_CALENDAR_INVALID', () => {
    const input = {
      year: 2027,
      holidays: ['2027-02-30', '2026-10-01', '2027-10-01', '2027-10-01', '2027-10-09', 7],
      makeUpWorkdays: ['2027-10-09', '2027-10-11'],
    };
    expect(checkYearSchedule(input)).toEqual([
      { path: 'holidays[0]', message: '"2027-02-30" is not a valid YYYY-MM-DD date' },
      { path: 'holidays[1]', message: '2026-10-01 is not in 2027' },
      { path: 'holidays[3]', message: '2027-10-01 is listed twice' },
      { path: 'holidays[5]', message: 'number is not a valid YYYY-MM-DD date' },
      { path: 'makeUpWorkdays[0]', message: '2027-10-09 cannot be both a holiday and a make-up working day' },
      { path: 'makeUpWorkdays[1]', message: '2027-10-11 is not a Saturday or Sunday, so it cannot be a make-up working day' },
    ]);
    let error: unknown;
    try {
      validateYearSchedule(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarError);
    expect(error).toMatchObject({ code: 'SLA_CALENDAR_INVALID', details: { problems: expect.any(Array) } });
    expect((error as Error).message).toBe('The 2027 schedule is invalid: holidays[0]: "2027-02-30" is not a valid YYYY-MM-DD date (and 5 more)');
  });

  it.each([
    [null, ''],
    [[], ''],
    [{ year: '2027', holidays: [], makeUpWorkdays: [] }, 'year'],
    [{ year: 2027.5, holidays: [], makeUpWorkdays: [] }, 'year'],
    [{ year: 20270, holidays: [], makeUpWorkdays: [] }, 'year'],
    [{ year: 2027, holidays: '2027-01-01', makeUpWorkdays: [] }, 'holidays'],
    [{ year: 2027, holidays: [] }, 'makeUpWorkdays'],
    [{ year: 2027, holidays: ['2027-1-1'], makeUpWorkdays: [] }, 'holidays[0]'],
    [{ year: 2027, holidays: [], makeUpWorkdays: [], source: 'x'.repeat(501) }, 'source'],
    [{ year: 2027, holidays: Array.from({ length: 400 }, () => '2027-01-01'), makeUpWorkdays: [] }, 'holidays'],
  ])('rejects %j at %s', (input, path) => {
    expect(checkYearSchedule(input).map((p) => p.path)).toContain(path);
    expect(() => validateYearSchedule(input)).toThrow(CalendarError);
  });
});

describe('mergeSchedules', () => {
  it('lets a later list replace a year and sorts by year', () => {
    const loaded = { year: 2026, holidays: [], makeUpWorkdays: [] };
    const extra = { year: 2024, holidays: [], makeUpWorkdays: [] };
    const merged = mergeSchedules(OFFICIAL_SCHEDULES, [loaded, extra]);
    expect(merged.map((s) => s.year)).toEqual([2024, 2025, 2026]);
    expect(merged[2]).toBe(loaded);
  });
});

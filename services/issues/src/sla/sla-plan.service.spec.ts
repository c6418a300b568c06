import { CalendarErrorCode, SCHEDULE_2025, SCHEDULE_2026, WorkingCalendar } from '@gongzhi/calendar';
import { planResponse, planRating, responseMinutes } from './sla-plan.service';

// Asia/Shanghai is UTC+8 all year.
const cst = (local: string) => new Date(`${local}+08:00`);
const TWO_DAYS = 2 * 8 * 3600;
const calendar = new WorkingCalendar({ schedules: [SCHEDULE_2025, SCHEDULE_2026] });

describe('first-response deadline (2026, 09:00–17:00)', () => {
  it.each([
    ['2026-09-30T16:00', '2026-10-09T16:00', 'National Day skipped'],
    ['2026-10-09T10:00', '2026-10-12T10:00', 'make-up Saturday 10-10 counts'],
    ['2026-02-13T10:00', '2026-02-24T10:00', 'make-up Saturday 02-14 counts, Spring Festival skipped'],
    ['2026-11-20T15:00', '2026-11-24T15:00', 'Friday 15:00 → Tuesday 15:00'],
    ['2026-11-21T11:00', '2026-11-24T17:00', 'raised on Saturday: counts from Monday 09:00'],
    ['2026-10-03T09:30', '2026-10-09T17:00', 'raised on a holiday: counts from 10-08 09:00'],
  ])('raised %s → due %s (%s)', (raised, due) => {
    expect(planResponse(calendar, cst(raised), TWO_DAYS, []).dueAt).toEqual(cst(due));
  });

  it('reminds at half and 90% of the working time, then marks overdue at the deadline', () => {
    const plan = planResponse(calendar, cst('2026-11-20T15:00'), TWO_DAYS, [90, 50]);
    expect(plan.reminders).toEqual([
      { kind: 'REMIND_50', fireAt: cst('2026-11-23T15:00') },
      { kind: 'REMIND_90', fireAt: cst('2026-11-24T13:24') },
      { kind: 'OVERDUE', fireAt: cst('2026-11-24T15:00') },
    ]);
  });

  it('flags a year without a schedule instead of guessing', () => {
    expect(() => planResponse(calendar, cst('2027-03-01T10:00'), TWO_DAYS, [50])).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.Missing }),
    );
    // Also when the deadline crosses into the missing year.
    expect(() => planResponse(calendar, cst('2026-12-31T16:00'), TWO_DAYS, [])).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.Missing }),
    );
    const fallback = new WorkingCalendar({ schedules: [SCHEDULE_2026], weekendsOnlyFallback: true });
    expect(planResponse(fallback, cst('2027-03-05T15:00'), TWO_DAYS, []).dueAt).toEqual(cst('2027-03-09T15:00'));
  });

  it('rating follow-up and response minutes count working time only', () => {
    const [remind, close] = planRating(calendar, cst('2026-11-20T16:00'), 8 * 3600, 5 * 8 * 3600);
    expect(remind.fireAt).toEqual(cst('2026-11-23T16:00'));
    expect(close.fireAt).toEqual(cst('2026-11-27T16:00'));
    expect(responseMinutes(calendar, cst('2026-11-20T16:00'), cst('2026-11-23T09:30'))).toBe(90);
  });
});

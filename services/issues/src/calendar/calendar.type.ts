import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { CountyCalendar } from './calendar.service';

@ObjectType('CalendarYear')
export class CalendarYearType {
  @Field(() => Int) year: number;
  @Field(() => String, { nullable: true }) source: string | null;
  @Field({ description: 'Loaded by an officer for this county (otherwise shipped with the platform)' }) loaded: boolean;
  @Field(() => [String]) holidays: string[];
  @Field(() => [String]) makeUpWorkdays: string[];
}

@ObjectType('CountyIssueCalendar', { description: 'Working hours, SLA settings and holiday schedules of a county' })
export class CountyCalendarType {
  @Field(() => ID) countyCode: string;
  @Field() workStart: string;
  @Field() workEnd: string;
  @Field() timeZone: string;
  @Field({ description: 'Explicit opt-in: a year without a schedule counts Monday–Friday' }) weekendsOnlyFallback: boolean;
  @Field(() => Int, { description: 'First-response deadline in working seconds' }) responseSlaSeconds: number;
  @Field(() => [Int]) reminderPercents: number[];
  @Field(() => Int) rateReminderSeconds: number;
  @Field(() => Int) autoCloseSeconds: number;
  @Field(() => [CalendarYearType]) years: CalendarYearType[];
  @Field(() => [Int], { description: 'This year and next if they have no schedule: deadlines there fail with SLA_CALENDAR_MISSING' })
  missingYears: number[];

  static from(c: CountyCalendar, missingYears: number[]): CountyCalendarType {
    return Object.assign(new CountyCalendarType(), c.settings, {
      years: c.schedules.map((s) =>
        Object.assign(new CalendarYearType(), { year: s.year, source: s.source ?? null, loaded: s.loaded, holidays: [...s.holidays], makeUpWorkdays: [...s.makeUpWorkdays] }),
      ),
      missingYears,
    });
  }
}

import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { calendarToDomain, type CalendarService } from './calendar.service';
import { CountyIssueSettingsInput, LoadCalendarYearInput } from './calendar.inputs';
import { CountyCalendarType } from './calendar.type';

@Resolver(() => CountyCalendarType)
export class CalendarResolver {
  constructor(private readonly calendars: CalendarService) {}

  @Query(() => CountyCalendarType)
  async countyIssueCalendar(@Arg('countyCode', () => ID) countyCode: string, @Ctx() ctx: RequestContext): Promise<CountyCalendarType> {
    const view = await this.calendars.view(ctx, countyCode);
    return CountyCalendarType.from(view, view.missingYears);
  }

  @Query(() => Date, { description: 'When `workingMinutes` of working time after `from` have passed in this county' })
  async workingDeadline(
    @Arg('countyCode', () => ID) countyCode: string,
    @Arg('from') from: Date,
    @Arg('workingMinutes', () => Int) workingMinutes: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Date> {
    const view = await this.calendars.view(ctx, countyCode);
    try {
      return view.calendar.addWorkingTime(from, workingMinutes);
    } catch (err) {
      calendarToDomain(err);
    }
  }

  @Mutation(() => CountyCalendarType, { description: "County officers load a year's official holiday schedule" })
  async loadCalendarYear(@Arg('input') input: LoadCalendarYearInput, @Ctx() ctx: RequestContext): Promise<CountyCalendarType> {
    const { countyCode, source, ...rest } = input;
    const c = await this.calendars.loadYear(ctx, countyCode, { ...rest, ...(source ? { source } : {}) });
    return CountyCalendarType.from(c, this.calendars.missingYears(c.calendar));
  }

  @Mutation(() => CountyCalendarType)
  async updateCountyIssueSettings(@Arg('input') input: CountyIssueSettingsInput, @Ctx() ctx: RequestContext): Promise<CountyCalendarType> {
    const { countyCode, ...changes } = input;
    const c = await this.calendars.updateSettings(ctx, countyCode, changes);
    return CountyCalendarType.from(c, this.calendars.missingYears(c.calendar));
  }
}

import {
  CalendarError,
  DEFAULT_TIME_ZONE,
  DEFAULT_WORKING_HOURS,
  mergeSchedules,
  OFFICIAL_SCHEDULES,
  validateYearSchedule,
  WorkingCalendar,
  type YearSchedule,
} from '@gongzhi/calendar';
import {
  BadInputError,
  DomainError,
  ForbiddenError,
  isWithinRegion,
  requireUser,
  VILLAGE_STAFF,
  normalizeRegionCode,
  regionLevel,
  RegionLevel,
  requireRoleOver,
  Role,
  type RequestContext,
} from '@gongzhi/subgraph-kit';
import type { Clock } from '../clock';
import type { IssuesRepositories } from '../repositories';
import type { CalendarYearEntity, CountySettingsEntity } from './calendar.entity';

const COUNTY_OFFICERS = [Role.COUNTY_OFFICER, Role.CITY_OFFICER];
const CACHE_MS = 10_000;

export interface CountySettings {
  countyCode: string;
  workStart: string;
  workEnd: string;
  timeZone: string;
  weekendsOnlyFallback: boolean;
  responseSlaSeconds: number;
  reminderPercents: number[];
  rateReminderSeconds: number;
  autoCloseSeconds: number;
}

export const DEFAULT_SETTINGS: Omit<CountySettings, 'countyCode'> = {
  workStart: DEFAULT_WORKING_HOURS.start,
  workEnd: DEFAULT_WORKING_HOURS.end,
  timeZone: DEFAULT_TIME_ZONE,
  weekendsOnlyFallback: false,
  responseSlaSeconds: 2 * 8 * 3600,
  reminderPercents: [50, 90],
  rateReminderSeconds: 2 * 8 * 3600,
  autoCloseSeconds: 5 * 8 * 3600,
};

export interface CountyCalendar {
  settings: CountySettings;
  calendar: WorkingCalendar;
  /** Official schedules shipped with the platform and the county's loaded ones (loaded win). */
  schedules: Array<YearSchedule & { loaded: boolean }>;
}

/** A calendar failure as a domain error, so its code (SLA_CALENDAR_MISSING…) reaches the client. */
export function calendarToDomain(err: unknown): never {
  if (err instanceof CalendarError) throw new DomainError(err.code, err.message, err.details);
  throw err;
}

export function countyCodeOf(regionCode: string): string {
  return regionCode.slice(0, 6);
}

export class CalendarService {
  private readonly cache = new Map<string, { at: number; value: CountyCalendar }>();

  constructor(
    private readonly repos: IssuesRepositories,
    private readonly clock: Clock,
  ) {}

  async forCounty(countyCode: string): Promise<CountyCalendar> {
    const hit = this.cache.get(countyCode);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const [row, years] = await Promise.all([this.repos.calendar.settings(countyCode), this.repos.calendar.years(countyCode)]);
    const settings = row ? fromRow(row) : { countyCode, ...DEFAULT_SETTINGS };
    const loaded = years.map(toSchedule);
    const merged = mergeSchedules(OFFICIAL_SCHEDULES, loaded);
    let calendar: WorkingCalendar;
    try {
      calendar = new WorkingCalendar({
        schedules: merged,
        workingHours: { start: settings.workStart, end: settings.workEnd },
        timeZone: settings.timeZone,
        weekendsOnlyFallback: settings.weekendsOnlyFallback,
      });
    } catch (err) {
      calendarToDomain(err);
    }
    const loadedYears = new Set(loaded.map((s) => s.year));
    const value = { settings, calendar, schedules: merged.map((s) => ({ ...s, loaded: loadedYears.has(s.year) })) };
    this.cache.set(countyCode, { at: Date.now(), value });
    return value;
  }

  /** Years around today without a schedule: flagged for officers, never guessed. */
  missingYears(calendar: WorkingCalendar): number[] {
    const year = this.clock.now().getUTCFullYear();
    return [year, year + 1].filter((y) => !calendar.hasSchedule(y));
  }

  async view(ctx: RequestContext, countyCode: string): Promise<CountyCalendar & { missingYears: number[] }> {
    const county = this.county(countyCode);
    const user = requireUser(ctx);
    const countyRegion = `${county}000000`;
    // Staff anywhere in the county (or above it) read the calendar their deadlines follow.
    const allowed = user.roles.some(
      (g) => g.role === Role.PLATFORM_ADMIN || (VILLAGE_STAFF.includes(g.role) && (isWithinRegion(g.region, countyRegion) || isWithinRegion(countyRegion, g.region))),
    );
    if (!allowed) throw new ForbiddenError('The calendar is for staff of this county');
    const value = await this.forCounty(county);
    return { ...value, missingYears: this.missingYears(value.calendar) };
  }

  async loadYear(ctx: RequestContext, countyCode: string, input: YearSchedule): Promise<CountyCalendar> {
    const county = this.county(countyCode);
    const user = requireRoleOver(ctx, `${county}000000`, COUNTY_OFFICERS);
    let schedule: YearSchedule;
    try {
      schedule = validateYearSchedule(input);
    } catch (err) {
      calendarToDomain(err);
    }
    await this.repos.calendar.saveYear({
      countyCode: county,
      year: schedule.year,
      holidays: [...schedule.holidays],
      makeUpWorkdays: [...schedule.makeUpWorkdays],
      source: schedule.source ?? null,
      loadedBy: user.userId,
      loadedAt: this.clock.now(),
    } satisfies CalendarYearEntity);
    this.cache.delete(county);
    return this.forCounty(county);
  }

  async updateSettings(ctx: RequestContext, countyCode: string, changes: Partial<Omit<CountySettings, 'countyCode'>>): Promise<CountyCalendar> {
    const county = this.county(countyCode);
    requireRoleOver(ctx, `${county}000000`, COUNTY_OFFICERS);
    return this.saveSettings(county, changes);
  }

  /** Also used by the demo seed and tests (no caller check). */
  async saveSettings(county: string, changes: Partial<Omit<CountySettings, 'countyCode'>>): Promise<CountyCalendar> {
    const current = (await this.forCounty(county)).settings;
    const next: CountySettings = { ...current, ...definedOnly(changes), countyCode: county };
    if (next.reminderPercents.some((p) => !Number.isInteger(p) || p <= 0 || p >= 100) || next.reminderPercents.length > 5) {
      throw new BadInputError('Reminder percentages are up to five whole numbers between 1 and 99');
    }
    if (next.autoCloseSeconds < next.rateReminderSeconds) {
      throw new BadInputError('An unrated result closes only after the villager has been asked to rate');
    }
    try {
      // Throws on bad hours or zone before anything is saved.
      new WorkingCalendar({ workingHours: { start: next.workStart, end: next.workEnd }, timeZone: next.timeZone });
    } catch (err) {
      calendarToDomain(err);
    }
    await this.repos.calendar.saveSettings({ ...next, updatedAt: this.clock.now() });
    this.cache.delete(county);
    return this.forCounty(county);
  }

  /** Test and seed helper: store a year without a caller check. */
  async saveYear(county: string, schedule: YearSchedule, loadedBy: string): Promise<void> {
    const s = validateYearSchedule(schedule);
    await this.repos.calendar.saveYear({
      countyCode: county,
      year: s.year,
      holidays: [...s.holidays],
      makeUpWorkdays: [...s.makeUpWorkdays],
      source: s.source ?? null,
      loadedBy,
      loadedAt: this.clock.now(),
    });
    this.cache.delete(county);
  }

  private county(code: string): string {
    const normalized = normalizeRegionCode(code);
    if (regionLevel(normalized) !== RegionLevel.COUNTY) throw new BadInputError('Calendars are set per county: give a 6-digit county code');
    return countyCodeOf(normalized);
  }
}

function fromRow(row: CountySettingsEntity): CountySettings {
  return {
    countyCode: row.countyCode,
    workStart: row.workStart,
    workEnd: row.workEnd,
    timeZone: row.timeZone,
    weekendsOnlyFallback: !!row.weekendsOnlyFallback,
    responseSlaSeconds: row.responseSlaSeconds,
    reminderPercents: row.reminderPercents,
    rateReminderSeconds: row.rateReminderSeconds,
    autoCloseSeconds: row.autoCloseSeconds,
  };
}

function toSchedule(row: CalendarYearEntity): YearSchedule {
  return { year: row.year, holidays: row.holidays, makeUpWorkdays: row.makeUpWorkdays, ...(row.source ? { source: row.source } : {}) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

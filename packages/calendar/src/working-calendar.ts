import { CalendarError, CalendarErrorCode } from './calendar-error';
import { daysInMonth, daysInYear, formatLocalDate, isWeekend, parseLocalDate } from './local-date';
import { OFFICIAL_SCHEDULES } from './schedules';
import { localTimeToUtc, validateTimeZone } from './time-zone';
import { validateYearSchedule, type YearSchedule } from './year-schedule';

/** Opening and closing time on the local wall clock, `HH:MM`; `end` may be `24:00`. */
export interface WorkingHours {
  start: string;
  end: string;
}

/** Working minutes, or a mix where one day is the length of the working hours (09:00–17:00 → 480 min). */
export type WorkingDuration = number | { days?: number; hours?: number; minutes?: number };

export interface WorkingCalendarOptions {
  /** Defaults to the shipped official schedules; pass `mergeSchedules(OFFICIAL_SCHEDULES, loaded)` to add a county's. */
  schedules?: readonly YearSchedule[];
  /** Defaults to 09:00–17:00. */
  workingHours?: WorkingHours;
  /** IANA zone; defaults to Asia/Shanghai. */
  timeZone?: string;
  /** When true, a year without a schedule counts Monday–Friday as working days instead of failing. */
  weekendsOnlyFallback?: boolean;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({ start: '09:00', end: '17:00' });
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const MINUTE_MS = 60_000;
// Beyond this range a date is a bug, not a deadline; it also bounds every loop over years.
const MIN_YEAR = 1970;
const MAX_YEAR = 2200;
// Ten years of round-the-clock minutes: far above any SLA, small enough to stop runaway input.
const MAX_DURATION_MINUTES = 10 * 366 * 1440;
const HH_MM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

// One local year laid out as arrays so every question is a binary search, never a day-by-day walk.
interface YearTable {
  year: number;
  start: number; // instant of local midnight, 1 January
  end: number; // instant of local midnight, 1 January of the next year
  dayStart: Float64Array;
  open: Float64Array;
  close: Float64Array;
  work: Float64Array; // working ms of the day; 0 on days off
  cum: Float64Array; // cum[i] = working ms of the year before day i; cum[n] = total
  total: number;
}

interface Position {
  table: YearTable;
  ms: number; // working ms elapsed in table.year before the instant
}

export class WorkingCalendar {
  readonly timeZone: string;
  readonly workingHours: WorkingHours;
  readonly weekendsOnlyFallback: boolean;
  /** Length of one working day in minutes, the unit of `{ days }`. */
  readonly workingDayMinutes: number;

  private readonly schedules = new Map<number, YearSchedule>();
  private readonly tables = new Map<number, YearTable>();
  private readonly yearStarts = new Map<number, number>();
  private readonly openMinute: number;
  private readonly closeMinute: number;
  private lastTable: YearTable | undefined;

  constructor(options: WorkingCalendarOptions = {}) {
    this.timeZone = validateTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE);
    const hours = options.workingHours ?? DEFAULT_WORKING_HOURS;
    this.openMinute = parseClock(hours?.start, 'start');
    this.closeMinute = parseClock(hours?.end, 'end');
    if (this.openMinute >= this.closeMinute) {
      throw new CalendarError(
        CalendarErrorCode.ConfigInvalid,
        `Working hours must open before they close (got ${hours.start}–${hours.end})`,
        { workingHours: hours },
      );
    }
    this.workingHours = Object.freeze({ start: hours.start, end: hours.end });
    this.workingDayMinutes = this.closeMinute - this.openMinute;
    this.weekendsOnlyFallback = options.weekendsOnlyFallback === true;
    for (const input of options.schedules ?? OFFICIAL_SCHEDULES) {
      const schedule = validateYearSchedule(input);
      if (this.schedules.has(schedule.year)) {
        throw new CalendarError(
          CalendarErrorCode.ConfigInvalid,
          `Two schedules were given for ${schedule.year}; merge them first (mergeSchedules keeps the last)`,
          { year: schedule.year },
        );
      }
      this.schedules.set(schedule.year, schedule);
    }
  }

  /** Years with an official schedule loaded (fallback years are not listed). */
  get scheduledYears(): number[] {
    return [...this.schedules.keys()].sort((a, b) => a - b);
  }

  hasSchedule(year: number): boolean {
    return this.schedules.has(year);
  }

  /** `date` is either a local `YYYY-MM-DD` or an instant, read in the calendar's zone. */
  isWorkingDay(date: string | Date): boolean {
    if (typeof date === 'string') {
      const parts = parseLocalDate(date);
      if (!parts) throw inputError(`"${date.slice(0, 40)}" is not a valid YYYY-MM-DD date`);
      const table = this.table(parts.year);
      return table.work[dayOfYear(parts.year, parts.month, parts.day)] > 0;
    }
    const t = instant(date, 'date');
    const table = this.tableAt(t);
    return table.work[dayIndex(table, t)] > 0;
  }

  /** Whether the instant falls inside working hours of a working day. */
  isWorkingTime(at: Date): boolean {
    const t = instant(at, 'at');
    const table = this.tableAt(t);
    const i = dayIndex(table, t);
    return table.work[i] > 0 && t >= table.open[i] && t < table.close[i];
  }

  /** The instant at which working time starts to count: `at` itself during working hours, else the next opening. */
  nextWorkingStart(at: Date): Date {
    let t = instant(at, 'at');
    let table = this.tableAt(t);
    let i = dayIndex(table, t);
    if (table.work[i] > 0 && t < table.close[i]) return new Date(Math.max(t, table.open[i]));
    for (;;) {
      i += 1;
      if (i >= table.work.length) {
        table = this.table(table.year + 1);
        i = 0;
      }
      if (table.work[i] > 0) return new Date(table.open[i]);
    }
  }

  /**
   * The earliest instant by which `duration` of working time has elapsed, counting from
   * `nextWorkingStart(start)`. A result may be the closing time of a day (never the next opening),
   * so "until the end of Tuesday" reads as Tuesday 17:00.
   */
  addWorkingTime(start: Date, duration: WorkingDuration): Date {
    const ms = this.durationMs(duration);
    if (ms === 0) return this.nextWorkingStart(start);
    let { table, ms: target } = this.position(instant(start, 'start'));
    target += ms;
    while (target > table.total) {
      target -= table.total;
      table = this.table(table.year + 1);
    }
    // Smallest k with cum[k] >= target; the deadline lies on day k - 1, which has work because cum rises there.
    const cum = table.cum;
    let lo = 1;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    const day = lo - 1;
    return new Date(table.open[day] + (target - cum[day]));
  }

  /** Working minutes from `from` to `to` (negative when `to` is earlier); may be fractional. */
  workingMinutesBetween(from: Date, to: Date): number {
    const a = instant(from, 'from');
    const b = instant(to, 'to');
    if (b < a) return -this.workingMinutesBetween(to, from);
    const pa = this.position(a);
    const pb = this.position(b);
    let ms = pb.ms - pa.ms;
    for (let year = pa.table.year; year < pb.table.year; year += 1) ms += this.table(year).total;
    return ms / MINUTE_MS;
  }

  private position(t: number): Position {
    const table = this.tableAt(t);
    const i = dayIndex(table, t);
    let ms: number;
    if (table.work[i] === 0 || t <= table.open[i]) ms = table.cum[i];
    else if (t >= table.close[i]) ms = table.cum[i + 1];
    else ms = table.cum[i] + (t - table.open[i]);
    return { table, ms };
  }

  private durationMs(duration: WorkingDuration): number {
    let minutes: number;
    if (typeof duration === 'number') {
      minutes = duration;
    } else if (typeof duration === 'object' && duration !== null) {
      const keys = Object.keys(duration);
      const unknown = keys.filter((k) => k !== 'days' && k !== 'hours' && k !== 'minutes');
      if (keys.length === 0 || unknown.length > 0) {
        throw inputError('A working duration is a number of minutes or { days, hours, minutes }', { duration });
      }
      const part = (v: unknown, name: string): number => {
        if (v === undefined) return 0;
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw inputError(`${name} must be a non-negative number`, { duration });
        return v;
      };
      minutes =
        part(duration.days, 'days') * this.workingDayMinutes + part(duration.hours, 'hours') * 60 + part(duration.minutes, 'minutes');
    } else {
      throw inputError('A working duration is a number of minutes or { days, hours, minutes }', { duration });
    }
    if (!Number.isFinite(minutes) || minutes < 0 || minutes > MAX_DURATION_MINUTES) {
      throw inputError(`A working duration must be between 0 and ${MAX_DURATION_MINUTES} minutes`, { duration });
    }
    return Math.round(minutes * MINUTE_MS);
  }

  private tableAt(t: number): YearTable {
    const last = this.lastTable;
    if (last && t >= last.start && t < last.end) return last;
    let year = new Date(t).getUTCFullYear();
    if (t < this.yearStart(year)) year -= 1;
    else if (t >= this.yearStart(year + 1)) year += 1;
    const table = this.table(year);
    this.lastTable = table;
    return table;
  }

  private yearStart(year: number): number {
    let start = this.yearStarts.get(year);
    if (start === undefined) {
      start = localTimeToUtc(this.timeZone, year, 1, 1, 0);
      this.yearStarts.set(year, start);
    }
    return start;
  }

  private table(year: number): YearTable {
    const cached = this.tables.get(year);
    if (cached) return cached;
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw inputError(`Year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`, { year });
    }
    const schedule = this.schedules.get(year);
    if (!schedule && !this.weekendsOnlyFallback) {
      throw new CalendarError(
        CalendarErrorCode.Missing,
        `No official holiday schedule is loaded for ${year}; load the State Council arrangement for ${year} ` +
          `or enable the weekends-only fallback for this county`,
        { year },
      );
    }
    const table = this.buildTable(year, schedule);
    this.tables.set(year, table);
    return table;
  }

  private buildTable(year: number, schedule: YearSchedule | undefined): YearTable {
    const holidays = new Set(schedule?.holidays ?? []);
    const makeUp = new Set(schedule?.makeUpWorkdays ?? []);
    const n = daysInYear(year);
    const dayStart = new Float64Array(n);
    const open = new Float64Array(n);
    const close = new Float64Array(n);
    const work = new Float64Array(n);
    const cum = new Float64Array(n + 1);
    let i = 0;
    for (let month = 1; month <= 12; month += 1) {
      for (let day = 1; day <= daysInMonth(year, month); day += 1, i += 1) {
        const date = formatLocalDate(year, month, day);
        const working = makeUp.has(date) || (!isWeekend(year, month, day) && !holidays.has(date));
        dayStart[i] = localTimeToUtc(this.timeZone, year, month, day, 0);
        open[i] = localTimeToUtc(this.timeZone, year, month, day, this.openMinute);
        close[i] = localTimeToUtc(this.timeZone, year, month, day, this.closeMinute);
        work[i] = working ? close[i] - open[i] : 0;
        cum[i + 1] = cum[i] + work[i];
      }
    }
    return {
      year,
      start: this.yearStart(year),
      end: this.yearStart(year + 1),
      dayStart,
      open,
      close,
      work,
      cum,
      total: cum[n],
    };
  }
}

function parseClock(value: unknown, field: 'start' | 'end'): number {
  const match = typeof value === 'string' ? HH_MM.exec(value) : null;
  if (!match) {
    throw new CalendarError(CalendarErrorCode.ConfigInvalid, `Working hours ${field} must be HH:MM (00:00–24:00)`, {
      [field]: value,
    });
  }
  return match[3] ? 1440 : Number(match[1]) * 60 + Number(match[2]);
}

function instant(value: Date, name: string): number {
  const t = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw inputError(`${name} must be a valid Date`);
  return t;
}

function inputError(message: string, details?: Record<string, unknown>): CalendarError {
  return new CalendarError(CalendarErrorCode.InputInvalid, message, details);
}

function dayOfYear(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000;
}

// Largest i with dayStart[i] <= t; t is known to lie inside the table's year.
function dayIndex(table: YearTable, t: number): number {
  const starts = table.dayStart;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

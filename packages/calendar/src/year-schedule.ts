import { CalendarError, CalendarErrorCode } from './calendar-error';
import { isWeekend, parseLocalDate } from './local-date';

/**
 * One year of the official arrangement. `holidays` are the days off of each holiday period
 * (weekend days inside a period may be listed too); `makeUpWorkdays` are the weekend days
 * that are worked instead (调休上班).
 */
export interface YearSchedule {
  year: number;
  holidays: readonly string[];
  makeUpWorkdays: readonly string[];
  /** Where the dates come from, e.g. the State Council notice; kept for audit. */
  source?: string;
}

export interface ScheduleProblem {
  path: string;
  message: string;
}

// Wide enough for any real schedule, narrow enough to catch a typo such as 20266.
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MAX_DATES = 366;
const MAX_SOURCE_LENGTH = 500;

/**
 * Lists every problem of a schedule that arrived from outside (API, database), so an officer
 * sees all mistakes at once. An empty list means `validateYearSchedule` will accept it.
 */
export function checkYearSchedule(input: unknown): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ path: '', message: 'must be an object with year, holidays and makeUpWorkdays' }];
  }
  const raw = input as Record<string, unknown>;
  const year = raw.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
  if (!yearOk) problems.push({ path: 'year', message: `must be an integer from ${MIN_YEAR} to ${MAX_YEAR}` });

  if (raw.source !== undefined && (typeof raw.source !== 'string' || raw.source.length > MAX_SOURCE_LENGTH)) {
    problems.push({ path: 'source', message: `must be a string of at most ${MAX_SOURCE_LENGTH} characters` });
  }

  const seen = new Map<string, string>();
  for (const field of ['holidays', 'makeUpWorkdays'] as const) {
    const list = raw[field];
    if (!Array.isArray(list)) {
      problems.push({ path: field, message: 'must be an array of YYYY-MM-DD dates' });
      continue;
    }
    if (list.length > MAX_DATES) {
      problems.push({ path: field, message: `must hold at most ${MAX_DATES} dates` });
      continue;
    }
    list.forEach((value: unknown, index) => {
      const path = `${field}[${index}]`;
      const parts = typeof value === 'string' ? parseLocalDate(value) : undefined;
      if (!parts) {
        problems.push({ path, message: `${describe(value)} is not a valid YYYY-MM-DD date` });
        return;
      }
      const date = value as string;
      if (yearOk && parts.year !== year) {
        problems.push({ path, message: `${date} is not in ${year}` });
      }
      if (field === 'makeUpWorkdays' && !isWeekend(parts.year, parts.month, parts.day)) {
        problems.push({ path, message: `${date} is not a Saturday or Sunday, so it cannot be a make-up working day` });
      }
      const previous = seen.get(date);
      if (previous === field) {
        problems.push({ path, message: `${date} is listed twice` });
      } else if (previous) {
        problems.push({ path, message: `${date} cannot be both a holiday and a make-up working day` });
      } else {
        seen.set(date, field);
      }
    });
  }
  return problems;
}

/** Returns a sorted, frozen copy, or throws SLA_CALENDAR_INVALID with every problem in `details`. */
export function validateYearSchedule(input: unknown): YearSchedule {
  const problems = checkYearSchedule(input);
  if (problems.length > 0) {
    const raw = input as { year?: unknown } | null;
    const label = typeof raw?.year === 'number' ? `The ${raw.year} schedule` : 'The schedule';
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new CalendarError(
      CalendarErrorCode.Invalid,
      `${label} is invalid: ${first.path ? `${first.path}: ` : ''}${first.message}${more}`,
      { problems },
    );
  }
  const schedule = input as YearSchedule;
  return Object.freeze({
    year: schedule.year,
    holidays: Object.freeze([...schedule.holidays].sort()),
    makeUpWorkdays: Object.freeze([...schedule.makeUpWorkdays].sort()),
    ...(schedule.source !== undefined ? { source: schedule.source } : {}),
  });
}

/** Later schedules replace earlier ones of the same year, e.g. official defaults overridden by a county's loaded copy. */
export function mergeSchedules(...lists: ReadonlyArray<readonly YearSchedule[]>): YearSchedule[] {
  const byYear = new Map<number, YearSchedule>();
  for (const list of lists) for (const schedule of list) byYear.set(schedule.year, schedule);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}

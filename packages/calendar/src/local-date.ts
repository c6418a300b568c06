// Calendar dates as plain `YYYY-MM-DD` strings: they name a day in the county's own zone,
// never an instant, so they must not go through `Date` parsing (which would read them as UTC).

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
}

/** Parses a real calendar date (rejects 2026-02-30); returns undefined when it is not one. */
export function parseLocalDate(value: string): LocalDateParts | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function formatLocalDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** 0 = Sunday … 6 = Saturday; proleptic Gregorian, independent of any zone. */
export function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isWeekend(year: number, month: number, day: number): boolean {
  const dow = dayOfWeek(year, month, day);
  return dow === 0 || dow === 6;
}

/** Months, years and weeks are counted in China Standard Time (UTC+8, no daylight saving). */
const CST_OFFSET_MS = 8 * 3600_000;

export function monthKey(at: Date): number {
  const d = new Date(at.getTime() + CST_OFFSET_MS);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}

export function yearKey(at: Date): number {
  return new Date(at.getTime() + CST_OFFSET_MS).getUTCFullYear();
}

/** [start, end) of a month given as 202611. */
export function monthRange(month: number): [Date, Date] {
  const y = Math.floor(month / 100);
  const m = month % 100;
  return [new Date(Date.UTC(y, m - 1, 1) - CST_OFFSET_MS), new Date(Date.UTC(y, m, 1) - CST_OFFSET_MS)];
}

export function yearRange(year: number): [Date, Date] {
  return [new Date(Date.UTC(year, 0, 1) - CST_OFFSET_MS), new Date(Date.UTC(year + 1, 0, 1) - CST_OFFSET_MS)];
}

/** Monday 00:00 CST of the week containing `at`, and the next Monday. */
export function weekRange(at: Date): [Date, Date] {
  const local = new Date(at.getTime() + CST_OFFSET_MS);
  const dow = (local.getUTCDay() + 6) % 7;
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dow) - CST_OFFSET_MS;
  return [new Date(start), new Date(start + 7 * 86400_000)];
}

export function isValidMonth(month: number): boolean {
  const m = month % 100;
  return Number.isInteger(month) && month >= 200001 && month <= 299912 && m >= 1 && m <= 12;
}

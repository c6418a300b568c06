import { BadInputError } from './errors';

/**
 * Administrative codes (GB/T 2260 + statistical village codes): 12 digits down to village,
 * 15 for a grid (village code + 3). A code's level is read from which digits are non-zero,
 * so scope checks need no lookup: a place is inside a region when it starts with the region's
 * significant prefix.
 */
export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
  GRID = 'GRID',
}

const PREFIX_LENGTH: Record<RegionLevel, number> = {
  PROVINCE: 2,
  CITY: 4,
  COUNTY: 6,
  TOWNSHIP: 9,
  VILLAGE: 12,
  GRID: 15,
};

const LEVELS_TOP_DOWN: RegionLevel[] = [
  RegionLevel.PROVINCE,
  RegionLevel.CITY,
  RegionLevel.COUNTY,
  RegionLevel.TOWNSHIP,
  RegionLevel.VILLAGE,
  RegionLevel.GRID,
];

/** Accepts 6-, 9-, 12- or 15-digit codes; shorter ones are padded to 12 digits. */
export function normalizeRegionCode(code: string): string {
  const trimmed = code.trim();
  if (!/^(\d{6}|\d{9}|\d{12}|\d{15})$/.test(trimmed)) {
    throw new BadInputError('A region code must have 6, 9, 12 or 15 digits');
  }
  const padded = trimmed.length < 12 ? trimmed.padEnd(12, '0') : trimmed;
  if (padded.slice(0, 2) === '00') throw new BadInputError('A region code must start with a province');
  return padded;
}

export function isRegionCode(code: string): boolean {
  return /^(\d{12}|\d{15})$/.test(code) && code.slice(0, 2) !== '00';
}

export function regionLevel(code: string): RegionLevel {
  if (code.length === 15) return RegionLevel.GRID;
  if (code.slice(9, 12) !== '000') return RegionLevel.VILLAGE;
  if (code.slice(6, 9) !== '000') return RegionLevel.TOWNSHIP;
  if (code.slice(4, 6) !== '00') return RegionLevel.COUNTY;
  if (code.slice(2, 4) !== '00') return RegionLevel.CITY;
  return RegionLevel.PROVINCE;
}

export function regionPrefix(code: string): string {
  return code.slice(0, PREFIX_LENGTH[regionLevel(code)]);
}

/** True when `code` is `scope` itself or lies below it. */
export function isWithinRegion(code: string, scope: string): boolean {
  return code.startsWith(regionPrefix(scope));
}

/** Codes of every enclosing region, nearest last (province first). */
export function ancestorCodes(code: string): string[] {
  const level = regionLevel(code);
  const out: string[] = [];
  for (const candidate of LEVELS_TOP_DOWN) {
    if (candidate === level) break;
    const prefix = code.slice(0, PREFIX_LENGTH[candidate]);
    const ancestor = prefix.padEnd(12, '0');
    if (ancestor !== code && (candidate !== RegionLevel.CITY || prefix.slice(2, 4) !== '00')) out.push(ancestor);
  }
  return out;
}

/** The county a code belongs to (6 digits); queue prefixes and calendars are per county. */
export function countyOf(code: string): string {
  return code.slice(0, 6);
}

export function levelRank(level: RegionLevel): number {
  return LEVELS_TOP_DOWN.indexOf(level);
}

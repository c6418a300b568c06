import { CalendarError, CalendarErrorCode } from './calendar-error';

// Intl is the only zone database we rely on; formatters are costly to build, so one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Returns the canonical IANA name (e.g. "asia/shanghai" → "Asia/Shanghai") or throws. */
export function validateTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) {
    throw new CalendarError(CalendarErrorCode.ConfigInvalid, 'The time zone must be an IANA name such as Asia/Shanghai', {
      timeZone,
    });
  }
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    throw new CalendarError(CalendarErrorCode.ConfigInvalid, `Unknown time zone "${timeZone}"; use an IANA name such as Asia/Shanghai`, {
      timeZone,
    });
  }
}

/** Offset of the zone from UTC at the given instant, in milliseconds (Shanghai: +8 h). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(utcMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  // formatToParts drops milliseconds; compare whole seconds only.
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which the zone's wall clock shows the given local date and minute of day
 * (minuteOfDay may be 1440 for "24:00"). In a DST gap this lands just after the gap.
 */
export function localTimeToUtc(timeZone: string, year: number, month: number, day: number, minuteOfDay: number): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // Two passes settle the offset even when the first guess falls on the other side of a transition.
  let utc = wall - zoneOffsetMs(timeZone, wall);
  utc = wall - zoneOffsetMs(timeZone, utc);
  return utc;
}

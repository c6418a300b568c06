import type { WorkingCalendar } from '@gongzhi/calendar';

/** Reminder kinds; with the issue id they form the unique key that makes each happen once. */
export const SlaKind = {
  reminder: (percent: number) => `REMIND_${percent}`,
  OVERDUE: 'OVERDUE',
  RATE_REMINDER: 'RATE_REMINDER',
  AUTO_CLOSE: 'AUTO_CLOSE',
} as const;

export const RESPONSE_KINDS_PREFIX = 'REMIND_';

export interface PlannedReminder {
  kind: string;
  fireAt: Date;
}

export interface ResponsePlan {
  dueAt: Date;
  reminders: PlannedReminder[];
}

/**
 * Pure: the first-response deadline and the reminders before it, all in working time. The
 * reminder at p% fires when p% of the working time has been used; OVERDUE fires at the deadline.
 * Throws SLA_CALENDAR_MISSING (from the calendar) when a year on the way has no schedule.
 */
export function planResponse(calendar: WorkingCalendar, raisedAt: Date, slaSeconds: number, percents: readonly number[]): ResponsePlan {
  const minutes = slaSeconds / 60;
  const dueAt = calendar.addWorkingTime(raisedAt, minutes);
  const reminders = [...new Set(percents)]
    .filter((p) => p > 0 && p < 100)
    .sort((a, b) => a - b)
    .map((p) => ({ kind: SlaKind.reminder(p), fireAt: calendar.addWorkingTime(raisedAt, (minutes * p) / 100) }));
  reminders.push({ kind: SlaKind.OVERDUE, fireAt: dueAt });
  return { dueAt, reminders };
}

/** After a result: ask the villager to rate, then close unrated. */
export function planRating(calendar: WorkingCalendar, settledAt: Date, rateReminderSeconds: number, autoCloseSeconds: number): PlannedReminder[] {
  return [
    { kind: SlaKind.RATE_REMINDER, fireAt: calendar.addWorkingTime(settledAt, rateReminderSeconds / 60) },
    { kind: SlaKind.AUTO_CLOSE, fireAt: calendar.addWorkingTime(settledAt, autoCloseSeconds / 60) },
  ];
}

/** Working minutes used to respond, rounded up so a response one second late never reads as on time. */
export function responseMinutes(calendar: WorkingCalendar, raisedAt: Date, respondedAt: Date): number {
  return Math.ceil(calendar.workingMinutesBetween(raisedAt, respondedAt) - 1e-9);
}

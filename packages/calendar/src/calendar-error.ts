// Same shape as subgraph-kit's DomainError (code, message, details) so a service can map it
// to `extensions.code` unchanged; this package stays free of workspace imports.
export const CalendarErrorCode = {
  /** A deadline or working-day question touched a year whose official schedule is not loaded. */
  Missing: 'SLA_CALENDAR_MISSING',
  /** A year schedule (typically loaded by an officer through the API) is malformed. */
  Invalid: 'SLA_CALENDAR_INVALID',
  /** Working hours, time zone or the set of schedules given to a calendar are unusable. */
  ConfigInvalid: 'SLA_CALENDAR_CONFIG_INVALID',
  /** A date, instant or duration passed to a calculation is unusable. */
  InputInvalid: 'SLA_CALENDAR_INPUT_INVALID',
} as const;

export type CalendarErrorCode = (typeof CalendarErrorCode)[keyof typeof CalendarErrorCode];

export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

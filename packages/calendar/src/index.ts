export { CalendarError, CalendarErrorCode } from './calendar-error';
export { OFFICIAL_SCHEDULES, SCHEDULE_2025, SCHEDULE_2026 } from './schedules';
export { validateTimeZone } from './time-zone';
export {
  DEFAULT_TIME_ZONE,
  DEFAULT_WORKING_HOURS,
  WorkingCalendar,
  type WorkingCalendarOptions,
  type WorkingDuration,
  type WorkingHours,
} from './working-calendar';
export {
  checkYearSchedule,
  mergeSchedules,
  validateYearSchedule,
  type ScheduleProblem,
  type YearSchedule,
} from './year-schedule';

import type { YearSchedule } from '../year-schedule';
import { SCHEDULE_2025 } from './2025';
import { SCHEDULE_2026 } from './2026';

export { SCHEDULE_2025, SCHEDULE_2026 };

// Add a year only from the published State Council notice; an unpublished year must stay
// missing so deadlines in it are flagged (SLA_CALENDAR_MISSING) rather than guessed.
export const OFFICIAL_SCHEDULES: readonly YearSchedule[] = Object.freeze([SCHEDULE_2025, SCHEDULE_2026]);

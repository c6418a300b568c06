import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('county_settings')
export class CountySettingsEntity {
  @PrimaryColumn({ name: 'county_code', type: 'char', length: 6 })
  countyCode: string;

  @Column({ name: 'work_start', type: 'char', length: 5 })
  workStart: string;

  @Column({ name: 'work_end', type: 'char', length: 5 })
  workEnd: string;

  @Column({ name: 'time_zone', type: 'varchar', length: 40 })
  timeZone: string;

  /** Explicit opt-in: a year without a schedule counts Monday–Friday instead of failing. */
  @Column({ name: 'weekends_only_fallback', type: 'boolean' })
  weekendsOnlyFallback: boolean;

  /** First-response deadline in working seconds (two working days of 8 h = 57,600). */
  @Column({ name: 'response_sla_seconds', type: 'int' })
  responseSlaSeconds: number;

  /** Percentages of the response time at which handlers are reminded, e.g. [50, 90]. */
  @Column({ name: 'reminder_percents', type: 'json' })
  reminderPercents: number[];

  /** Working seconds after a result before the villager is asked to rate, and before it closes unrated. */
  @Column({ name: 'rate_reminder_seconds', type: 'int' })
  rateReminderSeconds: number;

  @Column({ name: 'auto_close_seconds', type: 'int' })
  autoCloseSeconds: number;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('calendar_year')
export class CalendarYearEntity {
  @PrimaryColumn({ name: 'county_code', type: 'char', length: 6 })
  countyCode: string;

  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ type: 'json' })
  holidays: string[];

  @Column({ name: 'make_up_workdays', type: 'json' })
  makeUpWorkdays: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  source: string | null;

  @Column({ name: 'loaded_by', type: 'char', length: 36 })
  loadedBy: string;

  @Column({ name: 'loaded_at', type: 'datetime', precision: 3 })
  loadedAt: Date;
}

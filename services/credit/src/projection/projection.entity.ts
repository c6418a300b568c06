import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('processed_event')
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 64 }) eventId: string;
  @Column({ type: 'varchar', length: 100 }) topic: string;
  @Column({ name: 'processed_at', type: 'datetime', precision: 3 }) processedAt: Date;
}

@Entity('household_facts')
export class HouseholdFactsEntity {
  @PrimaryColumn({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @Column({ name: 'village_code', type: 'varchar', length: 15 }) villageCode: string;
  @Column({ name: 'township_code', type: 'varchar', length: 15 }) townshipCode: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode: string;
  @Column({ name: 'lifetime_points', type: 'int' }) lifetimePoints: number;
  @Column({ type: 'int' }) honours: number;
  @Column({ name: 'applications_approved', type: 'int' }) applicationsApproved: number;
  @Column({ name: 'tasks_completed', type: 'int' }) tasksCompleted: number;
  @Column({ name: 'issues_raised', type: 'int' }) issuesRaised: number;
  @Column({ name: 'issues_rated', type: 'int' }) issuesRated: number;
  @Column({ name: 'loans_repaid', type: 'int' }) loansRepaid: number;
  @Column({ name: 'loans_defaulted', type: 'int' }) loansDefaulted: number;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

@Entity('points_entry')
export class PointsEntryEntity {
  @PrimaryColumn({ name: 'entry_id', type: 'varchar', length: 64 }) entryId: string;
  @Column({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @Column({ type: 'int' }) delta: number;
  @Column({ type: 'boolean' }) honour: boolean;
  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 }) occurredAt: Date;
}

@Entity('points_month')
export class PointsMonthEntity {
  @PrimaryColumn({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @PrimaryColumn({ type: 'char', length: 6 }) month: string;
  @Column({ name: 'delta_sum', type: 'int' }) deltaSum: number;
}

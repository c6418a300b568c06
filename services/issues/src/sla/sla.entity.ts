import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per (issue, kind): the reminder happens when this row flips PENDING → FIRED, once. */
@Entity('sla_reminder')
export class SlaReminderEntity {
  @PrimaryColumn({ name: 'issue_id', type: 'char', length: 36 })
  issueId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ name: 'county_code', type: 'char', length: 6 })
  countyCode: string;

  @Column({ name: 'fire_at', type: 'datetime', precision: 3 })
  fireAt: Date;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  @Column({ name: 'fired_at', type: 'datetime', precision: 3, nullable: true })
  firedAt: Date | null;
}

@Entity('issue_escalation')
export class IssueEscalationEntity {
  @PrimaryColumn({ name: 'issue_id', type: 'char', length: 36 })
  issueId: string;

  @Column({ name: 'township_code', type: 'varchar', length: 12 })
  townshipCode: string;

  @Column({ name: 'village_code', type: 'varchar', length: 12 })
  villageCode: string;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ name: 'escalated_at', type: 'datetime', precision: 3 })
  escalatedAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('issue')
export class IssueEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'village_code', type: 'varchar', length: 12 })
  villageCode: string;

  @Column({ name: 'county_code', type: 'char', length: 6 })
  countyCode: string;

  @Column({ name: 'raiser_user_id', type: 'char', length: 36 })
  raiserUserId: string;

  /** The raiser's own key for this issue, so a retried raiseIssue returns it instead of a second one. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'household_id', type: 'char', length: 36, nullable: true })
  householdId: string | null;

  @Column({ type: 'varchar', length: 20 })
  category: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'photo_urls', type: 'json' })
  photoUrls: string[];

  @Column({ name: 'is_public', type: 'boolean' })
  isPublic: boolean;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ name: 'reopen_count', type: 'tinyint' })
  reopenCount: number;

  @Column({ name: 'raised_at', type: 'datetime', precision: 3 })
  raisedAt: Date;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ name: 'first_response_at', type: 'datetime', precision: 3, nullable: true })
  firstResponseAt: Date | null;

  @Column({ name: 'first_responder_id', type: 'char', length: 36, nullable: true })
  firstResponderId: string | null;

  /** Working minutes from raising to the first response, rounded up. */
  @Column({ name: 'response_working_minutes', type: 'int', nullable: true })
  responseWorkingMinutes: number | null;

  @Column({ name: 'responded_on_time', type: 'boolean', nullable: true })
  respondedOnTime: boolean | null;

  @Column({ name: 'overdue_at', type: 'datetime', precision: 3, nullable: true })
  overdueAt: Date | null;

  @Column({ name: 'outcome', type: 'varchar', length: 20, nullable: true })
  outcome: string | null;

  @Column({ name: 'settled_at', type: 'datetime', precision: 3, nullable: true })
  settledAt: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'tinyint', nullable: true })
  rating: number | null;

  @Column({ name: 'rating_comment', type: 'varchar', length: 500, nullable: true })
  ratingComment: string | null;
}

@Entity('issue_event')
export class IssueEventEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'issue_id', type: 'char', length: 36 })
  issueId: string;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ name: 'actor_user_id', type: 'char', length: 36, nullable: true })
  actorUserId: string | null;

  @Column({ name: 'from_status', type: 'varchar', length: 20, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 20, nullable: true })
  toStatus: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt: Date;
}

@Entity('issue_party')
export class IssuePartyEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'issue_id', type: 'char', length: 36 })
  issueId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'region_code', type: 'varchar', length: 12 })
  regionCode: string;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'text', nullable: true })
  report: string | null;

  @Column({ name: 'assigned_at', type: 'datetime', precision: 3 })
  assignedAt: Date;

  @Column({ name: 'reported_at', type: 'datetime', precision: 3, nullable: true })
  reportedAt: Date | null;
}

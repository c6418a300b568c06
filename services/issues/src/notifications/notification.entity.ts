import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An inbox entry: to one person, or to the staff of a region (village for reminders, township for escalations). */
@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'issue_id', type: 'char', length: 36 })
  issueId: string;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ name: 'recipient_user_id', type: 'char', length: 36, nullable: true })
  recipientUserId: string | null;

  @Column({ name: 'audience_region', type: 'varchar', length: 12, nullable: true })
  audienceRegion: string | null;

  @Column({ type: 'varchar', length: 200 })
  message: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

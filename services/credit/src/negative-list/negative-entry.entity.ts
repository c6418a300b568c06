import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('negative_entry')
export class NegativeEntryEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @Column({ name: 'village_code', type: 'varchar', length: 15 }) villageCode: string;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ type: 'varchar', length: 200 }) source: string;
  @Column({ type: 'varchar', length: 500 }) reason: string;
  @Column({ name: 'starts_on', type: 'date' }) startsOn: string;
  @Column({ name: 'expires_on', type: 'date', nullable: true }) expiresOn: string | null;
  @Column({ name: 'created_by', type: 'varchar', length: 64 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'removed_at', type: 'datetime', precision: 3, nullable: true }) removedAt: Date | null;
  @Column({ name: 'removed_by', type: 'varchar', length: 64, nullable: true }) removedBy: string | null;
  @Column({ name: 'removal_reason', type: 'varchar', length: 500, nullable: true }) removalReason: string | null;
}

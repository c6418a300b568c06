import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('credit_review')
export class CreditReviewEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @Column({ name: 'village_code', type: 'varchar', length: 15 }) villageCode: string;
  @Column({ name: 'requested_by', type: 'char', length: 36 }) requestedBy: string;
  @Column({ type: 'varchar', length: 1000 }) reason: string;
  @Column({ type: 'varchar', length: 16 }) status: 'OPEN' | 'RESOLVED';
  @Column({ type: 'varchar', length: 16, nullable: true }) outcome: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) resolution: string | null;
  @Column({ name: 'reviewer_id', type: 'char', length: 36, nullable: true }) reviewerId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'resolved_at', type: 'datetime', precision: 3, nullable: true }) resolvedAt: Date | null;
}

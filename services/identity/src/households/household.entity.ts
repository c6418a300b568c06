import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('household')
export class HouseholdEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'village_code', type: 'varchar', length: 15 })
  villageCode: string;

  @Column({ name: 'head_user_id', type: 'char', length: 36 })
  headUserId: string;

  /** SHA-256 of the current QR token (户码); the token itself is shown once. */
  @Column({ name: 'qr_token_hash', type: 'char', length: 64, nullable: true })
  qrTokenHash: string | null;

  @Column({ name: 'qr_token_rotated_at', type: 'datetime', precision: 3, nullable: true })
  qrTokenRotatedAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

@Entity('household_member')
export class HouseholdMemberEntity {
  /** A person belongs to at most one household. */
  @PrimaryColumn({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @Column({ name: 'household_id', type: 'char', length: 36 })
  householdId: string;

  @Column({ type: 'varchar', length: 20 })
  relation: string;

  @Column({ name: 'joined_at', type: 'datetime', precision: 3 })
  joinedAt: Date;
}

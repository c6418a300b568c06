import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 强村惠民卡: tiers by household points, offered by the merchants and hospitals that join. */
@Entity('benefit_program')
export class BenefitProgramEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Households within this region are covered. */
  @Column({ name: 'region_code', type: 'varchar', length: 15 })
  regionCode: string;

  @Column({ name: 'created_by', type: 'char', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

@Entity('benefit_tier')
export class BenefitTierEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'program_id', type: 'char', length: 36 })
  programId: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ name: 'min_points', type: 'int' })
  minPoints: number;

  /** Whole percent off, e.g. 5 for 5%. */
  @Column({ name: 'discount_percent', type: 'int' })
  discountPercent: number;

  @Column({ type: 'varchar', length: 200 })
  description: string;
}

@Entity('benefit_member')
export class BenefitMemberEntity {
  @PrimaryColumn({ name: 'program_id', type: 'char', length: 36 })
  programId: string;

  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'joined_at', type: 'datetime', precision: 3 })
  joinedAt: Date;
}

/** One row per scan: who checked, which household, what tier came back. */
@Entity('benefit_check')
export class BenefitCheckEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'program_id', type: 'char', length: 36, nullable: true })
  programId: string | null;

  @Column({ name: 'household_id', type: 'char', length: 36, nullable: true })
  householdId: string | null;

  @Column({ name: 'tier_id', type: 'char', length: 36, nullable: true })
  tierId: string | null;

  @Column({ type: 'varchar', length: 30 })
  outcome: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

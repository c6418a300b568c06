import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('loan_product')
export class LoanProductEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'bank_client_id', type: 'varchar', length: 64 }) bankClientId: string;
  @Column({ name: 'bank_name', type: 'varchar', length: 100 }) bankName: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'region_code', type: 'varchar', length: 15 }) regionCode: string;
  @Column({ name: 'base_rate_bp', type: 'int' }) baseRateBp: number;
  @Column({ name: 'reduction_bp_per_100_points', type: 'int' }) reductionBpPer100Points: number;
  @Column({ name: 'floor_rate_bp', type: 'int' }) floorRateBp: number;
  @Column({ name: 'max_amount_fen_by_grade', type: 'json' }) maxAmountFenByGrade: Record<'A' | 'B' | 'C' | 'D', number>;
  @Column({ name: 'top_share_permille', type: 'int', nullable: true }) topSharePermille: number | null;
  @Column({ name: 'top_rate_bp', type: 'int', nullable: true }) topRateBp: number | null;
  @Column({ name: 'top_max_amount_fen', type: 'bigint', nullable: true }) topMaxAmountFen: number | null;
  @Column({ name: 'term_months', type: 'int' }) termMonths: number;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

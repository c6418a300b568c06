import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('credit_consent')
export class ConsentEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @Column({ name: 'granted_by', type: 'char', length: 36 }) grantedBy: string;
  @Column({ name: 'bank_client_id', type: 'varchar', length: 64 }) bankClientId: string;
  @Column({ name: 'bank_name', type: 'varchar', length: 100 }) bankName: string;
  @Column({ type: 'varchar', length: 200 }) purpose: string;
  @Column({ name: 'data_shared', type: 'json' }) dataShared: string[];
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 }) expiresAt: Date;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true }) revokedAt: Date | null;
}

export type ApplicationStatus = 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'DISBURSED' | 'REPAID' | 'DEFAULTED';

@Entity('loan_application')
export class LoanApplicationEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @Column({ name: 'village_code', type: 'varchar', length: 15 }) villageCode: string;
  @Column({ name: 'product_id', type: 'char', length: 36 }) productId: string;
  @Column({ name: 'bank_client_id', type: 'varchar', length: 64 }) bankClientId: string;
  @Column({ name: 'consent_id', type: 'char', length: 36 }) consentId: string;
  @Column({ name: 'applicant_id', type: 'char', length: 36 }) applicantId: string;
  /** The applicant's own key, so a retried applyForLoan returns this application instead of a second one. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100, nullable: true }) idempotencyKey: string | null;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen: number;
  @Column({ name: 'term_months', type: 'int' }) termMonths: number;
  @Column({ name: 'quoted_rate_bp', type: 'int' }) quotedRateBp: number;
  @Column({ name: 'quoted_limit_fen', type: 'bigint' }) quotedLimitFen: number;
  @Column({ type: 'varchar', length: 16 }) status: ApplicationStatus;
  @Column({ name: 'decision_note', type: 'varchar', length: 500, nullable: true }) decisionNote: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A villager's retried applyForLoan (a weak signal, a double tap) finds the application already made, not a second one for the bank. */
export class LoanIdempotency1763900000002 implements MigrationInterface {
  name = 'LoanIdempotency1763900000002';

  async up(q: QueryRunner): Promise<void> {
    // NULL keys (callers that send none) never collide.
    await q.query('ALTER TABLE loan_application ADD COLUMN idempotency_key VARCHAR(100) NULL, ADD UNIQUE KEY uq_application_applicant_key (applicant_id, idempotency_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE loan_application DROP INDEX uq_application_applicant_key, DROP COLUMN idempotency_key');
  }
}

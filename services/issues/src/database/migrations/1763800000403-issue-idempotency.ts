import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A villager's retry of raiseIssue (a weak mobile signal, a double tap) finds the issue it already raised. */
export class IssueIdempotency1763800000403 implements MigrationInterface {
  name = 'IssueIdempotency1763800000403';

  async up(q: QueryRunner): Promise<void> {
    // NULL keys (callers that send none) never collide.
    await q.query(`ALTER TABLE issue ADD COLUMN idempotency_key VARCHAR(100) NULL, ADD UNIQUE KEY uq_issue_raiser_key (raiser_user_id, idempotency_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE issue DROP INDEX uq_issue_raiser_key, DROP COLUMN idempotency_key');
  }
}

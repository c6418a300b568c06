import type { MigrationInterface, QueryRunner } from 'typeorm';

const ASCII = 'CHARACTER SET ascii COLLATE ascii_general_ci';
const HASH = 'CHARACTER SET ascii COLLATE ascii_bin';
const UNICODE = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

/**
 * Ids, region codes, item codes and hashes of the two tables every posting writes become ASCII.
 * Under utf8mb4_unicode_ci every index comparison ran the Unicode collation and every key took up
 * to four bytes a character; a 1,000-household posting's lock, cap check and balance upsert took
 * about a fifth longer for it (measured with bench/points.ts). Ids stay case-insensitive, as before.
 * Idempotency keys are the client's own text: they stay utf8mb4, compared exactly.
 * The subgraph refuses non-ASCII ID arguments (idArgumentsPlugin), which MariaDB could not compare
 * with these columns.
 */
export class LedgerAsciiKeys1763900000002 implements MigrationInterface {
  name = 'LedgerAsciiKeys1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_entry
      MODIFY id CHAR(36) ${ASCII} NOT NULL,
      MODIFY household_id CHAR(36) ${ASCII} NOT NULL,
      MODIFY village_code CHAR(12) ${ASCII} NOT NULL,
      MODIFY item_id CHAR(36) ${ASCII} NULL,
      MODIFY item_code VARCHAR(40) ${ASCII} NULL,
      MODIFY idempotency_key VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      MODIFY prev_hash CHAR(64) ${HASH} NOT NULL,
      MODIFY hash CHAR(64) ${HASH} NOT NULL`);
    await q.query(`ALTER TABLE household_balance
      MODIFY household_id CHAR(36) ${ASCII} NOT NULL,
      MODIFY village_code CHAR(12) ${ASCII} NOT NULL,
      MODIFY township_code CHAR(12) ${ASCII} NOT NULL,
      MODIFY last_hash CHAR(64) ${HASH} NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE household_balance
      MODIFY household_id CHAR(36) ${UNICODE} NOT NULL,
      MODIFY village_code CHAR(12) ${UNICODE} NOT NULL,
      MODIFY township_code CHAR(12) ${UNICODE} NOT NULL,
      MODIFY last_hash CHAR(64) ${UNICODE} NOT NULL`);
    await q.query(`ALTER TABLE ledger_entry
      MODIFY id CHAR(36) ${UNICODE} NOT NULL,
      MODIFY household_id CHAR(36) ${UNICODE} NOT NULL,
      MODIFY village_code CHAR(12) ${UNICODE} NOT NULL,
      MODIFY item_id CHAR(36) ${UNICODE} NULL,
      MODIFY item_code VARCHAR(40) ${UNICODE} NULL,
      MODIFY idempotency_key VARCHAR(160) ${UNICODE} NOT NULL,
      MODIFY prev_hash CHAR(64) ${UNICODE} NOT NULL,
      MODIFY hash CHAR(64) ${UNICODE} NOT NULL`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const ASCII = 'CHARACTER SET ascii COLLATE ascii_general_ci';
const HASH = 'CHARACTER SET ascii COLLATE ascii_bin';
const UNICODE = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

/** [table, column, type and nullability, what it becomes] */
const COLUMNS: Array<[string, string, string, string]> = [
  ['ledger_entry', 'id', 'CHAR(36) NOT NULL', ASCII],
  ['ledger_entry', 'household_id', 'CHAR(36) NOT NULL', ASCII],
  ['ledger_entry', 'village_code', 'CHAR(12) NOT NULL', ASCII],
  ['ledger_entry', 'item_id', 'CHAR(36) NULL', ASCII],
  ['ledger_entry', 'item_code', 'VARCHAR(40) NULL', ASCII],
  ['ledger_entry', 'idempotency_key', 'VARCHAR(160) NOT NULL', 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin'],
  ['ledger_entry', 'prev_hash', 'CHAR(64) NOT NULL', HASH],
  ['ledger_entry', 'hash', 'CHAR(64) NOT NULL', HASH],
  ['household_balance', 'household_id', 'CHAR(36) NOT NULL', ASCII],
  ['household_balance', 'village_code', 'CHAR(12) NOT NULL', ASCII],
  ['household_balance', 'township_code', 'CHAR(12) NOT NULL', ASCII],
  ['household_balance', 'last_hash', 'CHAR(64) NOT NULL', HASH],
];

/** One ALTER TABLE per table (each rebuilds the table once), with every column in `charset`. */
async function modify(q: QueryRunner, charset: (target: string) => string): Promise<void> {
  for (const table of [...new Set(COLUMNS.map(([t]) => t))]) {
    const columns = COLUMNS.filter(([t]) => t === table).map(([, column, type, target]) => {
      const [base, ...nullability] = type.split(' ');
      return `MODIFY ${column} ${base} ${charset(target)} ${nullability.join(' ')}`;
    });
    await q.query(`ALTER TABLE ${table} ${columns.join(', ')}`);
  }
}

/**
 * Ids, region codes, item codes and hashes of the two tables every posting writes become ASCII.
 * Under utf8mb4_unicode_ci every index comparison ran the Unicode collation and every key took up
 * to four bytes a character; a 1,000-household posting's lock, cap check and balance upsert took
 * about a fifth longer for it (measured with bench/points.ts). Ids stay case-insensitive, as before.
 * Idempotency keys are the client's own text: they stay utf8mb4, compared exactly.
 * The subgraph refuses non-ASCII ID arguments (idArgumentsPlugin), which MariaDB could not compare
 * with these columns. Each ALTER rebuilds its table: on a county with millions of entries, run it
 * in a maintenance window.
 */
export class LedgerAsciiKeys1763900000002 implements MigrationInterface {
  name = 'LedgerAsciiKeys1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await modify(q, (target) => target);
  }

  async down(q: QueryRunner): Promise<void> {
    await modify(q, () => UNICODE);
  }
}

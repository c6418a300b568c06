import { createTestDatabase } from '@gongzhi/subgraph-kit';
import type { DataSource } from 'typeorm';
import { createPointsDataSource } from '../src/database/data-source';

let ds: DataSource;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await createTestDatabase('points_migrations');
  drop = db.drop;
  ds = createPointsDataSource(db.url);
  await ds.initialize();
  await ds.runMigrations();
});
afterAll(async () => {
  await ds?.destroy();
  await drop?.();
});

const collations = async () => {
  const rows: Array<{ TABLE_NAME: string; COLUMN_NAME: string; COLLATION_NAME: string }> = await ds.query(
    `SELECT TABLE_NAME, COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('ledger_entry', 'household_balance') AND COLLATION_NAME IS NOT NULL`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.TABLE_NAME}.${r.COLUMN_NAME}`, r.COLLATION_NAME]));
};

describe('points migrations', () => {
  it('store ledger ids, codes and hashes as ASCII, keep client text in utf8mb4, and go down and up again', async () => {
    const up = await collations();
    expect(up).toMatchObject({
      'ledger_entry.household_id': 'ascii_general_ci', 'ledger_entry.item_code': 'ascii_general_ci', 'ledger_entry.hash': 'ascii_bin',
      'ledger_entry.idempotency_key': 'utf8mb4_bin', 'ledger_entry.reason': 'utf8mb4_unicode_ci', 'ledger_entry.category': 'utf8mb4_unicode_ci',
      'household_balance.household_id': 'ascii_general_ci', 'household_balance.township_code': 'ascii_general_ci', 'household_balance.last_hash': 'ascii_bin',
    });
    // Ids keep matching whatever their case, as they did under utf8mb4_unicode_ci.
    await ds.query("INSERT INTO household_balance VALUES ('0199abcd-0000-7000-8000-00000000000a', '510681106001', '510681106000', 0, 0, 0, 0, 0, 0, 0, 0, 0, ?, NOW(3))", ['0'.repeat(64)]);
    const [found] = await ds.query("SELECT COUNT(*) AS n FROM household_balance WHERE household_id = '0199ABCD-0000-7000-8000-00000000000A'");
    expect(Number(found.n)).toBe(1);

    await ds.undoLastMigration();
    expect(new Set(Object.values(await collations()))).toEqual(new Set(['utf8mb4_unicode_ci']));
    await ds.runMigrations();
    expect(await collations()).toEqual(up);
  });
});

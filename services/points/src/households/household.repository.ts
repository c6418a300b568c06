import type { EntityManager } from 'typeorm';
import type { HouseholdRow } from './household.entity';

export class HouseholdRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Idempotent: replays of the same event change nothing; a move updates the village. */
  async upsert(row: HouseholdRow, genesisHash: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO household (id, village_code, township_code, head_user_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE village_code = VALUES(village_code), township_code = VALUES(township_code),
         head_user_id = COALESCE(VALUES(head_user_id), head_user_id)`,
      [row.id, row.villageCode, row.townshipCode, row.headUserId, row.createdAt],
    );
    await this.manager.query(
      `INSERT INTO household_balance (household_id, village_code, township_code, balance, earned, spent, reserved,
         month_key, this_month, year_key, this_year, last_seq, last_hash, updated_at)
       VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?, ?)
       ON DUPLICATE KEY UPDATE village_code = VALUES(village_code), township_code = VALUES(township_code)`,
      [row.id, row.villageCode, row.townshipCode, genesisHash, row.createdAt],
    );
  }

  async findByIds(ids: readonly string[]): Promise<HouseholdRow[]> {
    if (!ids.length) return [];
    const rows = await this.manager.query(
      `SELECT id, village_code, township_code, head_user_id, created_at FROM household WHERE id IN (${ids.map(() => '?').join(',')})`,
      [...ids],
    );
    return rows.map((r: any) => ({ id: r.id, villageCode: r.village_code, townshipCode: r.township_code, headUserId: r.head_user_id, createdAt: r.created_at }));
  }

  async idsInVillage(villageCode: string): Promise<string[]> {
    const rows = await this.manager.query('SELECT id FROM household WHERE village_code = ? ORDER BY id', [villageCode]);
    return rows.map((r: any) => r.id);
  }

  async countInRegion(prefix: string): Promise<number> {
    const [row] = await this.manager.query('SELECT COUNT(*) AS n FROM household WHERE village_code LIKE ?', [`${prefix}%`]);
    return Number(row.n);
  }
}

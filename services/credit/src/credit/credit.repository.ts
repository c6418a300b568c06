import { In, type EntityManager } from 'typeorm';
import { loadReasons, storeReasons, type StoredReason } from '../scoring/scoring.model';
import { CreditModelEntity, CreditScoreEntity, RescoreRunEntity } from './credit.entity';

export class CreditRepository {
  constructor(private readonly manager: EntityManager) {}

  latestModel(countyCode: string): Promise<CreditModelEntity | null> {
    return this.manager.findOne(CreditModelEntity, { where: { countyCode }, order: { version: 'DESC' } });
  }

  async insertModel(model: CreditModelEntity): Promise<void> {
    await this.manager.insert(CreditModelEntity, model as never);
  }

  /** One multi-row upsert per call: the batch path writes thousands of scores per statement. */
  async upsertScores(rows: CreditScoreEntity[]): Promise<void> {
    if (!rows.length) return;
    const values: unknown[] = [];
    for (const r of rows) {
      values.push(r.householdId, r.villageCode, r.townshipCode, r.countyCode, r.score, r.grade, r.blocked ? 1 : 0, r.points, r.modelVersion, JSON.stringify(storeReasons(r.reasons)), r.computedAt);
    }
    await this.manager.query(
      `INSERT INTO credit_score (household_id, village_code, township_code, county_code, score, grade, blocked, points, model_version, reasons, computed_at)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE village_code = VALUES(village_code), township_code = VALUES(township_code), county_code = VALUES(county_code),
         score = VALUES(score), grade = VALUES(grade), blocked = VALUES(blocked), points = VALUES(points),
         model_version = VALUES(model_version), reasons = VALUES(reasons), computed_at = VALUES(computed_at)`,
      values,
    );
  }

  async scoresFor(ids: readonly string[]): Promise<CreditScoreEntity[]> {
    if (!ids.length) return [];
    const rows = await this.manager.findBy(CreditScoreEntity, { householdId: In([...ids]) });
    // Reasons are stored as [code, contribution, ...figures]; the words are made on reading.
    return rows.map((r) => ({ ...r, reasons: loadReasons(r.reasons as unknown as StoredReason[]) }));
  }

  /** Rank within the township: 1 + households scoring strictly higher; ties share a rank. */
  async rankOf(townshipCode: string, score: number): Promise<{ rank: number; size: number }> {
    const [row] = await this.manager.query(
      `SELECT SUM(score > ?) AS higher, COUNT(*) AS size FROM credit_score WHERE township_code = ?`,
      [score, townshipCode],
    );
    return { rank: Number(row?.higher ?? 0) + 1, size: Number(row?.size ?? 0) };
  }

  async insertRun(run: RescoreRunEntity): Promise<void> {
    await this.manager.insert(RescoreRunEntity, run);
  }

  async updateRun(id: string, changes: Partial<RescoreRunEntity>): Promise<void> {
    await this.manager.update(RescoreRunEntity, { id }, changes);
  }

  findRun(id: string): Promise<RescoreRunEntity | null> {
    return this.manager.findOneBy(RescoreRunEntity, { id });
  }
}

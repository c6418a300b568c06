import { In, type EntityManager } from 'typeorm';
import { isDuplicateKey } from '@gongzhi/subgraph-kit';
import { HouseholdFactsEntity, PointsEntryEntity, ProcessedEventEntity } from './projection.entity';

export const FACT_COUNTERS = ['applications_approved', 'tasks_completed', 'issues_raised', 'issues_rated', 'loans_repaid', 'loans_defaulted'] as const;
export type FactCounter = (typeof FACT_COUNTERS)[number];

export class ProjectionRepository {
  constructor(private readonly manager: EntityManager) {}

  /** False when the event was already taken in (the caller then does nothing). */
  async markProcessed(eventId: string, topic: string): Promise<boolean> {
    try {
      await this.manager.insert(ProcessedEventEntity, { eventId, topic, processedAt: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async ensureHousehold(householdId: string, villageCode: string, townshipCode: string, countyCode: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO household_facts (household_id, village_code, township_code, county_code, updated_at) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE village_code = VALUES(village_code), township_code = VALUES(township_code), county_code = VALUES(county_code)`,
      [householdId, villageCode, townshipCode, countyCode, new Date()],
    );
  }

  async increment(householdId: string, counter: FactCounter, by = 1): Promise<void> {
    if (!FACT_COUNTERS.includes(counter)) throw new Error(`unknown counter ${counter}`);
    await this.manager.query(`UPDATE household_facts SET ${counter} = ${counter} + ?, updated_at = ? WHERE household_id = ?`, [by, new Date(), householdId]);
  }

  /** False when the ledger entry was already counted. */
  async addPointsEntry(entry: PointsEntryEntity, countsAsEarned: boolean, month: string): Promise<boolean> {
    try {
      await this.manager.insert(PointsEntryEntity, entry);
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    if (!countsAsEarned) return true;
    await this.manager.query(
      `UPDATE household_facts SET lifetime_points = lifetime_points + ?, honours = honours + ?, updated_at = ? WHERE household_id = ?`,
      [entry.delta, entry.honour && entry.delta > 0 ? 1 : 0, new Date(), entry.householdId],
    );
    await this.manager.query(
      `INSERT INTO points_month (household_id, month, delta_sum) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE delta_sum = delta_sum + VALUES(delta_sum)`,
      [entry.householdId, month, entry.delta],
    );
    return true;
  }

  factsFor(ids: readonly string[]): Promise<HouseholdFactsEntity[]> {
    return ids.length ? this.manager.findBy(HouseholdFactsEntity, { householdId: In([...ids]) }) : Promise.resolve([]);
  }

  async recentPointsFor(ids: readonly string[], fromMonth: string): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: Array<{ household_id: string; total: string | number }> = await this.manager.query(
      `SELECT household_id, SUM(delta_sum) AS total FROM points_month WHERE household_id IN (?) AND month >= ? GROUP BY household_id`,
      [ids, fromMonth],
    );
    return new Map(rows.map((r) => [r.household_id, Number(r.total)]));
  }

  pageInCounty(countyCode: string, afterId: string | null, limit: number): Promise<HouseholdFactsEntity[]> {
    const qb = this.manager
      .createQueryBuilder(HouseholdFactsEntity, 'f')
      .where('f.county_code = :countyCode', { countyCode })
      .orderBy('f.household_id', 'ASC')
      .limit(limit);
    if (afterId) qb.andWhere('f.household_id > :afterId', { afterId });
    return qb.getMany();
  }

  countInCounty(countyCode: string): Promise<number> {
    return this.manager.countBy(HouseholdFactsEntity, { countyCode });
  }
}

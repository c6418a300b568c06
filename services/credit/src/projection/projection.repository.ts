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

  /** Facts rows for many households at once, in id order (the order every writer locks them in). */
  async ensureHouseholds(rows: Array<{ householdId: string; villageCode: string; townshipCode: string; countyCode: string }>): Promise<void> {
    if (!rows.length) return;
    const sorted = [...rows].sort((a, b) => (a.householdId < b.householdId ? -1 : 1));
    const now = new Date();
    await this.manager.query(
      `INSERT INTO household_facts (household_id, village_code, township_code, county_code, updated_at) VALUES ?
       ON DUPLICATE KEY UPDATE village_code = VALUES(village_code), township_code = VALUES(township_code), county_code = VALUES(county_code)`,
      [sorted.map((r) => [r.householdId, r.villageCode, r.townshipCode, r.countyCode, now])],
    );
  }

  /**
   * Takes in ledger entries not seen before (keyed by entry id) and adds them to the facts: one
   * statement each for the new entries, the lifetime sums and the monthly sums. Call inside a
   * transaction after ensureHouseholds has locked the households' facts rows, so two events
   * carrying the same entry cannot both count it. Returns the entries that were new.
   */
  async addPointsEntries(entries: Array<PointsEntryEntity & { countsAsEarned: boolean; month: string }>): Promise<PointsEntryEntity[]> {
    if (!entries.length) return [];
    const seen: Array<{ entry_id: string }> = await this.manager.query('SELECT entry_id FROM points_entry WHERE entry_id IN (?)', [entries.map((e) => e.entryId)]);
    const known = new Set(seen.map((r) => r.entry_id));
    const fresh = entries.filter((e) => !known.has(e.entryId) && (known.add(e.entryId), true));
    if (!fresh.length) return [];
    await this.manager.query('INSERT INTO points_entry (entry_id, household_id, delta, honour, occurred_at) VALUES ?', [
      fresh.map((e) => [e.entryId, e.householdId, e.delta, e.honour ? 1 : 0, e.occurredAt]),
    ]);
    const lifetime = new Map<string, { points: number; honours: number }>();
    const monthly = new Map<string, { householdId: string; month: string; delta: number }>();
    for (const e of fresh) {
      if (!e.countsAsEarned) continue;
      const t = lifetime.get(e.householdId) ?? { points: 0, honours: 0 };
      t.points += e.delta;
      t.honours += e.honour && e.delta > 0 ? 1 : 0;
      lifetime.set(e.householdId, t);
      const key = `${e.householdId}:${e.month}`;
      const m = monthly.get(key) ?? { householdId: e.householdId, month: e.month, delta: 0 };
      m.delta += e.delta;
      monthly.set(key, m);
    }
    if (lifetime.size) {
      // One UPDATE joined to the per-household sums (portable to MySQL and MariaDB, unlike row constructors).
      const sums = [...lifetime];
      await this.manager.query(
        `UPDATE household_facts f JOIN (${sums.map(() => 'SELECT ? AS id, ? AS points, ? AS honours').join(' UNION ALL ')}) d ON f.household_id = d.id
         SET f.lifetime_points = f.lifetime_points + d.points, f.honours = f.honours + d.honours, f.updated_at = ?`,
        [...sums.flatMap(([id, t]) => [id, t.points, t.honours]), new Date()],
      );
      await this.manager.query(
        'INSERT INTO points_month (household_id, month, delta_sum) VALUES ? ON DUPLICATE KEY UPDATE delta_sum = delta_sum + VALUES(delta_sum)',
        [[...monthly.values()].map((m) => [m.householdId, m.month, m.delta])],
      );
    }
    return fresh;
  }

  async increment(householdId: string, counter: FactCounter, by = 1): Promise<void> {
    if (!FACT_COUNTERS.includes(counter)) throw new Error(`unknown counter ${counter}`);
    await this.manager.query(`UPDATE household_facts SET ${counter} = ${counter} + ?, updated_at = ? WHERE household_id = ?`, [by, new Date(), householdId]);
  }

  /** False when the ledger entry was already counted. */
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

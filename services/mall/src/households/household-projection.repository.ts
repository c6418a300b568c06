import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { HouseholdProjectionEntity } from './household-projection.entity';

export class HouseholdProjectionRepository {
  constructor(private readonly manager: EntityManager) {}

  find(householdId: string): Promise<HouseholdProjectionEntity | null> {
    return this.manager.findOneBy(HouseholdProjectionEntity, { householdId });
  }

  findMany(ids: readonly string[]): Promise<HouseholdProjectionEntity[]> {
    return ids.length ? this.manager.findBy(HouseholdProjectionEntity, { householdId: In([...ids]) }) : Promise.resolve([]);
  }

  /** Locks the household's row: one household's orders are placed one at a time (monthly limits). */
  findForUpdate(householdId: string): Promise<HouseholdProjectionEntity | null> {
    return this.manager.findOne(HouseholdProjectionEntity, { where: { householdId }, lock: { mode: 'pessimistic_write' } });
  }

  async upsert(householdId: string, villageCode: string): Promise<void> {
    await this.manager.query(
      'INSERT INTO household_projection (household_id, village_code, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE village_code = VALUES(village_code), updated_at = VALUES(updated_at)',
      [householdId, villageCode, new Date()],
    );
  }

  count(): Promise<number> {
    return this.manager.count(HouseholdProjectionEntity);
  }
}

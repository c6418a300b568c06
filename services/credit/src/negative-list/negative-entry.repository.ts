import { In, IsNull, type EntityManager } from 'typeorm';
import { NegativeEntryEntity } from './negative-entry.entity';

export class NegativeEntryRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(e: NegativeEntryEntity): Promise<void> {
    await this.manager.insert(NegativeEntryEntity, e);
  }

  findById(id: string): Promise<NegativeEntryEntity | null> {
    return this.manager.findOneBy(NegativeEntryEntity, { id });
  }

  async update(id: string, changes: Partial<NegativeEntryEntity>): Promise<void> {
    await this.manager.update(NegativeEntryEntity, { id }, changes);
  }

  forHousehold(householdId: string): Promise<NegativeEntryEntity[]> {
    return this.manager.find(NegativeEntryEntity, { where: { householdId }, order: { createdAt: 'DESC' } });
  }

  /** Entries not removed; the caller drops those not yet started or expired on its date. */
  unremovedFor(ids: readonly string[]): Promise<NegativeEntryEntity[]> {
    return ids.length ? this.manager.findBy(NegativeEntryEntity, { householdId: In([...ids]), removedAt: IsNull() }) : Promise.resolve([]);
  }
}

import { In, type EntityManager } from 'typeorm';
import { StoreClerkEntity, StoreEntity } from './store.entity';

export class StoreRepository {
  constructor(private readonly manager: EntityManager) {}

  findById(id: string): Promise<StoreEntity | null> {
    return this.manager.findOneBy(StoreEntity, { id });
  }

  findByIds(ids: readonly string[]): Promise<StoreEntity[]> {
    return ids.length ? this.manager.findBy(StoreEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  /** Stores in exactly these regions (a village's own store and its township's). */
  findInRegions(codes: string[]): Promise<StoreEntity[]> {
    return codes.length ? this.manager.find(StoreEntity, { where: { regionCode: In(codes) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  /** Stores whose region starts with the prefix (everything under a township or county). */
  findUnderPrefix(prefix: string, limit = 500): Promise<StoreEntity[]> {
    return this.manager
      .createQueryBuilder(StoreEntity, 's')
      .where('s.region_code LIKE :p', { p: `${prefix}%` })
      .orderBy('s.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async insert(store: StoreEntity): Promise<void> {
    await this.manager.insert(StoreEntity, store);
  }

  async isClerk(storeId: string, userId: string): Promise<boolean> {
    return (await this.manager.countBy(StoreClerkEntity, { storeId, userId })) > 0;
  }

  async addClerk(storeId: string, userId: string): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(StoreClerkEntity)
      .values({ storeId, userId, createdAt: new Date() })
      .orIgnore()
      .execute();
  }
}

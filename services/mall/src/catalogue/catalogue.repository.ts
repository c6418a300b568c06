import { In, type EntityManager } from 'typeorm';
import { ExchangeEventEntity, ExchangeEventPriceEntity, ProductEntity } from './product.entity';

export class CatalogueRepository {
  constructor(private readonly manager: EntityManager) {}

  findProduct(id: string): Promise<ProductEntity | null> {
    return this.manager.findOneBy(ProductEntity, { id });
  }

  findProducts(ids: readonly string[]): Promise<ProductEntity[]> {
    return ids.length ? this.manager.findBy(ProductEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  productsOfStores(storeIds: readonly string[]): Promise<ProductEntity[]> {
    return storeIds.length
      ? this.manager.find(ProductEntity, { where: { storeId: In([...storeIds]) }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  lowStockUnderPrefix(prefix: string, limit: number): Promise<ProductEntity[]> {
    return this.manager
      .createQueryBuilder(ProductEntity, 'p')
      .where('p.region_code LIKE :p', { p: `${prefix}%` })
      .andWhere('p.active = 1')
      .andWhere('p.stock <= p.low_stock_threshold')
      .orderBy('p.stock', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async insertProduct(product: ProductEntity): Promise<void> {
    await this.manager.insert(ProductEntity, product);
  }

  async updateProduct(id: string, changes: Partial<ProductEntity>): Promise<void> {
    await this.manager.update(ProductEntity, { id }, changes);
  }

  /** Takes stock only if enough is left: one atomic statement, no read-modify-write race. */
  async takeStock(productId: string, quantity: number): Promise<boolean> {
    const res = await this.manager.query('UPDATE product SET stock = stock - ? WHERE id = ? AND stock >= ?', [quantity, productId, quantity]);
    return Number(res.affectedRows) === 1;
  }

  async returnStock(productId: string, quantity: number): Promise<void> {
    await this.manager.query('UPDATE product SET stock = stock + ? WHERE id = ?', [quantity, productId]);
  }

  /** Adjusts stock by a signed delta, never below zero; false when it would go negative. */
  async adjustStock(productId: string, delta: number): Promise<boolean> {
    const res = await this.manager.query('UPDATE product SET stock = stock + ? WHERE id = ? AND stock + ? >= 0', [delta, productId, delta]);
    return Number(res.affectedRows) === 1;
  }

  findEvent(id: string): Promise<ExchangeEventEntity | null> {
    return this.manager.findOneBy(ExchangeEventEntity, { id });
  }

  eventsOfStores(storeIds: readonly string[]): Promise<ExchangeEventEntity[]> {
    return storeIds.length
      ? this.manager.find(ExchangeEventEntity, { where: { storeId: In([...storeIds]) }, order: { startsAt: 'DESC' } })
      : Promise.resolve([]);
  }

  eventPrice(eventId: string, productId: string): Promise<ExchangeEventPriceEntity | null> {
    return this.manager.findOneBy(ExchangeEventPriceEntity, { eventId, productId });
  }

  pricesOfEvents(eventIds: readonly string[]): Promise<ExchangeEventPriceEntity[]> {
    return eventIds.length ? this.manager.findBy(ExchangeEventPriceEntity, { eventId: In([...eventIds]) }) : Promise.resolve([]);
  }

  async insertEvent(event: ExchangeEventEntity, prices: ExchangeEventPriceEntity[]): Promise<void> {
    await this.manager.insert(ExchangeEventEntity, event);
    if (prices.length) await this.manager.insert(ExchangeEventPriceEntity, prices);
  }
}

import { In, LessThan, type EntityManager } from 'typeorm';
import { OrderEntity } from './order.entity';
import { HOLDING_STATES, OrderStatus } from './order.state';

export interface StoreMonthFigure {
  storeId: string;
  villageCode: string;
  redemptions: number;
  pointsSpent: number;
  openOrders: number;
}

export class OrderRepository {
  constructor(private readonly manager: EntityManager) {}

  findById(id: string): Promise<OrderEntity | null> {
    return this.manager.findOneBy(OrderEntity, { id });
  }

  findByIds(ids: readonly string[]): Promise<OrderEntity[]> {
    return ids.length ? this.manager.findBy(OrderEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  findByClientKey(householdId: string, clientKey: string): Promise<OrderEntity | null> {
    return this.manager.findOneBy(OrderEntity, { householdId, clientKey });
  }

  findByPickupCode(storeId: string, pickupCode: string): Promise<OrderEntity | null> {
    return this.manager.findOneBy(OrderEntity, { storeId, pickupCode });
  }

  async insert(order: OrderEntity): Promise<void> {
    await this.manager.insert(OrderEntity, order);
  }

  /** Moves the order only if it is still in `from`: concurrent steps cannot both win. */
  async transition(id: string, from: OrderStatus, to: OrderStatus, changes: Partial<OrderEntity> = {}): Promise<boolean> {
    const res = await this.manager.update(OrderEntity, { id, status: from }, { ...changes, status: to, updatedAt: new Date() });
    return res.affected === 1;
  }

  async quantityThisMonth(householdId: string, productId: string, month: string): Promise<number> {
    const [row] = await this.manager.query(
      `SELECT COALESCE(SUM(quantity), 0) AS n FROM mall_order WHERE household_id = ? AND product_id = ? AND month = ? AND status IN (${HOLDING_STATES.map(() => '?').join(',')})`,
      [householdId, productId, month, ...HOLDING_STATES],
    );
    return Number(row.n);
  }

  pageOfHouseholds(householdIds: readonly string[], afterId: string | null, limit: number): Promise<OrderEntity[]> {
    const qb = this.manager
      .createQueryBuilder(OrderEntity, 'o')
      .where('o.household_id IN (:...ids)', { ids: householdIds })
      .orderBy('o.id', 'DESC')
      .limit(limit);
    if (afterId) qb.andWhere('o.id < :afterId', { afterId });
    return qb.getMany();
  }

  pageOfStore(storeId: string, status: OrderStatus | null, afterId: string | null, limit: number): Promise<OrderEntity[]> {
    const qb = this.manager.createQueryBuilder(OrderEntity, 'o').where('o.store_id = :storeId', { storeId }).orderBy('o.id', 'DESC').limit(limit);
    if (status) qb.andWhere('o.status = :status', { status });
    if (afterId) qb.andWhere('o.id < :afterId', { afterId });
    return qb.getMany();
  }

  /** Orders recovery should look at: stuck in a transient state since before `before`. */
  stuck(statuses: OrderStatus[], before: Date, limit: number): Promise<OrderEntity[]> {
    return this.manager.find(OrderEntity, { where: { status: In(statuses), updatedAt: LessThan(before) }, order: { updatedAt: 'ASC' }, take: limit });
  }

  expired(now: Date, limit: number): Promise<OrderEntity[]> {
    return this.manager.find(OrderEntity, { where: { status: OrderStatus.RESERVED, expiresAt: LessThan(now) }, order: { expiresAt: 'ASC' }, take: limit });
  }

  async storeFigures(regionPrefix: string, month: string): Promise<StoreMonthFigure[]> {
    const rows: Array<Record<string, unknown>> = await this.manager.query(
      `SELECT store_id, village_code,
              SUM(status = 'COMPLETED') AS redemptions,
              SUM(CASE WHEN status = 'COMPLETED' THEN total_points ELSE 0 END) AS points_spent,
              SUM(status IN ('PENDING', 'RESERVED', 'PICKUP_CONFIRMED')) AS open_orders
         FROM mall_order WHERE region_code LIKE ? AND month = ?
        GROUP BY store_id, village_code ORDER BY store_id, village_code`,
      [`${regionPrefix}%`, month],
    );
    return rows.map((r) => ({
      storeId: String(r.store_id),
      villageCode: String(r.village_code),
      redemptions: Number(r.redemptions),
      pointsSpent: Number(r.points_spent),
      openOrders: Number(r.open_orders),
    }));
  }

  async topProducts(regionPrefix: string, month: string, limit: number): Promise<Array<{ productId: string; productName: string; quantity: number; pointsSpent: number }>> {
    const rows: Array<Record<string, unknown>> = await this.manager.query(
      `SELECT product_id, MAX(product_name) AS product_name, SUM(quantity) AS quantity, SUM(total_points) AS points_spent
         FROM mall_order WHERE region_code LIKE ? AND month = ? AND status = 'COMPLETED'
        GROUP BY product_id ORDER BY quantity DESC, product_id LIMIT ?`,
      [`${regionPrefix}%`, month, limit],
    );
    return rows.map((r) => ({ productId: String(r.product_id), productName: String(r.product_name), quantity: Number(r.quantity), pointsSpent: Number(r.points_spent) }));
  }
}

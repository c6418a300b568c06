import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum ProductCategory {
  DAILY_GOODS = 'DAILY_GOODS',
  FARM_SUPPLIES = 'FARM_SUPPLIES',
  STUDY_MATERIALS = 'STUDY_MATERIALS',
  SERVICES = 'SERVICES',
}

@Entity('product')
export class ProductEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'store_id', type: 'char', length: 36 })
  storeId: string;

  /** Copy of the store's region, so scoped queries need no join. */
  @Column({ name: 'region_code', type: 'varchar', length: 15 })
  regionCode: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  category: ProductCategory;

  @Column({ name: 'photo_url', type: 'varchar', length: 500, nullable: true })
  photoUrl: string | null;

  /** Points per item. */
  @Column({ type: 'int' })
  price: number;

  @Column({ type: 'int' })
  stock: number;

  @Column({ name: 'monthly_limit', type: 'int', nullable: true })
  monthlyLimit: number | null;

  @Column({ name: 'low_stock_threshold', type: 'int' })
  lowStockThreshold: number;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** 兑换活动: a time window with special prices in one store. */
@Entity('exchange_event')
export class ExchangeEventEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'store_id', type: 'char', length: 36 })
  storeId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'starts_at', type: 'datetime', precision: 3 })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'datetime', precision: 3 })
  endsAt: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

@Entity('exchange_event_price')
export class ExchangeEventPriceEntity {
  @PrimaryColumn({ name: 'event_id', type: 'char', length: 36 })
  eventId: string;

  @PrimaryColumn({ name: 'product_id', type: 'char', length: 36 })
  productId: string;

  @Column({ type: 'int' })
  price: number;
}

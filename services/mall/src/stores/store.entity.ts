import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A village or township store (积分超市); an unmanned store is a store too. */
@Entity('store')
export class StoreEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The village or township the store serves: households within it may order. */
  @Column({ name: 'region_code', type: 'varchar', length: 15 })
  regionCode: string;

  @Column({ type: 'boolean' })
  unmanned: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A person who runs one store (confirms pickups, manages its stock). */
@Entity('store_clerk')
export class StoreClerkEntity {
  @PrimaryColumn({ name: 'store_id', type: 'char', length: 36 })
  storeId: string;

  @PrimaryColumn({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

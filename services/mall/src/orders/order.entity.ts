import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrderStatus } from './order.state';

@Entity('mall_order')
export class OrderEntity {
  /** Also the idempotency key of the points reservation. */
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'household_id', type: 'char', length: 36 })
  householdId: string;

  @Column({ name: 'village_code', type: 'varchar', length: 15 })
  villageCode: string;

  @Column({ name: 'store_id', type: 'char', length: 36 })
  storeId: string;

  @Column({ name: 'region_code', type: 'varchar', length: 15 })
  regionCode: string;

  @Column({ name: 'product_id', type: 'char', length: 36 })
  productId: string;

  @Column({ name: 'product_name', type: 'varchar', length: 100 })
  productName: string;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ name: 'unit_price', type: 'int' })
  unitPrice: number;

  @Column({ name: 'total_points', type: 'int' })
  totalPoints: number;

  @Column({ name: 'event_id', type: 'char', length: 36, nullable: true })
  eventId: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ name: 'reservation_id', type: 'varchar', length: 64, nullable: true })
  reservationId: string | null;

  @Column({ name: 'pickup_code', type: 'char', length: 8 })
  pickupCode: string;

  /** The client's key for this submit: a resubmit returns the same order. */
  @Column({ name: 'client_key', type: 'varchar', length: 64 })
  clientKey: string;

  @Column({ name: 'placed_by', type: 'char', length: 36 })
  placedBy: string;

  /** YYYYMM in China time, for monthly limits and figures. */
  @Column({ type: 'char', length: 6 })
  month: string;

  @Column({ name: 'failure_code', type: 'varchar', length: 40, nullable: true })
  failureCode: string | null;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A county's own system that receives issue events, signed with HMAC-SHA256. */
@Entity('webhook_endpoint')
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'county_code', type: 'char', length: 6 })
  countyCode: string;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  @Column({ type: 'varchar', length: 64 })
  secret: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_by', type: 'char', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** Delivery log: written with the event it announces, retried with backoff until delivered or given up. */
@Entity('webhook_delivery')
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'endpoint_id', type: 'char', length: 36 })
  endpointId: string;

  @Column({ name: 'county_code', type: 'char', length: 6 })
  countyCode: string;

  @Column({ name: 'issue_id', type: 'char', length: 36 })
  issueId: string;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ type: 'json' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 12 })
  status: string;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;
}

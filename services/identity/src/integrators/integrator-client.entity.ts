import type { IntegratorKind } from '@gongzhi/subgraph-kit';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('integrator_client')
export class IntegratorClientEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  /** Public identifier used as OAuth client_id. */
  @Column({ name: 'client_id', type: 'varchar', length: 40 })
  clientId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: IntegratorKind;

  @Column({ name: 'region_code', type: 'varchar', length: 15 })
  regionCode: string;

  /** Space-separated, as in OAuth. */
  @Column({ type: 'varchar', length: 500 })
  scopes: string;

  @Column({ name: 'secret_hash', type: 'char', length: 64 })
  secretHash: string;

  @Column({ name: 'secret_rotated_at', type: 'datetime', precision: 3 })
  secretRotatedAt: Date;

  @Column({ name: 'created_by', type: 'char', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

import type { Role } from '@gongzhi/subgraph-kit';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('role_grant')
export class RoleGrantEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Column({ name: 'region_code', type: 'varchar', length: 15 })
  regionCode: string;

  @Column({ name: 'granted_by', type: 'char', length: 36, nullable: true })
  grantedBy: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

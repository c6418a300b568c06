import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: number;
  @Column({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'household_id', type: 'char', length: 36, nullable: true }) householdId: string | null;
  @Column({ name: 'actor_kind', type: 'varchar', length: 16 }) actorKind: string;
  @Column({ name: 'actor_id', type: 'varchar', length: 64 }) actorId: string;
  @Column({ type: 'varchar', length: 40 }) action: string;
  @Column({ type: 'json' }) detail: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;
}

@Entity('audit_head')
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'tinyint' }) id: number;
  @Column({ type: 'bigint' }) seq: number;
  @Column({ type: 'char', length: 64 }) hash: string;
}

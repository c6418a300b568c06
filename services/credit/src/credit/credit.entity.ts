import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Reason } from '../scoring/scoring.model';

@Entity('credit_model')
export class CreditModelEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'json' }) config: Record<string, unknown>;
  @Column({ type: 'varchar', length: 200 }) note: string;
  @Column({ name: 'created_by', type: 'varchar', length: 64 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('credit_score')
export class CreditScoreEntity {
  @PrimaryColumn({ name: 'household_id', type: 'char', length: 36 }) householdId: string;
  @Column({ name: 'village_code', type: 'varchar', length: 15 }) villageCode: string;
  @Column({ name: 'township_code', type: 'varchar', length: 15 }) townshipCode: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode: string;
  @Column({ type: 'int' }) score: number;
  @Column({ type: 'char', length: 1 }) grade: string;
  @Column({ type: 'boolean' }) blocked: boolean;
  @Column({ type: 'int' }) points: number;
  @Column({ name: 'model_version', type: 'int' }) modelVersion: number;
  @Column({ type: 'json' }) reasons: Reason[];
  @Column({ name: 'computed_at', type: 'datetime', precision: 3 }) computedAt: Date;
}

@Entity('rescore_run')
export class RescoreRunEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode: string;
  @Column({ name: 'model_version', type: 'int' }) modelVersion: number;
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'int' }) total: number;
  @Column({ type: 'int' }) done: number;
  @Column({ name: 'requested_by', type: 'varchar', length: 64 }) requestedBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true }) finishedAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) error: string | null;
}

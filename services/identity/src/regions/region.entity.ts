import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('region')
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 15 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 15, nullable: true })
  parentCode: string | null;
}

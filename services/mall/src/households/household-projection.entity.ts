import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which village a household is in, kept from identity's household events. */
@Entity('household_projection')
export class HouseholdProjectionEntity {
  @PrimaryColumn({ name: 'household_id', type: 'char', length: 36 })
  householdId: string;

  @Column({ name: 'village_code', type: 'varchar', length: 15 })
  villageCode: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

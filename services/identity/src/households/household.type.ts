import { ConnectionType } from '@gongzhi/subgraph-kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { HouseholdEntity } from './household.entity';

@ObjectType('Household', { description: 'The unit of points (户). Other services extend Household by id.' })
@Directive('@key(fields: "id")')
export class HouseholdType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  villageCode: string;

  @Field(() => ID)
  headUserId: string;

  @Field(() => Date, { nullable: true, description: 'When the household code (户码) was last issued' })
  qrTokenRotatedAt: Date | null;

  @Field()
  createdAt: Date;

  static from(entity: HouseholdEntity): HouseholdType {
    return Object.assign(new HouseholdType(), {
      id: entity.id,
      villageCode: entity.villageCode,
      headUserId: entity.headUserId,
      qrTokenRotatedAt: entity.qrTokenRotatedAt,
      createdAt: entity.createdAt,
    });
  }
}

export const HouseholdConnection = ConnectionType(HouseholdType, 'Household');

@ObjectType('HouseholdCode', { description: 'A freshly issued household QR token; shown once' })
export class HouseholdCodeType {
  @Field()
  token: string;

  @Field(() => ID)
  householdId: string;
}

@ObjectType('HouseholdCodeCheck', { description: 'What an integrator learns from a valid household code' })
export class HouseholdCodeCheckType {
  @Field(() => ID)
  householdId: string;

  @Field(() => ID)
  villageCode: string;
}

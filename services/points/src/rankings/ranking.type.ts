import { Field, ID, Int, ObjectType } from 'type-graphql';
import { HouseholdType } from '../ledger/ledger.type';
import type { RankedHousehold } from './ranking.service';

@ObjectType('RankedHousehold')
export class RankedHouseholdType {
  @Field(() => Int) rank: number;
  @Field(() => ID) householdId: string;
  @Field(() => Int) points: number;
  @Field(() => HouseholdType, { description: 'Resolved by identity, which decides what you may see of it' }) household: HouseholdType;

  static from(r: RankedHousehold): RankedHouseholdType {
    return Object.assign(new RankedHouseholdType(), { ...r, household: Object.assign(new HouseholdType(), { id: r.householdId }) });
  }
}

@ObjectType('CategoryFigure')
export class CategoryFigureType {
  @Field({ description: 'Empty for entries without a category (corrections)' }) category: string;
  @Field(() => Int) awarded: number;
  @Field(() => Int) deducted: number;
}

@ObjectType('PointsFigures')
export class PointsFiguresType {
  @Field(() => ID) regionCode: string;
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => Int) households: number;
  @Field(() => Int, { description: 'Households with at least one entry in the period' }) participatingHouseholds: number;
  @Field(() => [CategoryFigureType]) byCategory: CategoryFigureType[];
  @Field(() => Int) approved: number;
  @Field(() => Int) rejected: number;
  @Field(() => Int, { nullable: true }) averageReviewSeconds: number | null;
}

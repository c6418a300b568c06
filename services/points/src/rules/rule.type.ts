import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { RuleItemRow } from './rule.entity';

@ObjectType('RuleItem', { description: 'One version of a "5+x" rule item; a change makes a new version' })
export class RuleItemType {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'Where it is defined: the county library, a township, or a village (村规民约)' }) regionCode: string;
  @Field() code: string;
  @Field(() => Int) version: number;
  @Field() name: string;
  @Field({ description: '爱国守法, 生态宜居, 产业兴旺, 乡风文明 or 共建共治' }) category: string;
  @Field(() => Int, { description: 'Signed: positive adds (加分), negative deducts (减分)' }) points: number;
  @Field(() => Int, { nullable: true, description: 'Most points per household per month' }) monthlyCap: number | null;
  @Field(() => Int, { nullable: true, description: 'Most points per household per year' }) yearlyCap: number | null;
  @Field() evidenceRequired: boolean;
  @Field({ description: 'An honour such as 最美家庭 (red list, credit)' }) honour: boolean;
  @Field() effectiveFrom: Date;
  @Field(() => Date, { nullable: true }) effectiveTo: Date | null;
  @Field(() => Date, { nullable: true, description: 'When a newer version replaced this one' }) supersededAt: Date | null;

  static from(r: RuleItemRow): RuleItemType {
    return Object.assign(new RuleItemType(), {
      id: r.id, regionCode: r.regionCode, code: r.code, version: r.version, name: r.name, category: r.category, points: r.points,
      monthlyCap: r.monthlyCap, yearlyCap: r.yearlyCap, evidenceRequired: r.evidenceRequired, honour: r.honour,
      effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo, supersededAt: r.supersededAt,
    });
  }
}

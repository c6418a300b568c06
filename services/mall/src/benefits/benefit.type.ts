import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { BenefitProgramEntity, BenefitTierEntity } from './benefit.entity';

@ObjectType('BenefitTier')
export class BenefitTierType {
  @Field()
  name: string;

  @Field(() => Int)
  minPoints: number;

  @Field(() => Int, { description: 'Whole percent off, e.g. 5' })
  discountPercent: number;

  @Field()
  description: string;

  static from(e: BenefitTierEntity): BenefitTierType {
    return Object.assign(new BenefitTierType(), { name: e.name, minPoints: e.minPoints, discountPercent: e.discountPercent, description: e.description });
  }
}

@ObjectType('BenefitProgram', { description: '强村惠民卡: tiers by household points, honoured by member merchants and hospitals' })
export class BenefitProgramType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ID)
  regionCode: string;

  static from(e: BenefitProgramEntity): BenefitProgramType {
    return Object.assign(new BenefitProgramType(), { id: e.id, name: e.name, regionCode: e.regionCode });
  }
}

@ObjectType('BenefitCheckResult', { description: 'All a merchant learns from a scan: the tier and its benefit' })
export class BenefitCheckResultType {
  @Field()
  programName: string;

  @Field({ description: 'False when the household is below every tier' })
  eligible: boolean;

  @Field(() => String, { nullable: true })
  tierName: string | null;

  @Field(() => Int, { description: 'Whole percent off; 0 when not eligible' })
  discountPercent: number;

  @Field(() => String, { nullable: true })
  benefit: string | null;
}

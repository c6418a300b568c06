import { ArrayMaxSize, ArrayMinSize, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class BenefitTierInput {
  @Field()
  @Length(1, 50)
  name: string;

  @Field(() => Int)
  @Min(0)
  minPoints: number;

  @Field(() => Int)
  @Min(0)
  @Max(100)
  discountPercent: number;

  @Field()
  @Length(1, 200)
  description: string;
}

@InputType()
export class CreateBenefitProgramInput {
  @Field()
  @Length(1, 100)
  name: string;

  @Field(() => ID)
  @Matches(/^\d{12}$/, { message: 'regionCode must have 12 digits' })
  regionCode: string;

  @Field(() => [BenefitTierInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  tiers: BenefitTierInput[];
}

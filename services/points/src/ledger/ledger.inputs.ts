import { IsIdList } from '@gongzhi/subgraph-kit';
import { ArrayMaxSize, ArrayMinSize, Length, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class ReservePointsInput {
  @Field(() => ID) householdId: string;
  @Field(() => Int) @Min(1) amount: number;
  @Field() @Length(1, 100) idempotencyKey: string;
  @Field() @Length(1, 200) reason: string;
}

@InputType({ description: 'A direct award or deduction: the item decides the sign and the points' })
export class AwardPointsInput {
  @Field(() => ID) householdId: string;
  @Field() @Length(1, 40) itemCode: string;
  @Field() @Length(1, 200) reason: string;
  @Field() @Length(1, 100) idempotencyKey: string;
}

@InputType({ description: 'The same item for many households at once, e.g. a clean-up day' })
export class BulkPostPointsInput {
  @Field(() => [ID]) @ArrayMinSize(1) @ArrayMaxSize(20000) @IsIdList() householdIds: string[];
  @Field() @Length(1, 40) itemCode: string;
  @Field() @Length(1, 200) reason: string;
  @Field() @Length(1, 100) idempotencyKey: string;
}

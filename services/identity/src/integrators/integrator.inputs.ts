import { ArrayMaxSize, ArrayMinSize, IsIn, Length, Matches } from 'class-validator';
import { IntegratorKind } from '@gongzhi/subgraph-kit';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateIntegratorClientInput {
  @Field()
  @Length(1, 100)
  name: string;

  @Field(() => IntegratorKind)
  kind: IntegratorKind;

  @Field(() => ID, { description: 'The county (or place within it) the integrator serves' })
  @Matches(/^\d{12}$/, { message: 'regionCode must have 12 digits' })
  regionCode: string;

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(['credit:read', 'credit:decide', 'household:verify', 'benefit:check', 'negative-list:write'], { each: true })
  scopes: string[];
}

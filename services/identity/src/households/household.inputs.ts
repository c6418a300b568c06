import { Length, Matches } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgs } from '@gongzhi/subgraph-kit';

@ArgsType()
export class VillageHouseholdsArgs extends PageArgs {
  @Field(() => ID)
  @Matches(/^\d{12}$/, { message: 'villageCode must have 12 digits' })
  villageCode: string;
}

@ArgsType()
export class AddMemberArgs {
  @Field(() => ID)
  @Length(36, 36)
  householdId: string;

  @Field({ description: "The member's registered phone number" })
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be an 11-digit mainland mobile number' })
  phone: string;

  @Field({ description: 'Relation to the head, e.g. 配偶, 子女, 父母' })
  @Length(1, 20)
  relation: string;
}

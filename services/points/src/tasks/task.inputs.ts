import { Length, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '@gongzhi/subgraph-kit';

@InputType()
export class PublishTaskInput {
  @Field(() => ID) villageCode: string;
  @Field() @Length(1, 100) title: string;
  @Field({ defaultValue: '' }) @Length(0, 500) description: string;
  @Field(() => Int) @Min(1) @Max(1000) reward: number;
  @Field() category: string;
  @Field(() => Int) @Min(1) @Max(10000) slots: number;
  @Field() deadline: Date;
  @Field() @Length(1, 100) idempotencyKey: string;
}

@ArgsType()
export class VillageTasksArgs extends PageArgs {
  @Field(() => ID) villageCode: string;
}

import { ArrayMaxSize, IsOptional, IsUrl, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '@gongzhi/subgraph-kit';
import { ApplicationStatusEnum } from './application.type';

@InputType()
export class FileApplicationInput {
  @Field(() => ID, { nullable: true, description: 'Defaults to your own household' }) @IsOptional() householdId?: string | null;
  @Field() @Length(1, 40) itemCode: string;
  @Field({ defaultValue: '' }) @Length(0, 500) note: string;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(9) @IsUrl({ protocols: ['http', 'https'], require_tld: false }, { each: true }) evidence: string[];
  @Field() @Length(1, 100) idempotencyKey: string;
}

@ArgsType()
export class VillageApplicationsArgs extends PageArgs {
  @Field(() => ID) villageCode: string;
  @Field(() => ApplicationStatusEnum, { nullable: true }) status?: ApplicationStatusEnum | null;
}

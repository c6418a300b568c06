import { PageArgs } from '@gongzhi/subgraph-kit';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsUrl, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ISSUE_CATEGORIES } from './issue.service';
import { IssueStatus } from './workflow.service';

@InputType()
export class RaiseIssueInput {
  @Field(() => ID, { nullable: true, description: 'Needed only when the caller is a villager of several villages' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'villageCode must have 12 digits' })
  villageCode?: string | null;

  @Field({ description: ISSUE_CATEGORIES.join(', ') })
  @IsIn([...ISSUE_CATEGORIES])
  category: string;

  @Field()
  @Length(1, 100)
  title: string;

  @Field()
  @Length(1, 2000)
  body: string;

  @Field(() => [String], { nullable: true, description: 'https links to photos, at most 9' })
  @IsOptional()
  @ArrayMaxSize(9)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { each: true })
  photoUrls?: string[] | null;

  @Field({ defaultValue: true })
  @IsBoolean()
  isPublic: boolean;

  @Field(() => String, { nullable: true, description: 'Send the same key when retrying: the issue is raised once, and the retry returns it' })
  @IsOptional()
  @Length(1, 100)
  idempotencyKey?: string | null;
}

@InputType()
export class PartyInput {
  @Field({ description: 'e.g. 三星堆镇农业服务中心, 广汉市供电公司' })
  @Length(1, 100)
  name: string;

  @Field(() => ID, { description: 'Region of the party; must lie in the county of the issue' })
  @Matches(/^(\d{6}|\d{9}|\d{12})$/, { message: 'regionCode must have 6, 9 or 12 digits' })
  regionCode: string;
}

@InputType()
export class HandOffInput {
  @Field(() => [PartyInput])
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  parties: PartyInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@ArgsType()
export class IssuesArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(/^\d{12}$/)
  villageCode?: string | null;

  @Field(() => IssueStatus, { nullable: true })
  status?: IssueStatus | null;

  @Field({ nullable: true, description: 'Only issues I raised' })
  onlyMine?: boolean;
}

@ArgsType()
export class RateIssueArgs {
  @Field(() => ID)
  @Length(36, 36)
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(5)
  stars: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  comment?: string | null;
}

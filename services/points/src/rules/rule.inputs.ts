import { IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class CreateRuleItemInput {
  @Field(() => ID) @Matches(/^\d{6}(\d{3}){0,2}$/, { message: 'regionCode must be a 6, 9 or 12 digit code' }) regionCode: string;
  @Field() @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'code must be 2-40 capitals, digits or _' }) code: string;
  @Field() @Length(1, 100) name: string;
  @Field() category: string;
  @Field(() => Int) @Min(-1000) @Max(1000) points: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) monthlyCap?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) yearlyCap?: number | null;
  @Field({ defaultValue: false }) evidenceRequired: boolean;
  @Field({ defaultValue: false }) honour: boolean;
  @Field(() => Date, { nullable: true }) effectiveFrom?: Date | null;
  @Field(() => Date, { nullable: true }) effectiveTo?: Date | null;
}

@InputType({ description: 'Fields left out keep their current value' })
export class UpdateRuleItemInput {
  @Field(() => ID) @Matches(/^\d{6}(\d{3}){0,2}$/) regionCode: string;
  @Field() code: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) name?: string;
  @Field({ nullable: true }) @IsOptional() category?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(-1000) @Max(1000) points?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) monthlyCap?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) yearlyCap?: number | null;
  @Field({ nullable: true }) @IsOptional() evidenceRequired?: boolean;
  @Field({ nullable: true }) @IsOptional() honour?: boolean;
  @Field(() => Date, { nullable: true }) effectiveFrom?: Date | null;
  @Field(() => Date, { nullable: true }) effectiveTo?: Date | null;
}

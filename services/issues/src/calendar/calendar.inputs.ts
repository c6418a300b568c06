import { ArrayMaxSize, IsBoolean, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class LoadCalendarYearInput {
  @Field(() => ID)
  @Matches(/^\d{6}$/, { message: 'countyCode must have 6 digits' })
  countyCode: string;

  @Field(() => Int)
  @IsInt()
  year: number;

  @Field(() => [String], { description: 'Days off, YYYY-MM-DD' })
  @ArrayMaxSize(366)
  holidays: string[];

  @Field(() => [String], { description: 'Weekend days worked instead (调休上班)' })
  @ArrayMaxSize(366)
  makeUpWorkdays: string[];

  @Field(() => String, { nullable: true, description: 'e.g. the State Council notice' })
  @IsOptional()
  @MaxLength(500)
  source?: string | null;
}

@InputType()
export class CountyIssueSettingsInput {
  @Field(() => ID)
  @Matches(/^\d{6}$/, { message: 'countyCode must have 6 digits' })
  countyCode: string;

  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\d\d:\d\d$/) workStart?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\d\d:\d\d$/) workEnd?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) timeZone?: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() weekendsOnlyFallback?: boolean;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(60) @Max(30 * 24 * 3600) responseSlaSeconds?: number;
  @Field(() => [Int], { nullable: true }) @IsOptional() @ArrayMaxSize(5) reminderPercents?: number[];
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(60) @Max(60 * 24 * 3600) rateReminderSeconds?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(60) @Max(90 * 24 * 3600) autoCloseSeconds?: number;
}

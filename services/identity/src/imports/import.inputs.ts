import { ArrayMaxSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class ImportPersonInput {
  @Field()
  @Length(1, 50)
  name: string;

  @Field()
  @Length(11, 11)
  phone: string;

  @Field()
  @Length(18, 18)
  idNumber: string;

  @Field(() => String, { nullable: true, description: 'Relation to the head; members only' })
  @IsOptional()
  @Length(1, 20)
  relation?: string;
}

@InputType()
export class ImportHouseholdInput {
  @Field(() => ImportPersonInput)
  @ValidateNested()
  head: ImportPersonInput;

  @Field(() => [ImportPersonInput], { defaultValue: [] })
  @ArrayMaxSize(15)
  @ValidateNested({ each: true })
  members: ImportPersonInput[];
}

@InputType()
export class ImportRegionInput {
  @Field()
  @Length(12, 15)
  code: string;

  @Field()
  @Length(1, 100)
  name: string;
}

import { Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class CreateRegionInput {
  @Field({ description: '12 digits, or 15 for a grid' })
  @Matches(/^(\d{12}|\d{15})$/, { message: 'code must have 12 or 15 digits' })
  code: string;

  @Field()
  @Length(1, 100)
  name: string;
}

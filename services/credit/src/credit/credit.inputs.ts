import { IsJSON, Length, Matches } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';

@ArgsType()
export class PublishModelArgs {
  @Field({ description: '6-digit county code' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit county code' })
  countyCode: string;

  @Field({ description: 'The model configuration as JSON (see creditModel for the shape)' })
  @IsJSON()
  config: string;

  @Field()
  @Length(1, 200)
  note: string;
}

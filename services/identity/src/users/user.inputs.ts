import { Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Real-name registration (实名注册)' })
export class RegisterInput {
  @Field()
  @Length(1, 50)
  name: string;

  @Field({ description: '11-digit mainland mobile number' })
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be an 11-digit mainland mobile number' })
  phone: string;

  @Field({ description: '18-character resident ID number (GB 11643)' })
  @MaxLength(18)
  idNumber: string;

  @Field()
  @Length(8, 128)
  password: string;
}

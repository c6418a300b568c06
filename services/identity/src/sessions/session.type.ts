import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'Short-lived JWT; send as Authorization: Bearer' })
  accessToken: string;

  @Field({ description: 'Works once; exchange it with refreshSession for a new pair' })
  refreshToken: string;

  @Field(() => Int, { description: 'Seconds until the access token expires' })
  expiresIn: number;

  @Field(() => ID)
  userId: string;
}

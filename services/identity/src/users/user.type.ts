import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { UserView } from './user.service';

@ObjectType('User', { description: 'A real-name person. Other services extend User by id.' })
@Directive('@key(fields: "id")')
export class UserType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Full only to the person and the grid workers and cadres of their village; masked otherwise' })
  phone: string;

  @Field({ description: 'Always masked: first 3 and last 4 characters' })
  idNumberMasked: string;

  @Field(() => String, { nullable: true, description: 'e.g. 户主, 配偶, 子女' })
  relationToHead: string | null;

  householdId: string | null;

  static from(view: UserView): UserType {
    return Object.assign(new UserType(), view);
  }
}

import { Role } from '@gongzhi/subgraph-kit';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { RoleGrantEntity } from './role-grant.entity';

registerEnumType(Role, { name: 'Role' });

@ObjectType('RoleGrant', { description: 'A role held over a region' })
export class RoleGrantType {
  @Field(() => ID)
  id: string;

  @Field(() => Role)
  role: Role;

  @Field(() => ID)
  regionCode: string;

  @Field()
  grantedAt: Date;

  static from(entity: RoleGrantEntity): RoleGrantType {
    return Object.assign(new RoleGrantType(), {
      id: entity.id,
      role: entity.role,
      regionCode: entity.regionCode,
      grantedAt: entity.createdAt,
    });
  }
}

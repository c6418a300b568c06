import { Role, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RoleService } from './role.service';
import { RoleGrantType } from './role.type';

@Resolver(() => RoleGrantType)
export class RoleResolver {
  constructor(private readonly roles: RoleService) {}

  @Mutation(() => RoleGrantType, { description: 'Needs a role above the one granted, over a region containing regionCode' })
  async grantRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => Role) role: Role,
    @Arg('regionCode', () => ID) regionCode: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RoleGrantType> {
    return RoleGrantType.from(await this.roles.grant(ctx, userId, role, regionCode));
  }

  @Mutation(() => Boolean)
  revokeRole(@Arg('grantId', () => ID) grantId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return this.roles.revoke(ctx, grantId);
  }
}

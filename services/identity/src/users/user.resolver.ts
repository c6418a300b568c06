import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HouseholdType } from '../households/household.type';
import type { HouseholdService } from '../households/household.service';
import type { RoleService } from '../roles/role.service';
import { RoleGrantType } from '../roles/role.type';
import { RegisterInput } from './user.inputs';
import type { UserService } from './user.service';
import { UserType } from './user.type';

@Resolver(() => UserType)
export class UserResolver {
  constructor(
    private readonly users: UserService,
    private readonly households: HouseholdService,
    private readonly roleService: RoleService,
  ) {}

  @Query(() => UserType, { description: 'The signed-in person' })
  async me(@Ctx() ctx: RequestContext): Promise<UserType> {
    return UserType.from(await this.users.me(ctx));
  }

  @Query(() => UserType)
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<UserType> {
    return UserType.from(await this.users.getVisible(ctx, id));
  }

  @Mutation(() => UserType, { description: 'Anyone may register; a cadre then adds them to a household' })
  async register(@Arg('input') input: RegisterInput): Promise<UserType> {
    return UserType.from(await this.users.register(input));
  }

  @FieldResolver(() => HouseholdType, { nullable: true })
  async household(@Root() user: UserType, @Ctx() ctx: RequestContext): Promise<HouseholdType | null> {
    if (!user.householdId) return null;
    const household = await requestLoader(ctx, 'household', (ids) => this.households.visibleByIds(ctx, ids)).load(user.householdId);
    return household ? HouseholdType.from(household) : null;
  }

  @FieldResolver(() => [RoleGrantType])
  async roles(@Root() user: UserType, @Ctx() ctx: RequestContext): Promise<RoleGrantType[]> {
    const grants = await requestLoader(ctx, 'roleGrants', async (ids) => {
      const all = await this.roleService.forUsers(ids);
      return ids.map((id) => all.filter((g) => g.userId === id));
    }).load(user.id);
    return (grants ?? []).map(RoleGrantType.from);
  }
}

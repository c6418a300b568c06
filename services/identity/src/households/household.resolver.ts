import { mapConnection, requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RegionType } from '../regions/region.type';
import type { RegionService } from '../regions/region.service';
import type { UserService, UserView } from '../users/user.service';
import { UserType } from '../users/user.type';
import type { HouseholdService } from './household.service';
import { AddMemberArgs, VillageHouseholdsArgs } from './household.inputs';
import { HouseholdCodeCheckType, HouseholdCodeType, HouseholdConnection, HouseholdType } from './household.type';

@Resolver(() => HouseholdType)
export class HouseholdResolver {
  constructor(
    private readonly householdService: HouseholdService,
    private readonly users: UserService,
    private readonly regions: RegionService,
  ) {}

  @Query(() => HouseholdType)
  async household(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<HouseholdType> {
    return HouseholdType.from(await this.householdService.get(ctx, id));
  }

  @Query(() => HouseholdConnection, { description: "A village's households, for its staff" })
  async households(@Args() args: VillageHouseholdsArgs, @Ctx() ctx: RequestContext) {
    const page = await this.householdService.pageInVillage(ctx, args.villageCode, args.first, args.after);
    return mapConnection(page, HouseholdType.from);
  }

  @Query(() => HouseholdCodeCheckType, { description: 'Integrators (scope household:verify) check a scanned household code' })
  async verifyHouseholdCode(@Arg('token') token: string, @Ctx() ctx: RequestContext): Promise<HouseholdCodeCheckType> {
    return Object.assign(new HouseholdCodeCheckType(), await this.householdService.verifyQrToken(ctx, token));
  }

  @Mutation(() => HouseholdType, { description: 'Village staff open a household with a registered person as head' })
  async createHousehold(
    @Arg('villageCode', () => ID) villageCode: string,
    @Arg('headPhone') headPhone: string,
    @Ctx() ctx: RequestContext,
  ): Promise<HouseholdType> {
    return HouseholdType.from(await this.householdService.create(ctx, villageCode, headPhone));
  }

  @Mutation(() => HouseholdType)
  async addHouseholdMember(@Args() args: AddMemberArgs, @Ctx() ctx: RequestContext): Promise<HouseholdType> {
    return HouseholdType.from(await this.householdService.addMember(ctx, args.householdId, args.phone, args.relation));
  }

  @Mutation(() => HouseholdType)
  async removeHouseholdMember(
    @Arg('householdId', () => ID) householdId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<HouseholdType> {
    return HouseholdType.from(await this.householdService.removeMember(ctx, householdId, userId));
  }

  @Mutation(() => HouseholdType)
  async transferHouseholdHead(
    @Arg('householdId', () => ID) householdId: string,
    @Arg('newHeadUserId', () => ID) newHeadUserId: string,
    @Arg('formerHeadRelation', { description: "The former head's relation to the new head" }) formerHeadRelation: string,
    @Ctx() ctx: RequestContext,
  ): Promise<HouseholdType> {
    return HouseholdType.from(await this.householdService.transferHead(ctx, householdId, newHeadUserId, formerHeadRelation));
  }

  @Mutation(() => HouseholdCodeType, { description: 'Issue a new household code (户码); the previous one stops working' })
  async rotateHouseholdCode(@Arg('householdId', () => ID) householdId: string, @Ctx() ctx: RequestContext): Promise<HouseholdCodeType> {
    const token = await this.householdService.rotateQrToken(ctx, householdId);
    return Object.assign(new HouseholdCodeType(), { token, householdId });
  }

  @FieldResolver(() => [UserType])
  async members(@Root() household: HouseholdType, @Ctx() ctx: RequestContext): Promise<UserType[]> {
    const memberships = await requestLoader(ctx, 'membersOfHousehold', async (ids) => {
      const all = await this.householdService.membersOf(ids);
      return ids.map((id) => all.filter((m) => m.householdId === id));
    }).load(household.id);
    const loader = requestLoader<UserView>(ctx, 'userView', (ids) => this.users.viewsFor(ctx, ids));
    const views = await loader.loadMany((memberships ?? []).map((m) => m.userId));
    return views.filter((v): v is UserView => !!v && !(v instanceof Error)).map(UserType.from);
  }

  @FieldResolver(() => UserType, { nullable: true })
  async head(@Root() household: HouseholdType, @Ctx() ctx: RequestContext): Promise<UserType | null> {
    const view = await requestLoader<UserView>(ctx, 'userView', (ids) => this.users.viewsFor(ctx, ids)).load(household.headUserId);
    return view ? UserType.from(view) : null;
  }

  @FieldResolver(() => RegionType)
  async village(@Root() household: HouseholdType): Promise<RegionType> {
    return RegionType.from(await this.regions.get(household.villageCode));
  }
}

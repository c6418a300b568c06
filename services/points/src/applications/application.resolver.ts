import { mapConnection, PageArgs, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { FileApplicationInput, VillageApplicationsArgs } from './application.inputs';
import type { ApplicationService } from './application.service';
import { ApplicationConnection, ApplicationType } from './application.type';

@Resolver(() => ApplicationType)
export class ApplicationResolver {
  constructor(private readonly applications: ApplicationService) {}

  @Query(() => ApplicationConnection, { description: "A village's applications, for its staff; newest first" })
  async pointsApplications(@Args() args: VillageApplicationsArgs, @Ctx() ctx: RequestContext) {
    return mapConnection(await this.applications.pageForVillage(ctx, args.villageCode, args.status ?? null, args.first, args.after), ApplicationType.from);
  }

  @Query(() => ApplicationConnection, { description: "Your household's applications and their outcomes" })
  async myPointsApplications(@Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    return mapConnection(await this.applications.pageForOwnHousehold(ctx, page.first, page.after), ApplicationType.from);
  }

  @Query(() => ApplicationType)
  async pointsApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApplicationType> {
    return ApplicationType.from(await this.applications.get(ctx, id));
  }

  @Mutation(() => ApplicationType)
  async fileApplication(@Arg('input') input: FileApplicationInput, @Ctx() ctx: RequestContext): Promise<ApplicationType> {
    return ApplicationType.from(await this.applications.file(ctx, input));
  }

  @Mutation(() => ApplicationType)
  async approveApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApplicationType> {
    return ApplicationType.from(await this.applications.approve(ctx, id));
  }

  @Mutation(() => ApplicationType)
  async rejectApplication(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<ApplicationType> {
    return ApplicationType.from(await this.applications.reject(ctx, id, reason));
  }
}

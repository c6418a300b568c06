import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CreateRegionInput } from './region.inputs';
import type { RegionService } from './region.service';
import { RegionType } from './region.type';

@Resolver(() => RegionType)
export class RegionResolver {
  constructor(private readonly regions: RegionService) {}

  @Query(() => RegionType, { description: 'Place names and codes are public' })
  async region(@Arg('code', () => ID) code: string): Promise<RegionType> {
    return RegionType.from(await this.regions.get(code));
  }

  @FieldResolver(() => [RegionType])
  async children(@Root() region: RegionType): Promise<RegionType[]> {
    return (await this.regions.children(region.code)).map(RegionType.from);
  }

  @FieldResolver(() => [RegionType], { description: 'Enclosing regions, top-down' })
  async ancestors(@Root() region: RegionType): Promise<RegionType[]> {
    return (await this.regions.ancestors(region.code)).map(RegionType.from);
  }

  @Mutation(() => RegionType)
  async createRegion(@Arg('input') input: CreateRegionInput, @Ctx() ctx: RequestContext): Promise<RegionType> {
    return RegionType.from(await this.regions.create(ctx, input));
  }
}

import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Query, Resolver } from 'type-graphql';
import { ProductType } from '../stores/store.type';
import type { FiguresService } from './figures.service';
import { StoreMonthFiguresType, TopProductType, VillageMonthFiguresType } from './figures.type';

@ArgsType()
class RegionMonthArgs {
  @Field(() => ID)
  regionCode: string;

  @Field({ description: 'YYYYMM, China time' })
  month: string;
}

@ArgsType()
class TopProductsArgs extends RegionMonthArgs {
  @Field(() => Int, { defaultValue: 10 })
  @Min(1)
  @Max(100)
  limit: number = 10;
}

@Resolver()
export class FiguresResolver {
  constructor(private readonly figures: FiguresService) {}

  @Query(() => [StoreMonthFiguresType], { description: 'Redemptions and points spent per store (and customer village) in a month' })
  async mallStoreFigures(@Args() args: RegionMonthArgs, @Ctx() ctx: RequestContext) {
    return (await this.figures.storeFigures(ctx, args.regionCode, args.month)).map((r) => Object.assign(new StoreMonthFiguresType(), r));
  }

  @Query(() => [VillageMonthFiguresType])
  async mallVillageFigures(@Args() args: RegionMonthArgs, @Ctx() ctx: RequestContext) {
    return (await this.figures.villageFigures(ctx, args.regionCode, args.month)).map((r) => Object.assign(new VillageMonthFiguresType(), r));
  }

  @Query(() => [TopProductType])
  async mallTopProducts(@Args() args: TopProductsArgs, @Ctx() ctx: RequestContext) {
    return (await this.figures.topProducts(ctx, args.regionCode, args.month, args.limit)).map((r) => Object.assign(new TopProductType(), r));
  }

  @Query(() => [ProductType], { description: 'Active products at or below their low-stock threshold' })
  async mallStockAlerts(
    @Arg('regionCode', () => ID) regionCode: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: RequestContext,
  ) {
    return (await this.figures.stockAlerts(ctx, regionCode, Math.min(Math.max(limit, 1), 200))).map(ProductType.from);
  }
}

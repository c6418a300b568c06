import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Query, Resolver } from 'type-graphql';
import type { RankingService } from './ranking.service';
import { PointsFiguresType, RankedHouseholdType } from './ranking.type';

@ArgsType()
class LeaderboardArgs {
  @Field(() => ID, { description: 'A village or township code' }) regionCode: string;
  @Field(() => Int, { defaultValue: 20 }) @Min(1) @Max(100) first: number = 20;
}

@Resolver()
export class RankingResolver {
  constructor(private readonly rankings: RankingService) {}

  @Query(() => [RankedHouseholdType], { description: 'Village or township leaderboard by points earned' })
  async pointsLeaderboard(@Args() args: LeaderboardArgs, @Ctx() ctx: RequestContext) {
    return (await this.rankings.leaderboard(ctx, args.regionCode, args.first)).map(RankedHouseholdType.from);
  }

  @Query(() => [RankedHouseholdType], { description: '每周之星: biggest gains of the week containing `date` (default this week)' })
  async weeklyStars(
    @Arg('villageCode', () => ID) villageCode: string,
    @Arg('date', () => Date, { nullable: true }) date: Date | null,
    @Arg('first', () => Int, { defaultValue: 5 }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    return (await this.rankings.weeklyStars(ctx, villageCode, date ?? new Date(), Math.min(Math.max(first, 1), 50))).map(RankedHouseholdType.from);
  }

  @Query(() => [RankedHouseholdType], { description: '红榜: households honoured in the year' })
  async redList(@Arg('villageCode', () => ID) villageCode: string, @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext) {
    return (await this.rankings.redList(ctx, villageCode, year)).map(RankedHouseholdType.from);
  }

  @Query(() => PointsFiguresType, { description: 'Figures of a village, township or county for its staff and officers' })
  async pointsFigures(@Arg('regionCode', () => ID) regionCode: string, @Arg('from') from: Date, @Arg('to') to: Date, @Ctx() ctx: RequestContext) {
    return Object.assign(new PointsFiguresType(), await this.rankings.figures(ctx, regionCode, from, to));
  }
}

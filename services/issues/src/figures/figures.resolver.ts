import type { RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { IssueService } from '../issues/issue.service';
import { computeFigures, figuresBy } from './figures.service';
import { FigureRowType, IssueFiguresType } from './figures.type';

@Resolver(() => IssueFiguresType)
export class FiguresResolver {
  constructor(private readonly issues: IssueService) {}

  @Query(() => IssueFiguresType, { description: 'Per village, township and cadre over [from, to): what departments evaluate cadres by' })
  async issueFigures(
    @Arg('regionCode', () => ID) regionCode: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<IssueFiguresType> {
    const rows = await this.issues.issuesForFigures(ctx, regionCode, from, to);
    const now = this.issues.now();
    return Object.assign(new IssueFiguresType(), {
      regionCode,
      from,
      to,
      total: FigureRowType.from(computeFigures(regionCode, rows, now)),
      villages: figuresBy(rows, (i) => i.villageCode, now).map((f) => FigureRowType.from(f)),
      townships: figuresBy(rows, (i) => `${i.villageCode.slice(0, 9)}000`, now).map((f) => FigureRowType.from(f)),
      cadres: figuresBy(rows, (i) => i.firstResponderId, now).map((f) => FigureRowType.from(f, true)),
    });
  }
}

import { ForbiddenError, hasRoleOver, normalizeRegionCode, regionPrefix, requireUser, VILLAGE_STAFF, BadInputError, type RequestContext } from '@gongzhi/subgraph-kit';
import type { ProductEntity } from '../catalogue/product.entity';
import type { StoreMonthFigure } from '../orders/order.repository';
import type { MallRepositories } from '../repositories';

export interface VillageMonthFigure {
  villageCode: string;
  redemptions: number;
  pointsSpent: number;
}

/** Redemptions and points spent per store and village per month, top products, stock alerts. */
export class FiguresService {
  constructor(private readonly repos: MallRepositories) {}

  private scope(ctx: RequestContext, regionCode: string): string {
    const code = normalizeRegionCode(regionCode);
    if (!hasRoleOver(requireUser(ctx), code, VILLAGE_STAFF)) throw new ForbiddenError('This region is outside yours');
    return regionPrefix(code);
  }

  private month(month: string): string {
    if (!/^\d{4}(0[1-9]|1[0-2])$/.test(month)) throw new BadInputError('month must be YYYYMM, e.g. 202611');
    return month;
  }

  /** Orders are counted by the store's region; village rows split a township store by customer village. */
  storeFigures(ctx: RequestContext, regionCode: string, month: string): Promise<StoreMonthFigure[]> {
    return this.repos.orders.storeFigures(this.scope(ctx, regionCode), this.month(month));
  }

  async villageFigures(ctx: RequestContext, regionCode: string, month: string): Promise<VillageMonthFigure[]> {
    const rows = await this.storeFigures(ctx, regionCode, month);
    const byVillage = new Map<string, VillageMonthFigure>();
    for (const r of rows) {
      const v = byVillage.get(r.villageCode) ?? { villageCode: r.villageCode, redemptions: 0, pointsSpent: 0 };
      v.redemptions += r.redemptions;
      v.pointsSpent += r.pointsSpent;
      byVillage.set(r.villageCode, v);
    }
    return [...byVillage.values()];
  }

  topProducts(ctx: RequestContext, regionCode: string, month: string, limit: number) {
    return this.repos.orders.topProducts(this.scope(ctx, regionCode), this.month(month), limit);
  }

  stockAlerts(ctx: RequestContext, regionCode: string, limit: number): Promise<ProductEntity[]> {
    return this.repos.catalogue.lowStockUnderPrefix(this.scope(ctx, regionCode), limit);
  }
}

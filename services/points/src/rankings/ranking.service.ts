import {
  BadInputError,
  ForbiddenError,
  hasRoleOver,
  normalizeRegionCode,
  regionLevel,
  RegionLevel,
  regionPrefix,
  requireUser,
  VILLAGE_STAFF,
  isWithinRegion,
  type RequestContext,
} from '@gongzhi/subgraph-kit';
import type { HouseholdService } from '../households/household.service';
import { weekRange, yearRange } from '../periods';
import type { PointsRepositories } from '../repositories';

export interface RankedHousehold {
  rank: number;
  householdId: string;
  points: number;
}

function ranked(rows: Array<{ householdId: string; points: number }>): RankedHousehold[] {
  // Equal points share a rank (1, 2, 2, 4).
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || rows[i - 1].points !== r.points) rank = i + 1;
    return { rank, householdId: r.householdId, points: r.points };
  });
}

export class RankingService {
  constructor(
    private readonly repos: PointsRepositories,
    private readonly households: HouseholdService,
  ) {}

  /** Rankings are public within a region: its people and the staff over it. */
  private async requirePublicOf(ctx: RequestContext, region: string): Promise<void> {
    const user = requireUser(ctx);
    if (hasRoleOver(user, region, VILLAGE_STAFF)) return;
    const own = user.householdId ? (await this.households.byIds([user.householdId]))[0] : null;
    if (!own || !isWithinRegion(own.villageCode, region)) throw new ForbiddenError();
  }

  async leaderboard(ctx: RequestContext, regionCode: string, first: number): Promise<RankedHousehold[]> {
    const region = normalizeRegionCode(regionCode);
    const level = regionLevel(region);
    if (level !== RegionLevel.VILLAGE && level !== RegionLevel.TOWNSHIP) throw new BadInputError('Leaderboards are per village or township');
    await this.requirePublicOf(ctx, region);
    const rows = await this.repos.ledger.leaderboard(level === RegionLevel.VILLAGE ? 'village_code' : 'township_code', region, first);
    return ranked(rows.map((b) => ({ householdId: b.householdId, points: b.earned })));
  }

  /** 每周之星: the village's biggest gains of the week containing `at`. */
  async weeklyStars(ctx: RequestContext, villageCode: string, at: Date, first: number): Promise<RankedHousehold[]> {
    const village = normalizeRegionCode(villageCode);
    await this.requirePublicOf(ctx, village);
    const [from, to] = weekRange(at);
    return ranked(await this.repos.ledger.topGainers(village, from, to, first, false));
  }

  /** 红榜: households honoured this year (最美家庭, 见义勇为…), by honour points. */
  async redList(ctx: RequestContext, villageCode: string, year: number): Promise<RankedHousehold[]> {
    const village = normalizeRegionCode(villageCode);
    await this.requirePublicOf(ctx, village);
    if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new BadInputError('Year must be like 2026');
    const [from, to] = yearRange(year);
    return ranked(await this.repos.ledger.topGainers(village, from, to, 100, true));
  }

  /** Figures for staff and officers over a village, township or county. */
  async figures(ctx: RequestContext, regionCode: string, from: Date, to: Date) {
    const region = normalizeRegionCode(regionCode);
    if (!hasRoleOver(requireUser(ctx), region, VILLAGE_STAFF)) throw new ForbiddenError();
    if (to <= from) throw new BadInputError('"to" must be after "from"');
    const prefix = regionPrefix(region);
    const [ledger, applications, households] = await Promise.all([
      this.repos.ledger.figures(prefix, from, to),
      this.repos.applications.figures(prefix, from, to),
      this.repos.households.countInRegion(prefix),
    ]);
    return { regionCode: region, from, to, households, ...ledger, ...applications };
  }
}

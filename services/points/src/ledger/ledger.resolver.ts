import { mapConnection, PageArgs, requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canReadHousehold } from '../access';
import type { HouseholdRow } from '../households/household.entity';
import type { HouseholdService } from '../households/household.service';
import { AwardPointsInput, BulkPostPointsInput, ReservePointsInput } from './ledger.inputs';
import type { HouseholdPointsView, LedgerService } from './ledger.service';
import {
  ChainCheckType,
  HouseholdPointsType,
  HouseholdType,
  LedgerEntryConnection,
  LedgerEntryType,
  PointsReservationType,
  ReconciliationType,
} from './ledger.type';
import type { PostingService } from './posting.service';

/** Households the caller may see, batched per request; others resolve to null. */
async function visibleHousehold(ctx: RequestContext, households: HouseholdService, id: string): Promise<HouseholdRow | null> {
  const h = await requestLoader(ctx, 'pointsHousehold', async (ids) => {
    const rows = new Map((await households.byIds(ids)).map((r) => [r.id, r]));
    return ids.map((i) => rows.get(i) ?? null);
  }).load(id);
  return h && canReadHousehold(ctx.principal, h) ? h : null;
}

@Resolver(() => HouseholdType)
export class HouseholdPointsResolver {
  constructor(
    private readonly ledgerService: LedgerService,
    private readonly households: HouseholdService,
  ) {}

  @FieldResolver(() => HouseholdPointsType, { nullable: true, description: 'Null when you may not see this household' })
  async points(@Root() household: HouseholdType, @Ctx() ctx: RequestContext): Promise<HouseholdPointsType | null> {
    if (!(await visibleHousehold(ctx, this.households, household.id))) return null;
    const view = await requestLoader<HouseholdPointsView>(ctx, 'householdPoints', async (ids) => {
      const views = await this.ledgerService.pointsOf(ids);
      return ids.map((i) => views.get(i) ?? null);
    }).load(household.id);
    return view ? HouseholdPointsType.from(view) : null;
  }

  @FieldResolver(() => LedgerEntryConnection, { nullable: true, description: 'Newest first' })
  async ledger(@Root() household: HouseholdType, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    if (!(await visibleHousehold(ctx, this.households, household.id))) return null;
    return mapConnection(await this.ledgerService.ledgerPage(household.id, page.first, page.after), LedgerEntryType.from);
  }
}

@Resolver()
export class LedgerResolver {
  constructor(
    private readonly ledger: LedgerService,
    private readonly households: HouseholdService,
    private readonly postings: PostingService,
  ) {}

  @Query(() => HouseholdPointsType, { nullable: true, description: 'Members, staff over its village, and the mall (scope points:spend)' })
  async householdPoints(@Arg('householdId', () => ID) householdId: string, @Ctx() ctx: RequestContext): Promise<HouseholdPointsType | null> {
    const h = await this.households.get(householdId);
    this.ledger.assertCanRead(ctx, h);
    const view = (await this.ledger.pointsOf([h.id])).get(h.id);
    return view ? HouseholdPointsType.from(view) : null;
  }

  @Query(() => ChainCheckType, { description: "Recomputes a household's hash chain" })
  async verifyLedgerChain(@Arg('householdId', () => ID) householdId: string, @Ctx() ctx: RequestContext): Promise<ChainCheckType> {
    const h = await this.households.get(householdId);
    const check = await this.ledger.verifyChain(ctx, h);
    return Object.assign(new ChainCheckType(), { householdId, valid: check.valid, entries: check.entries, brokenAtSeq: check.brokenAtSeq });
  }

  @Query(() => ReconciliationType, { description: 'Checks every balance of a region against the sum of its entries' })
  async reconcilePoints(@Arg('regionCode', () => ID) regionCode: string, @Ctx() ctx: RequestContext): Promise<ReconciliationType> {
    const r = await this.ledger.reconcile(ctx, regionCode);
    return Object.assign(new ReconciliationType(), { ...r, consistent: r.mismatches.length === 0 });
  }

  @Query(() => PointsReservationType, { nullable: true, description: "The mall's recovery: a reservation by its idempotency key" })
  async pointsReservation(@Arg('idempotencyKey') key: string, @Ctx() ctx: RequestContext): Promise<PointsReservationType | null> {
    const r = await this.ledger.reservationByKey(ctx, key);
    return r ? PointsReservationType.from(r) : null;
  }

  @Mutation(() => PointsReservationType)
  async reservePoints(@Arg('input') input: ReservePointsInput, @Ctx() ctx: RequestContext): Promise<PointsReservationType> {
    return PointsReservationType.from(await this.ledger.reserve(ctx, input));
  }

  @Mutation(() => PointsReservationType)
  async commitPointsReservation(@Arg('reservationId', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<PointsReservationType> {
    return PointsReservationType.from(await this.ledger.commit(ctx, id));
  }

  @Mutation(() => PointsReservationType)
  async releasePointsReservation(@Arg('reservationId', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<PointsReservationType> {
    return PointsReservationType.from(await this.ledger.release(ctx, id));
  }

  @Mutation(() => LedgerEntryType, { description: 'A cadre awards or deducts points by a rule item, with a reason' })
  async awardPoints(@Arg('input') input: AwardPointsInput, @Ctx() ctx: RequestContext): Promise<LedgerEntryType> {
    return LedgerEntryType.from(await this.postings.award(ctx, input));
  }

  @Mutation(() => Int, { description: 'Posts one item to many households in one transaction; returns the number of entries' })
  async bulkPostPoints(@Arg('input') input: BulkPostPointsInput, @Ctx() ctx: RequestContext): Promise<number> {
    return (await this.postings.bulk(ctx, input)).length;
  }
}

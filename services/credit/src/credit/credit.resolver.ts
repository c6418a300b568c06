import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import { Matches } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CreditReferenceView, CreditService } from './credit.service';
import { PublishModelArgs } from './credit.inputs';
import { CreditModelType, CreditReferenceType, HouseholdCreditType, RescoreRunType } from './credit.type';

@ArgsType()
class CountyArgs {
  @Field()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit county code' })
  countyCode: string;
}

/** Starts a rescoring run (the worker picks it up); wired in app.ts. */
export type RunStarter = (runId: string) => Promise<void>;

@Resolver(() => HouseholdCreditType)
export class CreditResolver {
  constructor(
    private readonly creditService: CreditService,
    private readonly startRun: RunStarter,
  ) {}

  @Query(() => CreditReferenceType, { description: 'The credit reference of a household, for its members and the staff of its village' })
  async creditReference(@Arg('householdId', () => ID) householdId: string, @Ctx() ctx: RequestContext): Promise<CreditReferenceType> {
    return CreditReferenceType.from(await this.creditService.reference(ctx, householdId));
  }

  @FieldResolver(() => CreditReferenceType, { nullable: true, description: 'Null unless you are a member of the household or staff over its village' })
  async credit(@Root() household: HouseholdCreditType, @Ctx() ctx: RequestContext): Promise<CreditReferenceType | null> {
    const view = await requestLoader<CreditReferenceView>(ctx, 'creditReference', (ids) => this.creditService.visibleReferences(ctx, ids)).load(household.id);
    return view ? CreditReferenceType.from(view) : null;
  }

  @Query(() => CreditModelType)
  async creditModel(@Args() args: CountyArgs, @Ctx() ctx: RequestContext): Promise<CreditModelType> {
    const m = await this.creditService.currentModel(ctx, args.countyCode);
    return Object.assign(new CreditModelType(), { countyCode: args.countyCode, version: m.version, config: JSON.stringify(m.config) });
  }

  @Mutation(() => RescoreRunType, { description: 'Publish a new model version for a county and rescore all its households' })
  async publishCreditModel(@Args() args: PublishModelArgs, @Ctx() ctx: RequestContext): Promise<RescoreRunType> {
    await this.creditService.publishModel(ctx, args.countyCode, JSON.parse(args.config), args.note);
    const run = await this.creditService.startRun(ctx, args.countyCode);
    await this.startRun(run.id);
    return RescoreRunType.from(run);
  }

  @Mutation(() => RescoreRunType, { description: 'Rescore every household of a county (county officers)' })
  async rescoreCounty(@Args() args: CountyArgs, @Ctx() ctx: RequestContext): Promise<RescoreRunType> {
    const run = await this.creditService.startRun(ctx, args.countyCode);
    await this.startRun(run.id);
    return RescoreRunType.from(run);
  }

  @Query(() => RescoreRunType)
  async rescoreRun(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<RescoreRunType> {
    return RescoreRunType.from(await this.creditService.getRun(ctx, id));
  }
}

/** A reference's rank counts the township's scores: done only when a query asks for it. */
@Resolver(() => CreditReferenceType)
export class CreditReferenceResolver {
  @FieldResolver(() => Int, { description: 'Rank within the township (1 = highest score; ties share a rank)' })
  async rank(@Root() ref: CreditReferenceType): Promise<number> {
    return (await ref.standing()).rank;
  }

  @FieldResolver(() => Int)
  async townshipSize(@Root() ref: CreditReferenceType): Promise<number> {
    return (await ref.standing()).townshipSize;
  }
}

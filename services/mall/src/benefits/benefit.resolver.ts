import { requestLoader, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { BenefitTierEntity } from './benefit.entity';
import type { BenefitService } from './benefit.service';
import { CreateBenefitProgramInput } from './benefit.inputs';
import { BenefitCheckResultType, BenefitProgramType, BenefitTierType } from './benefit.type';

@Resolver(() => BenefitProgramType)
export class BenefitResolver {
  constructor(private readonly benefits: BenefitService) {}

  @Query(() => [BenefitProgramType], { description: 'Staff: programs in a region. Merchants and hospitals: the programs they joined' })
  async benefitPrograms(@Arg('regionCode', () => ID, { nullable: true }) regionCode: string | null, @Ctx() ctx: RequestContext) {
    return (await this.benefits.programs(ctx, regionCode)).map(BenefitProgramType.from);
  }

  @Mutation(() => BenefitProgramType)
  async createBenefitProgram(@Arg('input') input: CreateBenefitProgramInput, @Ctx() ctx: RequestContext) {
    return BenefitProgramType.from(await this.benefits.createProgram(ctx, input));
  }

  @Mutation(() => BenefitProgramType, { description: 'Enrol a merchant or hospital (its OAuth client id) in a program' })
  async addBenefitMember(
    @Arg('programId', () => ID) programId: string,
    @Arg('clientId') clientId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return BenefitProgramType.from(await this.benefits.addMember(ctx, programId, clientId));
  }

  @Mutation(() => [BenefitCheckResultType], {
    description: 'Merchants and hospitals (scope benefit:check) scan a household code: the tier and benefit per program, nothing else. Logged.',
  })
  async checkBenefit(@Arg('householdCode') householdCode: string, @Ctx() ctx: RequestContext): Promise<BenefitCheckResultType[]> {
    const answers = await this.benefits.check(ctx, householdCode);
    return answers.map((a) =>
      Object.assign(new BenefitCheckResultType(), {
        programName: a.programName,
        eligible: !!a.tier,
        tierName: a.tier?.name ?? null,
        discountPercent: a.tier?.discountPercent ?? 0,
        benefit: a.tier?.description ?? null,
      }),
    );
  }

  @FieldResolver(() => [BenefitTierType])
  async tiers(@Root() program: BenefitProgramType, @Ctx() ctx: RequestContext): Promise<BenefitTierType[]> {
    const tiers = await requestLoader<BenefitTierEntity[]>(ctx, 'benefitTiers', async (ids) => {
      const all = await this.benefits.tiersOf(ids);
      return ids.map((id) => all.filter((t) => t.programId === id));
    }).load(program.id);
    return (tiers ?? []).map(BenefitTierType.from);
  }

  @FieldResolver(() => [String], { description: 'Member client ids; staff only' })
  async memberClientIds(@Root() program: BenefitProgramType, @Ctx() ctx: RequestContext): Promise<string[]> {
    return this.benefits.members(ctx, { ...program, createdBy: '', createdAt: new Date() });
  }
}

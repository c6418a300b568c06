import type { RequestContext } from '@gongzhi/subgraph-kit';
import { requireUser } from '@gongzhi/subgraph-kit';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CreateRuleItemInput, UpdateRuleItemInput } from './rule.inputs';
import type { RuleService } from './rule.service';
import { RuleItemType } from './rule.type';

@Resolver(() => RuleItemType)
export class RuleResolver {
  constructor(private readonly rules: RuleService) {}

  @Query(() => [RuleItemType], { description: 'Rule items in effect for a village (county library with the village’s own items)' })
  async ruleItems(@Arg('villageCode', () => ID) villageCode: string, @Ctx() ctx: RequestContext): Promise<RuleItemType[]> {
    requireUser(ctx);
    return (await this.rules.effectiveFor(villageCode)).map(RuleItemType.from);
  }

  @Query(() => [RuleItemType], { description: 'Every version of an item defined at a region, oldest first' })
  async ruleItemVersions(@Arg('regionCode', () => ID) regionCode: string, @Arg('code') code: string, @Ctx() ctx: RequestContext): Promise<RuleItemType[]> {
    requireUser(ctx);
    return (await this.rules.history(regionCode, code)).map(RuleItemType.from);
  }

  @Mutation(() => RuleItemType)
  async createRuleItem(@Arg('input') input: CreateRuleItemInput, @Ctx() ctx: RequestContext): Promise<RuleItemType> {
    return RuleItemType.from(await this.rules.create(ctx, input));
  }

  @Mutation(() => RuleItemType, { description: 'Makes a new version; entries already posted keep theirs' })
  async updateRuleItem(@Arg('input') input: UpdateRuleItemInput, @Ctx() ctx: RequestContext): Promise<RuleItemType> {
    return RuleItemType.from(await this.rules.update(ctx, input));
  }
}

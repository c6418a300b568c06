import { mapConnection, requestLoader, toConnection, type RequestContext } from '@gongzhi/subgraph-kit';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HandOffInput, IssuesArgs, RaiseIssueInput, RateIssueArgs } from './issue.inputs';
import type { IssueCategory, IssueService } from './issue.service';
import {
  HouseholdIssuesType,
  IssueConnection,
  IssueEscalationType,
  IssueEventType,
  IssuePartyType,
  IssueType,
  NotificationConnection,
  NotificationType,
} from './issue.type';
import { IssueAction } from './workflow.service';

@Resolver(() => IssueType)
export class IssueResolver {
  constructor(private readonly issueService: IssueService) {}

  @Query(() => IssueType)
  async issue(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<IssueType> {
    return IssueType.from(await this.issueService.get(ctx, id));
  }

  @Query(() => IssueConnection, { description: 'Issues I may see: mine, public ones of my village, all of the villages I serve' })
  async issues(@Args() args: IssuesArgs, @Ctx() ctx: RequestContext) {
    const rows = await this.issueService.list(ctx, args);
    return mapConnection(toConnection(rows, args.first, (r) => [r.id]), IssueType.from);
  }

  @Query(() => [IssueEscalationType], { description: 'Overdue issues escalated to the townships of a region (officers)' })
  async issueEscalations(
    @Arg('regionCode', () => ID) regionCode: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<IssueEscalationType[]> {
    const rows = await this.issueService.escalations(ctx, regionCode, Math.min(Math.max(first, 1), 200));
    return rows.map((r) => Object.assign(new IssueEscalationType(), r));
  }

  @Query(() => NotificationConnection, { description: 'My inbox: reminders, escalations, status changes, requests to rate' })
  async issueInbox(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const n = Math.min(Math.max(first, 1), 100);
    const rows = await this.issueService.inbox(ctx, n, after);
    return mapConnection(toConnection(rows, n, (r) => [r.id]), (r) => Object.assign(new NotificationType(), r));
  }

  @Mutation(() => IssueType, { description: '群众说: a villager raises a matter for their village' })
  async raiseIssue(@Arg('input') input: RaiseIssueInput, @Ctx() ctx: RequestContext): Promise<IssueType> {
    return IssueType.from(await this.issueService.raise(ctx, { ...input, category: input.category as IssueCategory }));
  }

  @Mutation(() => IssueType)
  async acknowledgeIssue(@Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.ACKNOWLEDGE, { note }));
  }

  @Mutation(() => IssueType, { description: 'Ask the villager for more detail' })
  async requestIssueDetail(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.REQUEST_DETAIL, { note }));
  }

  @Mutation(() => IssueType)
  async provideIssueDetail(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.PROVIDE_DETAIL, { note }));
  }

  @Mutation(() => IssueType, { description: 'Out of the village’s scope, with the reason' })
  async rejectIssue(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.REJECT, { note: reason }));
  }

  @Mutation(() => IssueType, { description: '村委议: put to deliberation' })
  async deliberateIssue(@Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.DELIBERATE, { note }));
  }

  @Mutation(() => IssueType, { description: '多方办: hand to township offices or outside units' })
  async handOffIssue(@Arg('id', () => ID) id: string, @Arg('input') input: HandOffInput, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.HAND_OFF, { parties: input.parties, note: input.note }));
  }

  @Mutation(() => IssueType, { description: 'Record what a party reported back' })
  async reportIssueParty(
    @Arg('id', () => ID) id: string,
    @Arg('partyId', () => ID) partyId: string,
    @Arg('report') report: string,
    @Ctx() ctx: RequestContext,
  ) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.PARTY_REPORT, { partyId, note: report }));
  }

  @Mutation(() => IssueType)
  async resolveIssue(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.RESOLVE, { note }));
  }

  @Mutation(() => IssueType, { description: '解释回复: cannot be done, with the explanation (a closed state of its own)' })
  async explainIssue(@Arg('id', () => ID) id: string, @Arg('explanation') explanation: string, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.EXPLAIN, { note: explanation }));
  }

  @Mutation(() => IssueType, { description: '群众评: the raiser rates the result, once' })
  async rateIssue(@Args() args: RateIssueArgs, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, args.id, IssueAction.RATE, { stars: args.stars, comment: args.comment }));
  }

  @Mutation(() => IssueType, { description: 'The raiser is not satisfied: reopen, once' })
  async reopenIssue(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext) {
    return IssueType.from(await this.issueService.act(ctx, id, IssueAction.REOPEN, { note: reason }));
  }

  @FieldResolver(() => [IssueEventType])
  async timeline(@Root() issue: IssueType, @Ctx() ctx: RequestContext): Promise<IssueEventType[]> {
    const events = await requestLoader(ctx, 'issueTimeline', (ids) => this.issueService.timelines(ctx, ids)).load(issue.id);
    return (events ?? []).map(IssueEventType.from);
  }

  @FieldResolver(() => [IssuePartyType])
  async parties(@Root() issue: IssueType, @Ctx() ctx: RequestContext): Promise<IssuePartyType[]> {
    const parties = await requestLoader(ctx, 'issueParties', (ids) => this.issueService.partiesOf(ids)).load(issue.id);
    return (parties ?? []).map(IssuePartyType.from);
  }
}

@Resolver(() => HouseholdIssuesType)
export class HouseholdIssuesResolver {
  constructor(private readonly issueService: IssueService) {}

  @FieldResolver(() => [IssueType], { description: "The household's issues the caller may see, newest first" })
  async issues(@Root() household: HouseholdIssuesType, @Ctx() ctx: RequestContext): Promise<IssueType[]> {
    return (await this.issueService.ofHousehold(ctx, household.id)).map(IssueType.from);
  }
}

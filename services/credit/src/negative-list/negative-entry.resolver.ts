import type { RequestContext } from '@gongzhi/subgraph-kit';
import { IsIn, IsOptional, Length, Matches } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { NEGATIVE_KINDS } from '../scoring/scoring.model';
import type { NegativeEntryEntity } from './negative-entry.entity';
import type { NegativeEntryService } from './negative-entry.service';

@ObjectType('NegativeEntry', { description: 'An entry of the negative list (违法犯罪, 失信被执行人, 拒服兵役, 缠访闹访, …)' })
export class NegativeEntryType {
  @Field(() => ID) id: string;
  @Field(() => ID) householdId: string;
  @Field() kind: string;
  @Field({ description: 'Who reported it, e.g. a court judgment number' }) source: string;
  @Field() reason: string;
  @Field() startsOn: string;
  @Field(() => String, { nullable: true }) expiresOn: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) removedAt: Date | null;
  @Field(() => String, { nullable: true }) removalReason: string | null;

  static from(e: NegativeEntryEntity): NegativeEntryType {
    return Object.assign(new NegativeEntryType(), {
      id: e.id, householdId: e.householdId, kind: e.kind, source: e.source, reason: e.reason, startsOn: e.startsOn,
      expiresOn: e.expiresOn, createdAt: e.createdAt, removedAt: e.removedAt, removalReason: e.removalReason,
    });
  }
}

@ArgsType()
class AddNegativeEntryArgs {
  @Field(() => ID) householdId: string;

  @Field({ description: NEGATIVE_KINDS.join(', ') })
  @IsIn([...NEGATIVE_KINDS], { message: `kind must be one of ${NEGATIVE_KINDS.join(', ')}` })
  kind: string;

  @Field() @Length(1, 200) source: string;
  @Field() @Length(1, 500) reason: string;
  @Field({ description: 'YYYY-MM-DD' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) startsOn: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; the entry stops counting on this day' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  expiresOn?: string | null;
}

@Resolver()
export class NegativeEntryResolver {
  constructor(private readonly negative: NegativeEntryService) {}

  @Mutation(() => NegativeEntryType, { description: 'County officers or an agency with scope negative-list:write; audited; the household is rescored' })
  async addNegativeEntry(@Args() args: AddNegativeEntryArgs, @Ctx() ctx: RequestContext): Promise<NegativeEntryType> {
    return NegativeEntryType.from(await this.negative.add(ctx, { ...args, expiresOn: args.expiresOn ?? null }));
  }

  @Mutation(() => NegativeEntryType)
  async removeNegativeEntry(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<NegativeEntryType> {
    return NegativeEntryType.from(await this.negative.remove(ctx, id, reason));
  }

  @Query(() => [NegativeEntryType])
  async negativeEntries(@Arg('householdId', () => ID) householdId: string, @Ctx() ctx: RequestContext): Promise<NegativeEntryType[]> {
    return (await this.negative.list(ctx, householdId)).map(NegativeEntryType.from);
  }
}

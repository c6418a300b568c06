import type { RequestContext } from '@gongzhi/subgraph-kit';
import { IsInt, Max, Min } from 'class-validator';
import { Args, ArgsType, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { AuditRecord } from './audit.chain';
import type { AuditService } from './audit.service';

@ObjectType('CreditAuditEntry', { description: 'One row of the append-only, hash-chained audit log' })
export class AuditEntryType {
  @Field(() => Int) seq: number;
  @Field() at: Date;
  @Field({ description: 'USER, BANK, AGENCY or SYSTEM' }) actorKind: string;
  @Field() actorId: string;
  @Field() action: string;
  @Field({ description: 'Details as JSON' }) detail: string;

  static from(r: AuditRecord): AuditEntryType {
    return Object.assign(new AuditEntryType(), { seq: r.seq, at: r.createdAt, actorKind: r.actorKind, actorId: r.actorId, action: r.action, detail: JSON.stringify(r.detail) });
  }
}

@ObjectType('AuditChainCheck')
export class AuditChainCheckType {
  @Field() valid: boolean;
  @Field(() => Int) checked: number;
  @Field(() => Int) headSeq: number;
  @Field(() => Int, { nullable: true }) brokenAtSeq: number | null;
  @Field(() => String, { nullable: true }) problem: string | null;
}

@ArgsType()
class AccessLogArgs {
  @Field(() => ID) householdId: string;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(200) first: number = 50;
  @Field(() => Int, { nullable: true, description: 'Entries before this seq (paging back)' }) beforeSeq?: number | null;
}

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEntryType], { description: 'Who accessed the household data and when (newest first)' })
  async creditAccessLog(@Args() args: AccessLogArgs, @Ctx() ctx: RequestContext): Promise<AuditEntryType[]> {
    return (await this.audit.accessLog(ctx, args.householdId, args.first, args.beforeSeq ?? null)).map(AuditEntryType.from);
  }

  @Query(() => AuditChainCheckType, { description: 'Recompute the audit chain and report the first broken row' })
  async verifyCreditAuditChain(@Ctx() ctx: RequestContext): Promise<AuditChainCheckType> {
    return Object.assign(new AuditChainCheckType(), await this.audit.verify(ctx));
  }
}

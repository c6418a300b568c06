import type { RequestContext } from '@gongzhi/subgraph-kit';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { CreditReferenceType } from '../credit/credit.type';
import type { ApplicationStatus, ConsentEntity, LoanApplicationEntity } from './loan.entity';
import { DATA_SHARED, type BankApplicationView, type LoanService } from './loan.service';

@ObjectType('CreditConsent', { description: "A household's separate, revocable consent for one bank to see its credit reference (PIPL)" })
export class ConsentType {
  @Field(() => ID) id: string;
  @Field(() => ID) householdId: string;
  @Field() bankClientId: string;
  @Field() bankName: string;
  @Field() purpose: string;
  @Field(() => [String]) dataShared: string[];
  @Field() expiresAt: Date;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field() live: boolean;

  static from(c: ConsentEntity, now = new Date()): ConsentType {
    return Object.assign(new ConsentType(), {
      id: c.id, householdId: c.householdId, bankClientId: c.bankClientId, bankName: c.bankName, purpose: c.purpose, dataShared: c.dataShared,
      expiresAt: c.expiresAt, createdAt: c.createdAt, revokedAt: c.revokedAt, live: c.revokedAt === null && c.expiresAt > now,
    });
  }
}

@ObjectType('LoanApplication')
export class LoanApplicationType {
  @Field(() => ID) id: string;
  @Field(() => ID) householdId: string;
  @Field(() => ID) productId: string;
  @Field() bankClientId: string;
  @Field(() => ID) consentId: string;
  @Field(() => Int) amountFen: number;
  @Field(() => Int) termMonths: number;
  @Field(() => Int) quotedRateBp: number;
  @Field(() => Int) quotedLimitFen: number;
  @Field() status: string;
  @Field(() => String, { nullable: true }) decisionNote: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;

  static from(a: LoanApplicationEntity): LoanApplicationType {
    return Object.assign(new LoanApplicationType(), {
      id: a.id, householdId: a.householdId, productId: a.productId, bankClientId: a.bankClientId, consentId: a.consentId,
      amountFen: Number(a.amountFen), termMonths: a.termMonths, quotedRateBp: a.quotedRateBp, quotedLimitFen: Number(a.quotedLimitFen),
      status: a.status, decisionNote: a.decisionNote, createdAt: a.createdAt, updatedAt: a.updatedAt,
    });
  }
}

@ObjectType('BankLoanApplication', { description: 'What a bank sees of an applicant with live consent: the application and the credit reference, nothing more' })
export class BankApplicationType {
  @Field(() => LoanApplicationType) application: LoanApplicationType;
  @Field() purpose: string;
  @Field() consentExpiresAt: Date;
  @Field(() => CreditReferenceType, { nullable: true, description: 'Null while a human review is open' }) credit: CreditReferenceType | null;

  static from(v: BankApplicationView): BankApplicationType {
    return Object.assign(new BankApplicationType(), {
      application: LoanApplicationType.from(v.application),
      purpose: v.consent.purpose,
      consentExpiresAt: v.consent.expiresAt,
      credit: v.reference ? CreditReferenceType.from(v.reference, v.consent.dataShared.includes('REASON_CODES')) : null,
    });
  }
}

@ArgsType()
class GrantConsentArgs {
  @Field({ description: 'The bank (its client id, as listed in loanProducts)' }) @Length(1, 64) bankClientId: string;
  @Field() @Length(1, 200) purpose: string;
  @Field(() => [String], { description: DATA_SHARED.join(', ') })
  @ArrayMinSize(1)
  @ArrayMaxSize(DATA_SHARED.length)
  @IsIn([...DATA_SHARED], { each: true, message: `dataShared entries must be ${DATA_SHARED.join(' or ')}` })
  dataShared: string[];
  @Field() expiresAt: Date;
}

@ArgsType()
class ApplyArgs {
  @Field(() => ID) productId: string;
  @Field(() => ID) consentId: string;
  @Field(() => Int) @IsInt() @Min(100) @Max(2_000_000_000) amountFen: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(360) termMonths: number;
  @Field(() => String, { nullable: true, description: 'Send the same key when retrying: the application is made once, and the retry returns it' })
  @IsOptional()
  @Length(1, 100)
  idempotencyKey?: string | null;
}

const DECISIONS: ApplicationStatus[] = ['APPROVED', 'REJECTED', 'DISBURSED', 'REPAID', 'DEFAULTED'];

@ArgsType()
class DecideArgs {
  @Field(() => ID) applicationId: string;
  @Field({ description: DECISIONS.join(', ') })
  @IsIn(DECISIONS, { message: `decision must be one of ${DECISIONS.join(', ')}` })
  decision: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 500) note?: string | null;
}

@ArgsType()
class BankPageArgs {
  @Field(() => Int, { defaultValue: 20 }) @IsInt() @Min(1) @Max(100) first: number = 20;
  @Field(() => ID, { nullable: true }) after?: string | null;
}

@Resolver()
export class LoanResolver {
  constructor(private readonly loans: LoanService) {}

  @Mutation(() => ConsentType)
  async grantCreditConsent(@Args() args: GrantConsentArgs, @Ctx() ctx: RequestContext): Promise<ConsentType> {
    return ConsentType.from(await this.loans.grantConsent(ctx, args));
  }

  @Mutation(() => ConsentType, { description: 'The bank loses access at once' })
  async revokeCreditConsent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ConsentType> {
    return ConsentType.from(await this.loans.revokeConsent(ctx, id));
  }

  @Query(() => [ConsentType])
  async myCreditConsents(@Ctx() ctx: RequestContext): Promise<ConsentType[]> {
    return (await this.loans.myConsents(ctx)).map((c) => ConsentType.from(c));
  }

  @Mutation(() => LoanApplicationType)
  async applyForLoan(@Args() args: ApplyArgs, @Ctx() ctx: RequestContext): Promise<LoanApplicationType> {
    return LoanApplicationType.from(await this.loans.apply(ctx, args));
  }

  @Query(() => [LoanApplicationType])
  async myLoanApplications(@Ctx() ctx: RequestContext): Promise<LoanApplicationType[]> {
    return (await this.loans.myApplications(ctx)).map(LoanApplicationType.from);
  }

  @Query(() => [BankApplicationType], { description: "A bank (scope credit:read) lists applications whose consent is live" })
  async bankLoanApplications(@Args() args: BankPageArgs, @Ctx() ctx: RequestContext): Promise<BankApplicationType[]> {
    return (await this.loans.bankList(ctx, args.first, args.after ?? null)).map(BankApplicationType.from);
  }

  @Query(() => BankApplicationType, { description: 'A bank reads one application with live consent; every read is audited' })
  async bankLoanApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<BankApplicationType> {
    return BankApplicationType.from(await this.loans.bankRead(ctx, id));
  }

  @Mutation(() => LoanApplicationType, { description: 'A bank (scope credit:decide) records approve / reject / disbursed / repaid / defaulted' })
  async recordLoanDecision(@Args() args: DecideArgs, @Ctx() ctx: RequestContext): Promise<LoanApplicationType> {
    return LoanApplicationType.from(await this.loans.decide(ctx, args.applicationId, args.decision as ApplicationStatus, args.note ?? null));
  }
}


import type { RequestContext } from '@gongzhi/subgraph-kit';
import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { LoanProductEntity } from './product.entity';
import type { ProductQuote, ProductService } from './product.service';

const MAX_FEN = 2_000_000_000;

@ObjectType('LoanProduct', { description: 'A bank loan product: rates in basis points (500 = 5.00%), amounts in fen' })
export class LoanProductType {
  @Field(() => ID) id: string;
  @Field() bankClientId: string;
  @Field() bankName: string;
  @Field() name: string;
  @Field() regionCode: string;
  @Field(() => Int) baseRateBp: number;
  @Field(() => Int) reductionBpPer100Points: number;
  @Field(() => Int) floorRateBp: number;
  @Field(() => Int) maxAmountFenA: number;
  @Field(() => Int) maxAmountFenB: number;
  @Field(() => Int) maxAmountFenC: number;
  @Field(() => Int) maxAmountFenD: number;
  @Field(() => Int, { nullable: true, description: 'Top share of a township in permille (200 = top 20%)' }) topSharePermille: number | null;
  @Field(() => Int, { nullable: true }) topRateBp: number | null;
  @Field(() => Int, { nullable: true }) topMaxAmountFen: number | null;
  @Field(() => Int) termMonths: number;
  @Field() active: boolean;

  static from(p: LoanProductEntity): LoanProductType {
    return Object.assign(new LoanProductType(), {
      id: p.id, bankClientId: p.bankClientId, bankName: p.bankName, name: p.name, regionCode: p.regionCode, baseRateBp: p.baseRateBp,
      reductionBpPer100Points: p.reductionBpPer100Points, floorRateBp: p.floorRateBp,
      maxAmountFenA: Number(p.maxAmountFenByGrade.A), maxAmountFenB: Number(p.maxAmountFenByGrade.B), maxAmountFenC: Number(p.maxAmountFenByGrade.C), maxAmountFenD: Number(p.maxAmountFenByGrade.D),
      topSharePermille: p.topSharePermille, topRateBp: p.topRateBp, topMaxAmountFen: p.topMaxAmountFen === null ? null : Number(p.topMaxAmountFen),
      termMonths: p.termMonths, active: !!p.active,
    });
  }
}

@ObjectType('LoanQuote', { description: 'Rate and limit for your household, with the calculation shown' })
export class LoanQuoteType {
  @Field(() => LoanProductType) product: LoanProductType;
  @Field() eligible: boolean;
  @Field(() => Int) rateBp: number;
  @Field(() => Int) limitFen: number;
  @Field({ description: 'Within the top share of the township' }) topShare: boolean;
  @Field(() => [String]) calculation: string[];
  @Field(() => [String]) reasonCodes: string[];

  static from(q: ProductQuote): LoanQuoteType {
    return Object.assign(new LoanQuoteType(), { ...q, product: LoanProductType.from(q.product) });
  }
}

@ArgsType()
export class DefineProductArgs {
  @Field() @Length(1, 100) name: string;
  @Field() @Length(1, 100) bankName: string;
  @Field({ description: 'Region the product is offered in (6, 9 or 12 digits)' }) regionCode: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(10_000) baseRateBp: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(10_000) reductionBpPer100Points: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(10_000) floorRateBp: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_FEN) maxAmountFenA: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_FEN) maxAmountFenB: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_FEN) maxAmountFenC: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_FEN) maxAmountFenD: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1000) topSharePermille?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(10_000) topRateBp?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(MAX_FEN) topMaxAmountFen?: number | null;
  @Field(() => Int) @IsInt() @Min(1) @Max(360) termMonths: number;
}

@Resolver()
export class ProductResolver {
  constructor(private readonly products: ProductService) {}

  @Mutation(() => LoanProductType, { description: 'A bank (scope credit:decide) defines a product in its region' })
  async defineLoanProduct(@Args() args: DefineProductArgs, @Ctx() ctx: RequestContext): Promise<LoanProductType> {
    return LoanProductType.from(
      await this.products.define(ctx, { ...args, topSharePermille: args.topSharePermille ?? null, topRateBp: args.topRateBp ?? null, topMaxAmountFen: args.topMaxAmountFen ?? null }),
    );
  }

  @Mutation(() => LoanProductType)
  async setLoanProductActive(@Arg('id', () => ID) id: string, @Arg('active') active: boolean, @Ctx() ctx: RequestContext): Promise<LoanProductType> {
    return LoanProductType.from(await this.products.setActive(ctx, id, active));
  }

  @Query(() => [LoanProductType], { description: "A bank's own products, or those offered to your household" })
  async loanProducts(@Ctx() ctx: RequestContext): Promise<LoanProductType[]> {
    return (await this.products.list(ctx)).map(LoanProductType.from);
  }

  @Query(() => [LoanQuoteType], { description: 'Quotes for your household across the products offered there' })
  async myLoanQuotes(@Ctx() ctx: RequestContext): Promise<LoanQuoteType[]> {
    return (await this.products.quotes(ctx)).map(LoanQuoteType.from);
  }
}

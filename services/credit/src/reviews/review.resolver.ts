import type { RequestContext } from '@gongzhi/subgraph-kit';
import { IsIn, Length } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { CreditReviewEntity } from './review.entity';
import { REVIEW_OUTCOMES, type ReviewService } from './review.service';

@ObjectType('CreditReview', { description: 'A request for a person to review a household score' })
export class CreditReviewType {
  @Field(() => ID) id: string;
  @Field(() => ID) householdId: string;
  @Field() villageCode: string;
  @Field() reason: string;
  @Field() status: string;
  @Field(() => String, { nullable: true }) outcome: string | null;
  @Field(() => String, { nullable: true }) resolution: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;

  static from(e: CreditReviewEntity): CreditReviewType {
    return Object.assign(new CreditReviewType(), {
      id: e.id, householdId: e.householdId, villageCode: e.villageCode, reason: e.reason, status: e.status, outcome: e.outcome,
      resolution: e.resolution, createdAt: e.createdAt, resolvedAt: e.resolvedAt,
    });
  }
}

@ArgsType()
class RequestReviewArgs {
  @Field(() => ID) householdId: string;
  @Field() @Length(1, 1000) reason: string;
}

@ArgsType()
class ResolveReviewArgs {
  @Field(() => ID) id: string;
  @Field({ description: REVIEW_OUTCOMES.join(' or ') })
  @IsIn([...REVIEW_OUTCOMES], { message: `outcome must be one of ${REVIEW_OUTCOMES.join(', ')}` })
  outcome: string;
  @Field() @Length(1, 1000) resolution: string;
}

@Resolver()
export class ReviewResolver {
  constructor(private readonly reviews: ReviewService) {}

  @Mutation(() => CreditReviewType, { description: 'Ask a person to review your household score; banks see nothing until it is resolved' })
  async requestCreditReview(@Args() args: RequestReviewArgs, @Ctx() ctx: RequestContext): Promise<CreditReviewType> {
    return CreditReviewType.from(await this.reviews.request(ctx, args.householdId, args.reason));
  }

  @Mutation(() => CreditReviewType)
  async resolveCreditReview(@Args() args: ResolveReviewArgs, @Ctx() ctx: RequestContext): Promise<CreditReviewType> {
    return CreditReviewType.from(await this.reviews.resolve(ctx, args.id, args.outcome, args.resolution));
  }

  @Query(() => [CreditReviewType], { description: 'Open reviews in a region, for township and county officers' })
  async openCreditReviews(@Arg('regionCode') regionCode: string, @Ctx() ctx: RequestContext): Promise<CreditReviewType[]> {
    return (await this.reviews.open(ctx, regionCode)).map(CreditReviewType.from);
  }
}

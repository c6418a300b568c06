import {
  BadInputError,
  ForbiddenError,
  hasRoleOver,
  newId,
  normalizeRegionCode,
  NotFoundError,
  OFFICERS,
  regionPrefix,
  requireUser,
  type RequestContext,
  type Transactor,
} from '@gongzhi/subgraph-kit';
import { DomainError } from '@gongzhi/subgraph-kit';
import { type CreditService } from '../credit/credit.service';
import type { CreditRepositories } from '../repositories';
import type { CreditReviewEntity } from './review.entity';

export const REVIEW_OUTCOMES = ['UPHELD', 'CORRECTED'] as const;

/**
 * A household may ask a person to review its score. While a review is open the reference is
 * not shared with banks; township or county officers close it.
 */
export class ReviewService {
  constructor(
    private readonly repos: CreditRepositories,
    private readonly tx: Transactor<CreditRepositories>,
    private readonly credit: CreditService,
  ) {}

  async request(ctx: RequestContext, householdId: string, reason: string): Promise<CreditReviewEntity> {
    const user = requireUser(ctx);
    if (user.householdId !== householdId) throw new ForbiddenError('Only members of the household ask for a review of its score');
    const villageCode = await this.credit.villageOf(householdId);
    if ((await this.repos.reviews.householdsWithOpenReview([householdId])).size) {
      throw new DomainError('CREDIT_REVIEW_ALREADY_OPEN', 'A review of this household is already open');
    }
    const review: CreditReviewEntity = {
      id: newId(), householdId, villageCode, requestedBy: user.userId, reason, status: 'OPEN', outcome: null, resolution: null,
      reviewerId: null, createdAt: new Date(), resolvedAt: null,
    };
    return this.tx.run(async (repos) => {
      await repos.reviews.insert(review);
      await repos.audit.append({ householdId, actorKind: 'USER', actorId: user.userId, action: 'REVIEW_REQUESTED', detail: { reviewId: review.id } });
      return review;
    });
  }

  async resolve(ctx: RequestContext, id: string, outcome: string, resolution: string): Promise<CreditReviewEntity> {
    const user = requireUser(ctx);
    const review = await this.repos.reviews.findById(id);
    if (!review) throw new NotFoundError('Credit review', id);
    if (!hasRoleOver(user, review.villageCode, OFFICERS)) throw new ForbiddenError('Only township or county officers over the village resolve a review');
    if (!(REVIEW_OUTCOMES as readonly string[]).includes(outcome)) throw new BadInputError(`outcome must be one of ${REVIEW_OUTCOMES.join(', ')}`);
    if (review.status !== 'OPEN') throw new DomainError('CREDIT_REVIEW_CLOSED', 'This review is already resolved');
    const changes = { status: 'RESOLVED' as const, outcome, resolution, reviewerId: user.userId, resolvedAt: new Date() };
    return this.tx.run(async (repos) => {
      await repos.reviews.update(id, changes);
      await this.credit.rescore(repos, [review.householdId], { reviewResolved: id });
      await repos.audit.append({ householdId: review.householdId, actorKind: 'USER', actorId: user.userId, action: 'REVIEW_RESOLVED', detail: { reviewId: id, outcome } });
      return { ...review, ...changes };
    });
  }

  async open(ctx: RequestContext, regionCode: string): Promise<CreditReviewEntity[]> {
    const region = normalizeRegionCode(regionCode);
    if (!hasRoleOver(ctx.principal, region, OFFICERS)) throw new ForbiddenError();
    return this.repos.reviews.openInRegion(regionPrefix(region), 200);
  }
}

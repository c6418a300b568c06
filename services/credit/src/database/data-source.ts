import { createDataSource, CreateOutbox1763800000000, OutboxEventEntity } from '@gongzhi/subgraph-kit';
import { AuditHeadEntity, AuditLogEntity } from '../audit/audit.entity';
import { CreditModelEntity, CreditScoreEntity, RescoreRunEntity } from '../credit/credit.entity';
import { ConsentEntity, LoanApplicationEntity } from '../loans/loan.entity';
import { NegativeEntryEntity } from '../negative-list/negative-entry.entity';
import { LoanProductEntity } from '../products/product.entity';
import { HouseholdFactsEntity, PointsEntryEntity, PointsMonthEntity, ProcessedEventEntity } from '../projection/projection.entity';
import { CreditReviewEntity } from '../reviews/review.entity';
import { CreditSchema1763900000001 } from './migrations/1763900000001-credit-schema';
import { LoanIdempotency1763900000002 } from './migrations/1763900000002-loan-idempotency';

export function createCreditDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    poolSize,
    entities: [
      ProcessedEventEntity, HouseholdFactsEntity, PointsEntryEntity, PointsMonthEntity,
      CreditModelEntity, CreditScoreEntity, RescoreRunEntity, NegativeEntryEntity, CreditReviewEntity,
      LoanProductEntity, ConsentEntity, LoanApplicationEntity, AuditLogEntity, AuditHeadEntity, OutboxEventEntity,
    ],
    migrations: [CreateOutbox1763800000000, CreditSchema1763900000001, LoanIdempotency1763900000002],
  });
}

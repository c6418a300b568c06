import { recordEvent } from '@gongzhi/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { AuditRepository } from './audit/audit.repository';
import { CreditRepository } from './credit/credit.repository';
import { LoanRepository } from './loans/loan.repository';
import { NegativeEntryRepository } from './negative-list/negative-entry.repository';
import { ProductRepository } from './products/product.repository';
import { ProjectionRepository } from './projection/projection.repository';
import { ReviewRepository } from './reviews/review.repository';

/** Every repository of credit bound to one EntityManager (one transaction, or none). */
export function creditRepositories(manager: EntityManager) {
  return {
    projection: new ProjectionRepository(manager),
    credit: new CreditRepository(manager),
    negative: new NegativeEntryRepository(manager),
    reviews: new ReviewRepository(manager),
    products: new ProductRepository(manager),
    loans: new LoanRepository(manager),
    audit: new AuditRepository(manager),
    events: { record: (topic: string, payload: Record<string, unknown>) => recordEvent(manager, topic, payload) },
  };
}

export type CreditRepositories = ReturnType<typeof creditRepositories>;

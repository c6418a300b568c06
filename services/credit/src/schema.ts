import { buildFederatedSchema } from '@gongzhi/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver';
import { householdCreditReference } from './credit/credit.reference';
import { CreditReferenceResolver, CreditResolver } from './credit/credit.resolver';
import { HouseholdCreditType } from './credit/credit.type';
import { LoanResolver } from './loans/loan.resolver';
import { NegativeEntryResolver } from './negative-list/negative-entry.resolver';
import { ProductResolver } from './products/product.resolver';
import { ReviewResolver } from './reviews/review.resolver';

export const CREDIT_RESOLVERS = [CreditResolver, CreditReferenceResolver, NegativeEntryResolver, ReviewResolver, ProductResolver, LoanResolver, AuditResolver] as const;

export function buildCreditSchema(container: ContainerType): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [...CREDIT_RESOLVERS], container, orphanedTypes: [HouseholdCreditType] }, householdCreditReference());
}

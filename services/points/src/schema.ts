import { buildFederatedSchema } from '@gongzhi/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { ApplicationResolver } from './applications/application.resolver';
import { DisclosureResolver } from './disclosures/disclosure.resolver';
import { HouseholdPointsResolver, LedgerResolver } from './ledger/ledger.resolver';
import { RankingResolver } from './rankings/ranking.resolver';
import { RuleResolver } from './rules/rule.resolver';
import { TaskResolver } from './tasks/task.resolver';

export const POINTS_RESOLVERS = [
  RuleResolver,
  LedgerResolver,
  HouseholdPointsResolver,
  ApplicationResolver,
  TaskResolver,
  DisclosureResolver,
  RankingResolver,
] as const;

/** Household is identity's entity; here it only gains fields, whose resolvers check access. */
const householdReference = {
  Household: {
    __resolveReference(ref: { id: string }) {
      return { id: ref.id };
    },
  },
};

export function buildPointsSchema(container: ContainerType): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [...POINTS_RESOLVERS], container }, householdReference);
}

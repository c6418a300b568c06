import { buildFederatedSchema } from '@gongzhi/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { CalendarResolver } from './calendar/calendar.resolver';
import { FiguresResolver } from './figures/figures.resolver';
import { issueReference } from './issues/issue.reference';
import { HouseholdIssuesResolver, IssueResolver } from './issues/issue.resolver';
import type { IssueService } from './issues/issue.service';
import { WebhookResolver } from './webhooks/webhook.resolver';
import { HouseholdIssuesType } from './issues/issue.type';

export const ISSUES_RESOLVERS = [IssueResolver, HouseholdIssuesResolver, FiguresResolver, CalendarResolver, WebhookResolver] as const;

export function buildIssuesSchema(container: ContainerType, services: { issues: IssueService }): Promise<GraphQLSchema> {
  // Household is reached only through federation, so type-graphql must be told to keep it.
  return buildFederatedSchema({ resolvers: [...ISSUES_RESOLVERS], container, orphanedTypes: [HouseholdIssuesType] }, issueReference(services.issues));
}

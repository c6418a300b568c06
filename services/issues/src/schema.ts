import { buildFederatedSchema } from '@gongzhi/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { CalendarResolver } from './calendar/calendar.resolver';
import { FiguresResolver } from './figures/figures.resolver';
import { issueReference } from './issues/issue.reference';
import { HouseholdIssuesResolver, IssueResolver } from './issues/issue.resolver';
import type { IssueService } from './issues/issue.service';

export const ISSUES_RESOLVERS = [IssueResolver, HouseholdIssuesResolver, FiguresResolver, CalendarResolver] as const;

export function buildIssuesSchema(container: ContainerType, services: { issues: IssueService }): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [...ISSUES_RESOLVERS], container }, issueReference(services.issues));
}

import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { GatewayConfig } from './config';

/**
 * graphql-armor throws by default, which Apollo turns into a 500. Report instead, tagged with
 * a stable code: Apollo sets `code` of validation errors to GRAPHQL_VALIDATION_FAILED but keeps
 * other extensions, and the gateway's error formatter lifts `limit` into `code`.
 */
function reportAs(limit: string) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit } })),
    ],
  };
}

/** Checked in the gateway's validation phase: a rejected operation never reaches a subgraph. */
export function operationLimitRules(config: GatewayConfig): ValidationRule[] {
  return [
    maxDepthRule({ n: config.MAX_DEPTH, ...reportAs('QUERY_TOO_DEEP') }),
    maxAliasesRule({ n: config.MAX_ALIASES, ...reportAs('TOO_MANY_ALIASES') }),
    costLimitRule({ maxCost: config.MAX_COST, ...reportAs('QUERY_TOO_COSTLY') }),
    maxDirectivesRule({ n: config.MAX_DIRECTIVES, ...reportAs('TOO_MANY_DIRECTIVES') }),
  ] as ValidationRule[];
}

import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { GatewayConfig } from './config';

/**
 * The rule's error, tagged with a stable code. Apollo rewrites `code` of validation errors to
 * GRAPHQL_VALIDATION_FAILED but keeps other extensions; the error formatter lifts `limit`.
 */
function tagged(rule: ValidationRule, limit: string): ValidationRule {
  return (context: ValidationContext) => {
    const proxy = Object.create(context) as ValidationContext;
    proxy.reportError = (error: GraphQLError) =>
      context.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { limit } }));
    return rule(proxy);
  };
}

/** Checked in the gateway's validation phase: a rejected operation never reaches a subgraph. */
export function operationLimitRules(config: GatewayConfig): ValidationRule[] {
  return [
    tagged(maxDepthRule({ n: config.MAX_DEPTH, exposeLimits: true }) as ValidationRule, 'QUERY_TOO_DEEP'),
    tagged(maxAliasesRule({ n: config.MAX_ALIASES, exposeLimits: true }) as ValidationRule, 'TOO_MANY_ALIASES'),
    tagged(costLimitRule({ maxCost: config.MAX_COST, exposeLimits: true }) as ValidationRule, 'QUERY_TOO_COSTLY'),
    tagged(maxDirectivesRule({ n: config.MAX_DIRECTIVES, exposeLimits: true }) as ValidationRule, 'TOO_MANY_DIRECTIVES'),
  ];
}

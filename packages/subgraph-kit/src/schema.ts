import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives, type IResolvers } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import merge from 'lodash.merge';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

const FEDERATION_LINK = `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.3",
          import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject"])
`;

/**
 * type-graphql schema → Federation 2 subgraph. The reference resolvers are deep-merged:
 * a shallow spread would replace a type's field resolvers with just `__resolveReference`.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: IResolvers = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, validate: { forbidUnknownValues: false } });
  return buildSubgraphSchema({
    typeDefs: gql(FEDERATION_LINK + printSchemaWithDirectives(schema)),
    resolvers: merge(createResolversMap(schema) as IResolvers, referenceResolvers) as never,
  });
}

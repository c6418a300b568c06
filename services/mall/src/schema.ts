import { buildFederatedSchema } from '@gongzhi/subgraph-kit';
import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { BenefitResolver } from './benefits/benefit.resolver';
import { FiguresResolver } from './figures/figures.resolver';
import { HouseholdOrdersResolver, OrderResolver } from './orders/order.resolver';
import { HouseholdRef } from './orders/order.type';
import { storeReference } from './stores/store.reference';
import { ProductResolver, StoreResolver } from './stores/store.resolver';
import type { StoreService } from './stores/store.service';

export const MALL_RESOLVERS = [StoreResolver, ProductResolver, OrderResolver, HouseholdOrdersResolver, BenefitResolver, FiguresResolver] as const;

export function buildMallSchema(container: ContainerType, services: { stores: StoreService }): GraphQLSchema | Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [...MALL_RESOLVERS], container, orphanedTypes: [HouseholdRef] },
    {
      ...storeReference(services.stores),
      // Identity owns Household; access is checked in `orders`.
      Household: { __resolveReference: (ref: { id: string }) => Object.assign(new HouseholdRef(), { id: ref.id }) },
    },
  );
}

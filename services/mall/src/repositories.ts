import { recordEvent } from '@gongzhi/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { BenefitRepository } from './benefits/benefit.repository';
import { CatalogueRepository } from './catalogue/catalogue.repository';
import { HouseholdProjectionRepository } from './households/household-projection.repository';
import { OrderRepository } from './orders/order.repository';
import { StoreRepository } from './stores/store.repository';

/** Every repository of the mall bound to one EntityManager (one transaction, or none). */
export function mallRepositories(manager: EntityManager) {
  return {
    stores: new StoreRepository(manager),
    catalogue: new CatalogueRepository(manager),
    households: new HouseholdProjectionRepository(manager),
    orders: new OrderRepository(manager),
    benefits: new BenefitRepository(manager),
    events: { record: (topic: string, payload: Record<string, unknown>) => recordEvent(manager, topic, payload) },
  };
}

export type MallRepositories = ReturnType<typeof mallRepositories>;

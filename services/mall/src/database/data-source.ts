import { createDataSource, CreateOutbox1763800000000, OutboxEventEntity } from '@gongzhi/subgraph-kit';
import { BenefitCheckEntity, BenefitMemberEntity, BenefitProgramEntity, BenefitTierEntity } from '../benefits/benefit.entity';
import { ExchangeEventEntity, ExchangeEventPriceEntity, ProductEntity } from '../catalogue/product.entity';
import { HouseholdProjectionEntity } from '../households/household-projection.entity';
import { OrderEntity } from '../orders/order.entity';
import { StoreClerkEntity, StoreEntity } from '../stores/store.entity';
import { MallSchema1763900000001 } from './migrations/1763900000001-mall-schema';

export function createMallDataSource(url: string, poolSize = 20) {
  return createDataSource({
    url,
    poolSize,
    entities: [
      StoreEntity,
      StoreClerkEntity,
      ProductEntity,
      ExchangeEventEntity,
      ExchangeEventPriceEntity,
      HouseholdProjectionEntity,
      OrderEntity,
      BenefitProgramEntity,
      BenefitTierEntity,
      BenefitMemberEntity,
      BenefitCheckEntity,
      OutboxEventEntity,
    ],
    migrations: [CreateOutbox1763800000000, MallSchema1763900000001],
  });
}

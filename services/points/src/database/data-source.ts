import { createDataSource, CreateOutbox1763800000000, OutboxEventEntity } from '@gongzhi/subgraph-kit';
import { PointsSchema1763900000001 } from './migrations/1763900000001-points-schema';
import { LedgerAsciiKeys1763900000002 } from './migrations/1763900000002-ledger-ascii-keys';

// Repositories speak SQL directly (multi-row inserts for the ledger); only the kit's outbox is an entity.
export function createPointsDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    entities: [OutboxEventEntity],
    migrations: [CreateOutbox1763800000000, PointsSchema1763900000001, LedgerAsciiKeys1763900000002],
    poolSize,
  });
}

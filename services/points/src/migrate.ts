import { createLogger, openDataSource } from '@gongzhi/subgraph-kit';
import { loadPointsConfig } from './config';
import { createPointsDataSource } from './database/data-source';

/** Runs pending migrations and exits: the Kubernetes pre-upgrade Job. */
async function migrate() {
  const config = loadPointsConfig();
  const logger = createLogger({ service: 'points-migrate', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const dataSource = await openDataSource(createPointsDataSource(config.DATABASE_URL), config.DATABASE_URL, logger);
  await dataSource.destroy();
  logger.info('migrations complete');
}

migrate().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

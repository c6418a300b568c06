import { createLogger, openDataSource } from '@gongzhi/subgraph-kit';
import { loadCreditConfig } from './config';
import { createCreditDataSource } from './database/data-source';

/** Runs pending migrations and exits: the Kubernetes pre-upgrade Job. */
async function migrate() {
  const config = loadCreditConfig();
  const logger = createLogger({ service: 'credit-migrate', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const dataSource = await openDataSource(createCreditDataSource(config.DATABASE_URL), config.DATABASE_URL, logger);
  await dataSource.destroy();
  logger.info('migrations complete');
}

migrate().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { createLogger, openDataSource } from '@gongzhi/subgraph-kit';
import { loadIssuesConfig } from './config';
import { createIssuesDataSource } from './database/data-source';

/** Runs pending migrations and exits: the Kubernetes pre-upgrade Job. */
async function migrate() {
  const config = loadIssuesConfig();
  const logger = createLogger({ service: 'issues-migrate', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const dataSource = await openDataSource(createIssuesDataSource(config.DATABASE_URL), config.DATABASE_URL, logger);
  await dataSource.destroy();
  logger.info('migrations complete');
}

migrate().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

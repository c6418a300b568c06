import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { createMallApp } from './app';
import { loadMallConfig } from './config';

/** Queue workers without the API (same image): scale them apart from the API with RUN_WORKERS=false there. */
async function main() {
  const config = loadMallConfig();
  const logger = createLogger({ service: 'mall-worker', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createMallApp({ ...config, RUN_WORKERS: true }, logger);
  await app.startWorkers();
  logger.info('mall workers running');
  installShutdown(logger, () => app.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { createPointsApp } from './app';
import { loadPointsConfig } from './config';

async function main() {
  const config = loadPointsConfig();
  const logger = createLogger({ service: 'points', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createPointsApp(config, logger);
  await app.start();
  installShutdown(logger, () => app.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

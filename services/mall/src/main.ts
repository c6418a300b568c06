import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { createMallApp } from './app';
import { loadMallConfig } from './config';

async function main() {
  const config = loadMallConfig();
  const logger = createLogger({ service: 'mall', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createMallApp(config, logger);
  await app.start();
  installShutdown(logger, () => app.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

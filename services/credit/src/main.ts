import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { createCreditApp } from './app';
import { loadCreditConfig } from './config';

async function main() {
  const config = loadCreditConfig();
  const logger = createLogger({ service: 'credit', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createCreditApp(config, logger);
  await app.start();
  installShutdown(logger, () => app.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { createIdentityApp } from './app';
import { loadIdentityConfig } from './config';

async function main() {
  const config = loadIdentityConfig();
  const logger = createLogger({ service: 'identity', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createIdentityApp(config, logger);
  await app.start();
  installShutdown(logger, () => app.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { createIssuesApp } from './app';
import { loadIssuesConfig } from './config';

async function main() {
  const config = loadIssuesConfig();
  const logger = createLogger({ service: 'issues', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createIssuesApp(config, logger);
  await app.start();
  installShutdown(logger, () => app.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { createLogger, installShutdown } from '@gongzhi/subgraph-kit';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

async function main() {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const gateway = await startGateway(config, logger);
  installShutdown(logger, () => gateway.close());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { createLogger } from '@gongzhi/subgraph-kit';
import { createIdentityApp } from '../app';
import { loadIdentityConfig } from '../config';
import { seedDemoCounty } from './demo-county';

/** `npm start` runs this before the services: migrations, then the demo county. */
async function seed() {
  const config = loadIdentityConfig();
  const logger = createLogger({ service: 'identity-seed', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createIdentityApp(config, logger);
  try {
    await seedDemoCounty(app, (line) => logger.info(line));
  } finally {
    await app.stop();
  }
}

seed().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

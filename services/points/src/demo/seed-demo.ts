import { createLogger } from '@gongzhi/subgraph-kit';
import { createPointsApp } from '../app';
import { loadPointsConfig } from '../config';
import { seedDemoPoints } from './demo-points';
import { waitForHouseholds } from './wait-households';

/** `npm start` runs this once identity is up: take in the household events, then seed. */
async function seed() {
  const config = loadPointsConfig();
  const logger = createLogger({ service: 'points-seed', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createPointsApp(config, logger);
  try {
    await waitForHouseholds(app);
    await seedDemoPoints(app, (line) => logger.info(line));
  } finally {
    await app.stop();
  }
}

seed().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { createLogger, createQueue, createRedis, EventQueues, eventsQueuePrefix } from '@gongzhi/subgraph-kit';
import { createCreditApp } from '../app';
import { loadCreditConfig } from '../config';
import { seedDemoCredit } from './demo-credit';

/**
 * `npm start` runs this before the services: migrations, the demo bank's product, then the
 * household and points events already waiting on credit's queue (identity's seed made them).
 */
async function seed() {
  const config = loadCreditConfig();
  const logger = createLogger({ service: 'credit-seed', version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const app = await createCreditApp({ ...config, RUN_WORKERS: true }, logger);
  const redis = createRedis(config.REDIS_URL);
  const queue = createQueue(EventQueues.credit, { connection: redis, prefix: eventsQueuePrefix(config.QUEUE_BASE) });
  try {
    await seedDemoCredit(app, (line) => logger.info(line));
    await app.start(0, '127.0.0.1');
    // Bounded wait: the queue drains in seconds for the demo county.
    for (let i = 0; i < 240; i++) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    logger.info('credit demo ready');
  } finally {
    await queue.close();
    redis.disconnect();
    await app.stop();
  }
}

seed().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import {
  createQueue,
  createRedis,
  EventQueues,
  eventsQueuePrefix,
  openDataSource,
  OutboxRelay,
  pingRedis,
  standardSubgraphOptions,
  startSubgraphServer,
  Topics,
  typeormTransactor,
  type Logger,
  type RunningServer,
} from '@gongzhi/subgraph-kit';
import type { Worker } from 'bullmq';
import { ApplicationResolver } from './applications/application.resolver';
import { ApplicationService } from './applications/application.service';
import type { PointsConfig } from './config';
import { createPointsDataSource } from './database/data-source';
import { DisclosureResolver } from './disclosures/disclosure.resolver';
import { DisclosureService } from './disclosures/disclosure.service';
import { HouseholdService } from './households/household.service';
import { createHouseholdEventsWorker } from './households/household.worker';
import { HouseholdPointsResolver, LedgerResolver } from './ledger/ledger.resolver';
import { LedgerService } from './ledger/ledger.service';
import { PostingService } from './ledger/posting.service';
import { RankingResolver } from './rankings/ranking.resolver';
import { RankingService } from './rankings/ranking.service';
import { pointsRepositories } from './repositories';
import { RuleResolver } from './rules/rule.resolver';
import { RuleService } from './rules/rule.service';
import { buildPointsSchema } from './schema';
import { TaskResolver } from './tasks/task.resolver';
import { TaskService } from './tasks/task.service';

/** Composition root: data source → repositories → services → resolvers → schema → server. */
export async function createPointsApp(config: PointsConfig, logger: Logger) {
  const dataSource = createPointsDataSource(config.DATABASE_URL, config.DB_POOL_SIZE);
  await openDataSource(dataSource, config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL);
  await pingRedis(redis, config.REDIS_URL);
  const workerRedis = createRedis(config.REDIS_URL, 'worker');

  const repos = pointsRepositories(dataSource.manager);
  const tx = typeormTransactor(dataSource, pointsRepositories);

  const households = new HouseholdService(repos);
  const rules = new RuleService(repos, tx);
  const ledger = new LedgerService(repos, tx);
  const postings = new PostingService(rules, ledger, config.BULK_MAX_HOUSEHOLDS);
  const applications = new ApplicationService(repos, tx, households, rules, ledger);
  const tasks = new TaskService(repos, tx, households, ledger);
  const disclosures = new DisclosureService(repos, tx, households, ledger, config.DISCLOSURE_OBJECTION_DAYS);
  const rankings = new RankingService(repos, households);

  const resolvers = new Map<Function, object>([
    [RuleResolver, new RuleResolver(rules)],
    [LedgerResolver, new LedgerResolver(ledger, households, postings)],
    [HouseholdPointsResolver, new HouseholdPointsResolver(ledger, households)],
    [ApplicationResolver, new ApplicationResolver(applications)],
    [TaskResolver, new TaskResolver(tasks)],
    [DisclosureResolver, new DisclosureResolver(disclosures)],
    [RankingResolver, new RankingResolver(rankings)],
  ]);
  const schema = await buildPointsSchema({ get: (cls) => resolvers.get(cls) });

  // Credit consumes what points publishes.
  const creditQueue = createQueue(EventQueues.credit, { connection: redis, prefix: eventsQueuePrefix(config.QUEUE_BASE) });
  const relay = new OutboxRelay({
    dataSource,
    logger,
    batchSize: 1000,
    routes: {
      [Topics.POINTS_POSTED]: [creditQueue],
      [Topics.POINTS_APPLICATION_DECIDED]: [creditQueue],
      [Topics.POINTS_TASK_COMPLETED]: [creditQueue],
    },
  });
  // Only to see whether identity's household events are drained (demo seed, tests).
  const householdEventsQueue = createQueue(EventQueues.points, { connection: redis, prefix: eventsQueuePrefix(config.QUEUE_BASE) });
  let worker: Worker | null = null;
  let server: RunningServer | null = null;
  const services = { households, rules, ledger, postings, applications, tasks, disclosures, rankings };

  return {
    dataSource,
    redis,
    services,
    /** Starts consuming identity's household events (the API process and the demo seed both do). */
    startWorker(): Worker {
      worker ??= createHouseholdEventsWorker(households, workerRedis, config.QUEUE_BASE, logger);
      return worker;
    },
    relay,
    householdEventsQueue,
    async start(port = config.PORT, host = config.HOST): Promise<RunningServer> {
      this.startWorker();
      server = await startSubgraphServer(
        {
          name: 'points',
          schema,
          logger,
          ...standardSubgraphOptions(config, { database: dataSource, redis: redis }),
          // Bulk postings name thousands of households.
          bodyLimit: '2mb',
        },
        { port, host },
      );
      relay.start();
      return server;
    },
    async stop(): Promise<void> {
      await server?.close();
      await relay.stop();
      await worker?.close();
      await creditQueue.close();
      await householdEventsQueue.close();
      await dataSource.destroy();
      redis.disconnect();
      workerRedis.disconnect();
    },
  };
}

export type PointsApp = Awaited<ReturnType<typeof createPointsApp>>;

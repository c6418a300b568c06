import {
  createQueue,
  createRedis,
  createWorker,
  Histogram,
  OutboxRelay,
  eventsQueuePrefix,
  openDataSource,
  pingRedis,
  queuePrefix,
  standardSubgraphOptions,
  startSubgraphServer,
  typeormTransactor,
  type Logger,
  type RunningServer,
} from '@gongzhi/subgraph-kit';
import type { Worker } from 'bullmq';
import { BenefitResolver } from './benefits/benefit.resolver';
import { BenefitService } from './benefits/benefit.service';
import type { MallConfig } from './config';
import { createMallDataSource } from './database/data-source';
import { FiguresResolver } from './figures/figures.resolver';
import { FiguresService } from './figures/figures.service';
import { GatewayClient } from './gateway/gateway-client';
import { DEFINITE_CODES, GatewayPlatformPort } from './gateway/points.port';
import { householdEventHandlers, HOUSEHOLD_EVENTS_QUEUE } from './households/household-events.worker';
import { HouseholdOrdersResolver, OrderResolver } from './orders/order.resolver';
import { OrderService } from './orders/order.service';
import { RECOVERY_JOB, RECOVERY_QUEUE, RECOVERY_SCHEDULER_ID, recoveryHandlers } from './orders/recovery.jobs';
import { mallRepositories } from './repositories';
import { buildMallSchema } from './schema';
import { ProductResolver, StoreResolver } from './stores/store.resolver';
import { StoreService } from './stores/store.service';

export interface MallAppOptions {
  /** Where the gateway is; tests know it only once the gateway is up. */
  gatewayUrl?: () => string;
}

/** Composition root: data source → repositories → services → resolvers → schema → server (+ workers). */
export async function createMallApp(config: MallConfig, logger: Logger, options: MallAppOptions = {}) {
  const dataSource = createMallDataSource(config.DATABASE_URL, config.DB_POOL_SIZE);
  await openDataSource(dataSource, config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL);
  await pingRedis(redis, config.REDIS_URL);

  const repos = mallRepositories(dataSource.manager);
  const tx = typeormTransactor(dataSource, mallRepositories);
  const gateway = new GatewayClient(
    {
      gatewayUrl: options.gatewayUrl ?? (() => config.GATEWAY_URL),
      clientId: config.MALL_CLIENT_ID,
      clientSecret: config.MALL_CLIENT_SECRET,
      timeoutMs: config.GATEWAY_TIMEOUT_MS,
      logger,
    },
    DEFINITE_CODES,
  );
  const platform = new GatewayPlatformPort(gateway);

  const stores = new StoreService(repos, tx, platform);
  const orders = new OrderService(repos, tx, stores, platform, { pickupDays: config.PICKUP_DAYS, recoveryGraceSeconds: config.RECOVERY_GRACE_SECONDS }, logger);
  const benefits = new BenefitService(repos, platform, logger);
  const figures = new FiguresService(repos);

  const resolvers = new Map<Function, object>([
    [StoreResolver, new StoreResolver(stores)],
    [ProductResolver, new ProductResolver(stores)],
    [OrderResolver, new OrderResolver(orders, stores)],
    [HouseholdOrdersResolver, new HouseholdOrdersResolver(orders)],
    [BenefitResolver, new BenefitResolver(benefits)],
    [FiguresResolver, new FiguresResolver(figures)],
  ]);
  const schema = await buildMallSchema({ get: (cls) => resolvers.get(cls) }, { stores });

  const workerRedis = config.RUN_WORKERS ? createRedis(config.REDIS_URL, 'worker') : null;
  const recoveryPrefix = queuePrefix('mall', config.QUEUE_BASE);
  const recoveryQueue = createQueue(RECOVERY_QUEUE, { connection: redis, prefix: recoveryPrefix });
  let workers: Worker[] = [];
  let schedulerGuard: NodeJS.Timeout | null = null;
  // mall.order.completed has no consumer yet: the relay marks rows published so the outbox stays
  // small; a consumer adds its queue here (and gets history from the orders, not the outbox).
  const relay = new OutboxRelay({ dataSource, logger, routes: {} });
  let server: RunningServer | null = null;

  const startWorkers = async () => {
    if (!workerRedis || workers.length) return;
    workers = [
      createWorker(HOUSEHOLD_EVENTS_QUEUE, householdEventHandlers(repos.households), {
        connection: workerRedis,
        prefix: eventsQueuePrefix(config.QUEUE_BASE),
        logger,
      }),
      createWorker(RECOVERY_QUEUE, recoveryHandlers(orders), { connection: workerRedis, prefix: recoveryPrefix, logger, concurrency: 1 }),
    ];
    // The sweep is the safety net for every transient state (DB is the truth, Redis only wakes us).
    const ensureScheduler = () =>
      recoveryQueue.upsertJobScheduler(RECOVERY_SCHEDULER_ID, { every: config.RECOVERY_INTERVAL_SECONDS * 1000 }, { name: RECOVERY_JOB, data: {}, opts: { attempts: 1 } });
    await ensureScheduler();
    // Re-asserted while we run: if Redis loses its data (flush, failover to an empty replica) the
    // schedule would otherwise be gone until the next restart, and half-done orders with it.
    schedulerGuard = setInterval(() => {
      ensureScheduler().catch((err) => logger.warn({ err: (err as Error).message }, 'could not re-assert the recovery sweep'));
    }, config.RECOVERY_INTERVAL_SECONDS * 1000);
    schedulerGuard.unref();
  };

  return {
    dataSource,
    redis,
    platform,
    services: { stores, orders, benefits, figures },
    repos,
    /** Workers only (src/worker.ts): the household projection and the recovery sweep. */
    startWorkers,
    async start(port = config.PORT, host = config.HOST): Promise<RunningServer> {
      server = await startSubgraphServer(
        {
          name: 'mall',
          schema,
          logger,
          ...standardSubgraphOptions(config, { database: dataSource, redis: redis }),
        },
        { port, host },
      );
      const pointsCalls = new Histogram({
        name: 'mall_points_call_seconds',
        help: 'Calls to the points service through the gateway, by operation',
        labelNames: ['op'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [server.metrics.registry],
      });
      const placeOrders = new Histogram({
        name: 'mall_place_order_seconds',
        help: 'placeOrder from start to finish, points call included',
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [server.metrics.registry],
      });
      platform.observe = (op, seconds) => pointsCalls.observe({ op }, seconds);
      orders.observePlace = (seconds) => placeOrders.observe(seconds);
      relay.start();
      await startWorkers();
      return server;
    },
    async stop(): Promise<void> {
      await server?.close();
      server = null;
      await relay.stop();
      if (schedulerGuard) clearInterval(schedulerGuard);
      schedulerGuard = null;
      await Promise.all(workers.map((w) => w.close()));
      workers = [];
      await recoveryQueue.close();
      await dataSource.destroy();
      workerRedis?.disconnect();
      redis.disconnect();
    },
  };
}

export type MallApp = Awaited<ReturnType<typeof createMallApp>>;

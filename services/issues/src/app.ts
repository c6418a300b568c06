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
import { CalendarResolver } from './calendar/calendar.resolver';
import { CalendarService } from './calendar/calendar.service';
import { systemClock, type Clock } from './clock';
import type { IssuesConfig } from './config';
import { createIssuesDataSource } from './database/data-source';
import { FiguresResolver } from './figures/figures.resolver';
import { HouseholdIssuesResolver, IssueResolver } from './issues/issue.resolver';
import { IssueService } from './issues/issue.service';
import { issuesRepositories } from './repositories';
import { buildIssuesSchema } from './schema';
import { BullSlaScheduler } from './sla/sla.jobs';
import { SlaService, type SlaServiceOptions } from './sla/sla.service';
import { startSlaWorker, type RunningSlaWorker } from './sla/sla.worker';
import { WebhookResolver } from './webhooks/webhook.resolver';
import { WebhookService } from './webhooks/webhook.service';

export interface IssuesAppOptions {
  clock?: Clock;
  sla?: SlaServiceOptions;
}

/** The parts both processes share: data source → repositories → services. */
export async function createIssuesCore(config: IssuesConfig, logger: Logger, options: IssuesAppOptions = {}) {
  const clock = options.clock ?? systemClock;
  // Reminder jobs share batched transactions, so connections need not follow the worker's concurrency.
  const dataSource = createIssuesDataSource(config.DATABASE_URL, Math.max(10, Math.min(config.SLA_WORKER_CONCURRENCY + 2, 24)));
  await openDataSource(dataSource, config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL);
  await pingRedis(redis, config.REDIS_URL);
  const repos = issuesRepositories(dataSource.manager);
  const tx = typeormTransactor(dataSource, issuesRepositories);
  const scheduler = new BullSlaScheduler(redis, config.QUEUE_BASE, () => clock.now().getTime(), {
    attempts: config.WEBHOOK_ATTEMPTS,
    backoffMs: config.WEBHOOK_BACKOFF_MS,
  });
  const calendars = new CalendarService(repos, clock);
  const issues = new IssueService(repos, tx, calendars, scheduler, clock);
  const sla = new SlaService(tx, scheduler, clock, logger, options.sla);
  const webhooks = new WebhookService(repos, clock, { allowHttp: config.NODE_ENV !== 'production' });
  const workers: RunningSlaWorker[] = [];
  return {
    config,
    dataSource,
    redis,
    scheduler,
    services: { issues, calendars, sla, webhooks },
    workers,
    async startWorker(county: string): Promise<RunningSlaWorker> {
      const worker = await startSlaWorker({
        county,
        queueBase: config.QUEUE_BASE,
        connection: createRedis(config.REDIS_URL, 'worker'),
        sla,
        webhooks,
        logger,
        sweepIntervalMs: config.SLA_SWEEP_INTERVAL_MS,
        lockMs: config.SLA_LOCK_MS,
        concurrency: config.SLA_WORKER_CONCURRENCY,
      });
      workers.push(worker);
      return worker;
    },
    async stop(): Promise<void> {
      await Promise.all(workers.splice(0).map((w) => w.close()));
      await scheduler.close();
      await dataSource.destroy();
      redis.disconnect();
    },
  };
}

/** Composition root of the API process (optionally with in-process SLA workers for development). */
export async function createIssuesApp(config: IssuesConfig, logger: Logger, options: IssuesAppOptions = {}) {
  const core = await createIssuesCore(config, logger, options);
  const { issues, calendars, webhooks } = core.services;
  const resolvers = new Map<Function, object>([
    [IssueResolver, new IssueResolver(issues)],
    [HouseholdIssuesResolver, new HouseholdIssuesResolver(issues)],
    [FiguresResolver, new FiguresResolver(issues)],
    [CalendarResolver, new CalendarResolver(calendars)],
    [WebhookResolver, new WebhookResolver(webhooks)],
  ]);
  const schema = await buildIssuesSchema({ get: (cls) => resolvers.get(cls) }, { issues });
  const credit = createQueue(EventQueues.credit, { connection: core.redis, prefix: eventsQueuePrefix(config.QUEUE_BASE) });
  const relay = new OutboxRelay({
    dataSource: core.dataSource,
    logger,
    routes: { [Topics.ISSUE_RAISED]: [credit], [Topics.ISSUE_RATED]: [credit] },
  });
  let server: RunningServer | null = null;

  return {
    ...core,
    async start(port = config.PORT, host = config.HOST): Promise<RunningServer> {
      server = await startSubgraphServer(
        {
          name: 'issues',
          schema,
          logger,
          ...standardSubgraphOptions(config, { database: core.dataSource, redis: core.redis }),
        },
        { port, host },
      );
      relay.start();
      for (const county of config.INLINE_WORKER_COUNTIES) await core.startWorker(county);
      return server;
    },
    async stop(): Promise<void> {
      await server?.close();
      await relay.stop();
      await credit.close();
      await core.stop();
    },
  };
}

export type IssuesApp = Awaited<ReturnType<typeof createIssuesApp>>;

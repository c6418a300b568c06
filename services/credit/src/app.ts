import {
  createQueue,
  createRedis,
  Counter,
  createWorker,
  EventQueues,
  eventsQueuePrefix,
  openDataSource,
  pingRedis,
  queuePrefix,
  standardSubgraphOptions,
  startSubgraphServer,
  Topics,
  typeormTransactor,
  type EventEnvelope,
  type Logger,
  type RunningServer,
} from '@gongzhi/subgraph-kit';
import type { Worker } from 'bullmq';
import { AuditResolver } from './audit/audit.resolver';
import { AuditService } from './audit/audit.service';
import type { CreditConfig } from './config';
import { CreditReferenceResolver, CreditResolver } from './credit/credit.resolver';
import { CreditService } from './credit/credit.service';
import { createCreditDataSource } from './database/data-source';
import { LoanResolver } from './loans/loan.resolver';
import { LoanService } from './loans/loan.service';
import { NegativeEntryResolver } from './negative-list/negative-entry.resolver';
import { NegativeEntryService } from './negative-list/negative-entry.service';
import { ProductResolver } from './products/product.resolver';
import { ProductService } from './products/product.service';
import { ProjectionService } from './projection/projection.service';
import { creditRepositories } from './repositories';
import { NIGHTLY_JOB, nightlySchedulerId, RESCORE_JOB, RESCORE_QUEUE, type NightlyJob, type RescoreJob } from './rescore/rescore.jobs';
import { ReviewResolver } from './reviews/review.resolver';
import { ReviewService } from './reviews/review.service';
import { buildCreditSchema } from './schema';

/** The topics credit consumes from its events queue. */
export const CONSUMED_TOPICS = [
  Topics.HOUSEHOLD_CREATED,
  Topics.HOUSEHOLD_MEMBER_ADDED,
  Topics.HOUSEHOLD_MEMBER_REMOVED,
  Topics.HOUSEHOLD_HEAD_TRANSFERRED,
  Topics.POINTS_POSTED,
  Topics.POINTS_APPLICATION_DECIDED,
  Topics.POINTS_TASK_COMPLETED,
  Topics.ISSUE_RAISED,
  Topics.ISSUE_RATED,
];

/** Composition root: data source → repositories → services → resolvers → schema → server (+ workers). */
export async function createCreditApp(config: CreditConfig, logger: Logger) {
  const dataSource = createCreditDataSource(config.DATABASE_URL);
  await openDataSource(dataSource, config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL);
  await pingRedis(redis, config.REDIS_URL);

  const repos = creditRepositories(dataSource.manager);
  const tx = typeormTransactor(dataSource, creditRepositories);
  const credit = new CreditService(repos, tx);
  const projection = new ProjectionService(tx, credit);
  const negative = new NegativeEntryService(repos, tx, credit);
  const reviews = new ReviewService(repos, tx, credit);
  const products = new ProductService(repos, tx, credit);
  const loans = new LoanService(repos, tx, credit, products);
  const audit = new AuditService(repos, credit);

  const rescoreQueue = createQueue<RescoreJob>(RESCORE_QUEUE, { connection: redis, prefix: queuePrefix('credit', config.QUEUE_BASE), defaultJobOptions: { attempts: 3 } });
  const startRun = async (runId: string) => {
    await rescoreQueue.add(RESCORE_JOB, { runId }, { jobId: runId });
  };

  const resolvers = new Map<Function, object>([
    [CreditResolver, new CreditResolver(credit, startRun)],
    [CreditReferenceResolver, new CreditReferenceResolver()],
    [NegativeEntryResolver, new NegativeEntryResolver(negative)],
    [ReviewResolver, new ReviewResolver(reviews)],
    [ProductResolver, new ProductResolver(products)],
    [LoanResolver, new LoanResolver(loans)],
    [AuditResolver, new AuditResolver(audit)],
  ]);
  const schema = await buildCreditSchema({ get: (cls) => resolvers.get(cls) });

  let server: RunningServer | null = null;
  const workers: Worker[] = [];
  let workerRedis: ReturnType<typeof createRedis> | null = null;

  const startWorkers = (metrics: { events: Counter<'topic' | 'outcome'>; rescored: Counter }) => {
    workerRedis = createRedis(config.REDIS_URL, 'worker');
    const handleEvent = async (job: { data: EventEnvelope }) => {
      const outcome = await projection.handle(job.data);
      metrics.events.inc({ topic: job.data.topic, outcome });
      return outcome;
    };
    const rescored = async (run: Promise<{ done: number }>) => {
      const { done } = await run;
      metrics.rescored.inc(done);
      return done;
    };
    workers.push(
      createWorker(EventQueues.credit, Object.fromEntries(CONSUMED_TOPICS.map((t) => [t, handleEvent])), {
        connection: workerRedis,
        prefix: eventsQueuePrefix(config.QUEUE_BASE),
        logger,
        concurrency: 4,
      }),
      createWorker(
        RESCORE_QUEUE,
        {
          [RESCORE_JOB]: async (job) => rescored(credit.runBatch((job.data as RescoreJob).runId, config.RESCORE_BATCH_SIZE)),
          [NIGHTLY_JOB]: async (job) => {
            const run = await credit.createRun((job.data as NightlyJob).countyCode, 'nightly');
            return rescored(credit.runBatch(run.id, config.RESCORE_BATCH_SIZE));
          },
        },
        { connection: workerRedis, prefix: queuePrefix('credit', config.QUEUE_BASE), logger, concurrency: 1 },
      ),
    );
  };

  return {
    dataSource,
    redis,
    services: { credit, projection, negative, reviews, products, loans, audit },
    async start(port = config.PORT, host = config.HOST): Promise<RunningServer> {
      server = await startSubgraphServer(
        {
          name: 'credit',
          schema,
          logger,
          ...standardSubgraphOptions(config, { database: dataSource, redis: redis }),
        },
        { port, host },
      );
      if (config.RUN_WORKERS) {
        startWorkers({
          events: new Counter({
            name: 'credit_events_total',
            help: 'Events taken in, by topic and outcome (APPLIED, DUPLICATE, IGNORED)',
            labelNames: ['topic', 'outcome'],
            registers: [server.metrics.registry],
          }),
          rescored: new Counter({ name: 'credit_rescored_households_total', help: 'Households rescored by batch runs', registers: [server.metrics.registry] }),
        });
        // A scheduler per county (idempotent upsert): any replica may run it, Redis keeps one schedule.
        for (const countyCode of config.NIGHTLY_RESCORE_COUNTIES) {
          await rescoreQueue.upsertJobScheduler(
            nightlySchedulerId(countyCode),
            { pattern: config.NIGHTLY_RESCORE_CRON, tz: 'Asia/Shanghai' },
            { name: NIGHTLY_JOB, data: { countyCode } as never, opts: { attempts: 1 } },
          );
        }
      }
      return server;
    },
    async stop(): Promise<void> {
      await server?.close();
      await Promise.all(workers.map((w) => w.close()));
      await rescoreQueue.close();
      await dataSource.destroy();
      redis.disconnect();
      (workerRedis as ReturnType<typeof createRedis> | null)?.disconnect();
    },
  };
}

export type CreditApp = Awaited<ReturnType<typeof createCreditApp>>;

import { createQueue, createWorker, queuePrefix } from '@gongzhi/subgraph-kit';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SLA_QUEUE, SlaJob, SWEEP_SCHEDULER_ID, type FirePayload, type SweepPayload, type WebhookPayload } from './sla.jobs';
import type { SlaService } from './sla.service';
import type { WebhookService } from '../webhooks/webhook.service';

/** A reminder job that arrives at most this early waits; earlier ones are left to the sweeper. */
const EARLY_WAIT_MAX_MS = 2000;

export interface SlaWorkerOptions {
  county: string;
  queueBase: string;
  /** A connection with maxRetriesPerRequest: null (createRedis(url, 'worker')). */
  connection: Redis;
  sla: SlaService;
  webhooks: WebhookService;
  logger: Logger;
  sweepIntervalMs: number;
  lockMs: number;
  concurrency: number;
}

export interface RunningSlaWorker {
  worker: Worker;
  queue: Queue;
  close(): Promise<void>;
}

/** Serves one county's `issues-sla` queue: fires reminders and runs the periodic sweeper. */
export async function startSlaWorker(options: SlaWorkerOptions): Promise<RunningSlaWorker> {
  const { county, connection, sla, logger, sweepIntervalMs } = options;
  const prefix = queuePrefix(county, options.queueBase);
  const queue = createQueue<SweepPayload>(SLA_QUEUE, { connection, prefix });
  const horizon = 2 * sweepIntervalMs;
  const worker = createWorker(
    SLA_QUEUE,
    {
      [SlaJob.FIRE]: async (job) => {
        const { issueId, kind, fireAt } = job.data as FirePayload;
        const outcome = await sla.fire(issueId, kind);
        // Woken a moment early (clocks of two hosts a little apart): wait it out rather than leave it to the next sweep.
        const early = fireAt - Date.now();
        if (outcome !== 'NOT_YET' || early > EARLY_WAIT_MAX_MS) return outcome;
        await new Promise((r) => setTimeout(r, Math.max(0, early) + 5));
        return sla.fire(issueId, kind);
      },
      [SlaJob.SWEEP]: async () => sla.sweep(county, horizon),
      [SlaJob.WEBHOOK]: async (job) =>
        options.webhooks.deliver((job.data as WebhookPayload).deliveryId, job.attemptsMade + 1, job.opts.attempts ?? 1),
    },
    {
      connection,
      prefix,
      logger,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
      // A job whose worker died is taken over, not failed; the reminder row keeps it exactly once.
      maxStalledCount: 100,
    },
  );
  const ensureScheduler = () =>
    queue.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: sweepIntervalMs }, { name: SlaJob.SWEEP, data: { county } });
  await ensureScheduler();
  // Re-asserts the scheduler if Redis lost it (flush, failover); idempotent.
  const guard = setInterval(() => {
    ensureScheduler().catch((err) => logger.warn({ err: (err as Error).message }, 'could not re-assert the SLA sweeper'));
  }, sweepIntervalMs);
  guard.unref();
  // A worker that starts (a restart after a crash) catches up at once: the reminders that fell due
  // while none ran, and those whose jobs died with the old process, wait neither for the next sweep
  // nor for the dead jobs' locks to expire. Racing the jobs is harmless: the rows fire once.
  sla.sweep(county, horizon).catch((err) => logger.warn({ err: (err as Error).message }, 'start-up sweep failed'));
  logger.info({ county, prefix, sweepIntervalMs }, 'SLA worker started');
  return {
    worker,
    queue,
    async close() {
      clearInterval(guard);
      await worker.close();
      await queue.close();
      // The worker's blocking connection is ours to end (BullMQ leaves passed-in connections open).
      connection.disconnect();
    },
  };
}

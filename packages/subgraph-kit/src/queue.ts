import { Queue, Worker, type Job, type JobsOptions, type WorkerOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DependencyUnavailableError } from './data-source';

/**
 * Queue key prefix. The braces are a Redis Cluster hash tag: all of one county's queue
 * keys land in one slot, so BullMQ's multi-key scripts keep working when Redis is sharded.
 */
export function queuePrefix(scope: string, base = 'gz'): string {
  if (!/^[A-Za-z0-9_-]+$/.test(scope)) throw new Error(`queue scope "${scope}" must be alphanumeric`);
  return `${base}:{${scope}}`;
}

/** BullMQ workers need `maxRetriesPerRequest: null`; other clients give up on a command after a few retries. */
export function createRedis(url: string, purpose: 'client' | 'worker' = 'client'): Redis {
  return new IORedis(url, { maxRetriesPerRequest: purpose === 'worker' ? null : 3 });
}

export async function pingRedis(redis: Redis, url: string): Promise<void> {
  try {
    await redis.ping();
  } catch (err) {
    throw new DependencyUnavailableError('Redis', new URL(url).host, err);
  }
}

export interface QueueOptions {
  connection: Redis;
  prefix: string;
  defaultJobOptions?: JobsOptions;
}

export function createQueue<Payload = unknown>(name: string, options: QueueOptions): Queue<Payload> {
  return new Queue<Payload>(name, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
      ...options.defaultJobOptions,
    },
  });
}

export type JobHandlers = Record<string, (job: Job) => Promise<unknown>>;

/**
 * One handler per job name, checked when a job arrives: an unknown name fails loudly
 * instead of being acknowledged and lost.
 */
export function createWorker(
  name: string,
  handlers: JobHandlers,
  options: { connection: Redis; prefix: string; logger: Logger; concurrency?: number } & Partial<WorkerOptions>,
): Worker {
  const { logger, connection, prefix, concurrency, ...rest } = options;
  const worker = new Worker(
    name,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`no handler for job "${job.name}" on queue "${name}"`);
      return handler(job);
    },
    { connection, prefix, concurrency: concurrency ?? 4, ...rest },
  );
  worker.on('failed', (job, err) =>
    logger.warn({ queue: name, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'),
  );
  worker.on('error', (err) => logger.error({ queue: name, err: err.message }, 'worker error'));
  return worker;
}

import { loadConfig, subgraphEnvSchema, z } from '@gongzhi/subgraph-kit';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const issuesEnvSchema = subgraphEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4003),
  /** Counties whose SLA queue an in-process worker serves ("" = none); development runs one process per service. */
  INLINE_WORKER_COUNTIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{6}$/, 'county codes have 6 digits'))),
  /** The county a worker process (dist/worker.js) serves. */
  QUEUE_COUNTY: z.string().regex(/^\d{6}$/).optional(),
  /** How often the sweeper repairs what Redis lost and fires what is overdue. */
  SLA_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(60_000),
  /** How long a worker holds a job before another may take it over (BullMQ lock). */
  SLA_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** Jobs a worker holds at once; reminder jobs in flight together share one transaction, so this bounds the batch. */
  SLA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(64),
  /** Attempts and first backoff of a webhook delivery (exponential: 5 s, 10 s, 20 s, …). */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(100).default(5000),
  /** Test hook: the worker stops forever inside the first reminder's transaction, so a test can kill it mid-job. */
  SLA_FAULT_HANG_FIRST_JOB: bool.default(false),
});

export type IssuesConfig = z.infer<typeof issuesEnvSchema>;

export function loadIssuesConfig(env: Record<string, string | undefined> = process.env): IssuesConfig {
  const config = loadConfig(issuesEnvSchema, env);
  if (config.SLA_FAULT_HANG_FIRST_JOB && config.NODE_ENV !== 'test') {
    throw new Error('SLA_FAULT_HANG_FIRST_JOB is a test hook and needs NODE_ENV=test');
  }
  return config;
}

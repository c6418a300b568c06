import { loadConfig, subgraphEnvSchema, z } from '@gongzhi/subgraph-kit';

export const creditEnvSchema = subgraphEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4005),
  /** Run the event consumer and the rescoring worker in this process (off for API-only replicas). */
  RUN_WORKERS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Households per read/write batch when rescoring a county. */
  RESCORE_BATCH_SIZE: z.coerce.number().int().min(100).max(10_000).default(2000),
  /** Counties (6-digit codes, comma-separated) rescored every night; empty for none. */
  NIGHTLY_RESCORE_COUNTIES: z
    .string()
    .default('')
    .refine((v) => v.split(',').map((c) => c.trim()).filter(Boolean).every((c) => /^\d{6}$/.test(c)), 'must be comma-separated 6-digit county codes')
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean)),
  /** Cron pattern of the nightly run, in China Standard Time. */
  NIGHTLY_RESCORE_CRON: z.string().default('30 2 * * *'),
});

export type CreditConfig = z.infer<typeof creditEnvSchema>;

export function loadCreditConfig(env: Record<string, string | undefined> = process.env): CreditConfig {
  return loadConfig(creditEnvSchema, env);
}

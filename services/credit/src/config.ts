import { loadConfig, subgraphEnvSchema, z } from '@gongzhi/subgraph-kit';

export const creditEnvSchema = subgraphEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4005),
  /** Run the event consumer and the rescoring worker in this process (off for API-only replicas). */
  RUN_WORKERS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Households per read/write batch when rescoring a county. */
  RESCORE_BATCH_SIZE: z.coerce.number().int().min(100).max(10_000).default(2000),
});

export type CreditConfig = z.infer<typeof creditEnvSchema>;

export function loadCreditConfig(env: Record<string, string | undefined> = process.env): CreditConfig {
  return loadConfig(creditEnvSchema, env);
}

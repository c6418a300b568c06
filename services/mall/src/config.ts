import { loadConfig, subgraphEnvSchema, z } from '@gongzhi/subgraph-kit';

export const mallEnvSchema = subgraphEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4004),
  /** The supergraph endpoint: points are reserved and household codes verified through it. */
  GATEWAY_URL: z.string().url().default('http://127.0.0.1:4000/graphql'),
  MALL_CLIENT_ID: z.string().default('gzc_internal_mall'),
  MALL_CLIENT_SECRET: z.string().min(24, 'must be at least 24 characters (the secret of the mall client in identity INTERNAL_CLIENTS)'),
  /** Per call to the gateway; a call that times out has an unknown outcome and is retried by recovery. */
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Days a reserved order waits for pickup before it expires (points released, stock returned). */
  PICKUP_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  /** Recovery leaves orders alone this long after their last change (longer than a gateway call). */
  RECOVERY_GRACE_SECONDS: z.coerce.number().int().min(0).default(30),
  RECOVERY_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(30),
  /** MySQL connections per process. */
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  /** Whether this process also runs the queue workers (event projection, recovery). */
  RUN_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type MallConfig = z.infer<typeof mallEnvSchema>;

export function loadMallConfig(env: Record<string, string | undefined> = process.env): MallConfig {
  return loadConfig(mallEnvSchema, env);
}

import { loadConfig, subgraphEnvSchema, z } from '@gongzhi/subgraph-kit';

export const pointsEnvSchema = subgraphEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  /** Days villagers may object to a published monthly disclosure, unless the cadre sets another window. */
  DISCLOSURE_OBJECTION_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  /** Households in one bulk posting call. */
  BULK_MAX_HOUSEHOLDS: z.coerce.number().int().min(1).max(20000).default(2000),
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
});

export type PointsConfig = z.infer<typeof pointsEnvSchema>;

export function loadPointsConfig(env: Record<string, string | undefined> = process.env): PointsConfig {
  return loadConfig(pointsEnvSchema, env);
}

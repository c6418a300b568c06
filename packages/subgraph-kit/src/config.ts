import { z } from 'zod';

/** Raised at boot when the environment is wrong; lists every bad key at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const value = env[key];
    return value === undefined ? `${key}: missing (${issue.message})` : `${key}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

const mysqlUrl = z
  .string()
  .regex(/^mysql:\/\/.+\/[A-Za-z0-9_]+(\?.*)?$/, 'must look like mysql://user:pass@host:3306/database');
const redisUrl = z.string().regex(/^rediss?:\/\/.+/, 'must look like redis://host:6379');

/** Keys every subgraph process reads; a service extends this with its own. */
export const subgraphEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVICE_VERSION: z.string().default('0.1.0'),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: mysqlUrl,
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** First part of every BullMQ prefix (`<base>:{events}`, `<base>:{510681}`); tests use their own. */
  QUEUE_BASE: z.string().regex(/^[A-Za-z0-9_-]+$/).default('gz'),
  /** Shared secret the gateway sends; subgraphs refuse /graphql without it. */
  GATEWAY_SECRET: z.string().min(16, 'must be at least 16 characters'),
  /** Where to fetch the token signing keys (identity's JWKS). */
  JWKS_URL: z.string().url().default('http://127.0.0.1:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().default('gongzhi-identity'),
  JWT_AUDIENCE: z.string().default('gongzhi'),
});

export type SubgraphEnv = z.infer<typeof subgraphEnvSchema>;
export { z };

import { loadConfig, z } from '@gongzhi/subgraph-kit';
import { defaultSubgraphUrls, parseSubgraphUrls } from './subgraphs';

export const gatewayEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVICE_VERSION: z.string().default('0.1.0'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must look like redis://host:6379').default('redis://127.0.0.1:6379'),
  GATEWAY_SECRET: z.string().min(16, 'must be at least 16 characters'),
  JWKS_URL: z.string().url().default('http://127.0.0.1:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().default('gongzhi-identity'),
  JWT_AUDIENCE: z.string().default('gongzhi'),
  /** Static supergraph (production). Without it the gateway composes from the running subgraphs. */
  SUPERGRAPH_PATH: z.string().optional(),
  /** name=url pairs overriding where each subgraph is reached. */
  SUBGRAPH_URLS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return { ...defaultSubgraphUrls(), ...parseSubgraphUrls(v) };
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  MAX_TOKENS: z.coerce.number().int().min(50).default(2000),
  MAX_COST: z.coerce.number().int().min(1).default(5000),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  MAX_BODY: z.string().regex(/^\d+(b|kb|mb)$/).default('100kb'),
  /** Requests per caller (user, client, or address when anonymous) per minute. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig(gatewayEnvSchema, env);
}

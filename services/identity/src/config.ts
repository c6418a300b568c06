import { loadConfig, subgraphEnvSchema, z } from '@gongzhi/subgraph-kit';

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes (openssl rand -base64 32)');

const privateJwk = z.string().refine((v) => {
  try {
    const jwk = JSON.parse(v);
    return jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.d === 'string' && typeof jwk.kid === 'string';
  } catch {
    return false;
  }
}, 'must be a JSON EC P-256 private JWK with "kid" (npm run keys prints one)');

export const identityEnvSchema = subgraphEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  JWT_PRIVATE_JWK: privateJwk,
  /** Public keys still accepted after a rotation, as a JSON array of JWKs. */
  JWT_PREVIOUS_PUBLIC_JWKS: z.string().default('[]'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  CLIENT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  ID_ENCRYPTION_KEY: base64Key,
  ID_HASH_KEY: base64Key,
  /**
   * Service-to-service OAuth clients, as JSON: [{"clientId","clientSecret","name","scopes":[...],"regionCode"}].
   * Identity creates or updates them at boot (e.g. the mall's client with scope points:spend).
   */
  INTERNAL_CLIENTS: z
    .string()
    .default('[]')
    .transform((v, ctx) => {
      const parsed = z
        .array(
          z.object({
            clientId: z.string().regex(/^gzc_[a-z0-9_]{3,36}$/),
            clientSecret: z.string().min(24),
            name: z.string().min(1).max(100),
            scopes: z.array(z.string()).min(1),
            regionCode: z.string().regex(/^\d{12}$/).default('510000000000'),
          }),
        )
        .safeParse((() => {
          try {
            return JSON.parse(v);
          } catch {
            return null;
          }
        })());
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {clientId, clientSecret (24+ chars), name, scopes, regionCode}' });
        return z.NEVER;
      }
      return parsed.data;
    }),
  /** Failed logins allowed per account in a 15-minute window. */
  LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
});

export type IdentityConfig = z.infer<typeof identityEnvSchema>;

export function loadIdentityConfig(env: Record<string, string | undefined> = process.env): IdentityConfig {
  return loadConfig(identityEnvSchema, env);
}

import {
  createQueue,
  createRedis,
  EventQueues,
  eventsQueuePrefix,
  Topics,
  createTokenVerifier,
  openDataSource,
  OutboxRelay,
  pingRedis,
  standardSubgraphOptions,
  startSubgraphServer,
  typeormTransactor,
  type Logger,
  type RunningServer,
} from '@gongzhi/subgraph-kit';
import type { IdentityConfig } from './config';
import { createIdentityDataSource } from './database/data-source';
import { HouseholdResolver } from './households/household.resolver';
import { HouseholdService } from './households/household.service';
import { IdNumberVault } from './id-number/id-number';
import { ImportResolver } from './imports/import.resolver';
import { ImportService } from './imports/import.service';
import { IntegratorResolver } from './integrators/integrator.resolver';
import { IntegratorService } from './integrators/integrator.service';
import { mountOAuthTokenRoute } from './integrators/oauth-token.route';
import { RegionResolver } from './regions/region.resolver';
import { RegionService } from './regions/region.service';
import { identityRepositories } from './repositories';
import { RoleResolver } from './roles/role.resolver';
import { RoleService } from './roles/role.service';
import { buildIdentitySchema } from './schema';
import { RedisLoginThrottle } from './sessions/login-throttle';
import { SessionResolver } from './sessions/session.resolver';
import { SessionService } from './sessions/session.service';
import { TokenSigner } from './sessions/token-signer';
import { UserResolver } from './users/user.resolver';
import { UserService } from './users/user.service';

/** Composition root: data source → repositories → services → resolvers → schema → server. */
export async function createIdentityApp(config: IdentityConfig, logger: Logger) {
  const dataSource = createIdentityDataSource(config.DATABASE_URL);
  await openDataSource(dataSource, config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL);
  await pingRedis(redis, config.REDIS_URL);

  const repos = identityRepositories(dataSource.manager);
  const tx = typeormTransactor(dataSource, identityRepositories);
  const vault = new IdNumberVault(config.ID_ENCRYPTION_KEY, config.ID_HASH_KEY);
  const signer = await TokenSigner.fromJwk(config.JWT_PRIVATE_JWK, config.JWT_PREVIOUS_PUBLIC_JWKS, config.JWT_ISSUER, config.JWT_AUDIENCE);

  const regions = new RegionService(repos);
  const users = new UserService(repos, tx, vault);
  const roles = new RoleService(repos);
  const households = new HouseholdService(repos, tx);
  const throttle = new RedisLoginThrottle(redis, config.LOGIN_ATTEMPTS_PER_ACCOUNT);
  const imports = new ImportService(repos, tx, vault, throttle);
  const sessions = new SessionService(repos, tx, signer, throttle, {
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
  });
  const integrators = new IntegratorService(repos, signer, config.CLIENT_TOKEN_TTL_SECONDS);
  await integrators.ensureInternalClients(config.INTERNAL_CLIENTS);

  const resolvers = new Map<Function, object>([
    [RegionResolver, new RegionResolver(regions)],
    [UserResolver, new UserResolver(users, households, roles)],
    [RoleResolver, new RoleResolver(roles)],
    [HouseholdResolver, new HouseholdResolver(households, users, regions)],
    [SessionResolver, new SessionResolver(sessions)],
    [IntegratorResolver, new IntegratorResolver(integrators)],
    [ImportResolver, new ImportResolver(imports)],
  ]);
  const schema = await buildIdentitySchema({ get: (cls) => resolvers.get(cls) }, { households, users });

  // Points, mall and credit keep their own projection of households (id → village).
  const prefix = eventsQueuePrefix(config.QUEUE_BASE);
  const consumers = [EventQueues.points, EventQueues.mall, EventQueues.credit].map((name) =>
    createQueue(name, { connection: redis, prefix }),
  );
  const relay = new OutboxRelay({
    dataSource,
    logger,
    routes: {
      [Topics.HOUSEHOLD_CREATED]: consumers,
      [Topics.HOUSEHOLD_MEMBER_ADDED]: consumers,
      [Topics.HOUSEHOLD_MEMBER_REMOVED]: consumers,
      [Topics.HOUSEHOLD_HEAD_TRANSFERRED]: consumers,
    },
  });
  let server: RunningServer | null = null;

  return {
    dataSource,
    redis,
    signer,
    services: { regions, users, roles, households, sessions, integrators, imports },
    async start(port = config.PORT, host = config.HOST): Promise<RunningServer> {
      server = await startSubgraphServer(
        {
          name: 'identity',
          schema,
          logger,
          ...standardSubgraphOptions(config, { database: dataSource, redis }),
          // Identity checks tokens against its own keys: no HTTP call to itself.
          verifyToken: createTokenVerifier({ jwks: signer.jwks(), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
          configureRoutes: (app) => {
            app.get('/.well-known/jwks.json', (_req, res) => {
              res.set('Cache-Control', 'public, max-age=300').json(signer.jwks());
            });
            mountOAuthTokenRoute(app, integrators, logger);
          },
        },
        { port, host },
      );
      relay.start();
      return server;
    },
    async stop(): Promise<void> {
      await server?.close();
      await relay.stop();
      await Promise.all(consumers.map((q) => q.close()));
      await dataSource.destroy();
      redis.disconnect();
    },
  };
}

export type IdentityApp = Awaited<ReturnType<typeof createIdentityApp>>;

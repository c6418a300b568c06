import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { bearerToken, createTokenVerifier, type RequestContext, type TokenVerifier } from './auth';
import type { SubgraphEnv } from './config';
import { DomainError, createErrorFormatter } from './errors';
import { idArgumentsPlugin } from './id-arguments';
import { createMetrics, errorMetricsPlugin, type Metrics } from './metrics';
import { mountOperationalRoutes } from './operational';

export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';
export const REQUEST_ID_HEADER = 'x-request-id';

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  logger: Logger;
  gatewaySecret: string;
  verifyToken: TokenVerifier;
  /** Each must resolve when its dependency answers; `/readyz` runs them all. */
  readinessChecks: Record<string, () => Promise<unknown>>;
  production: boolean;
  /** Extra HTTP routes of this service (e.g. JWKS, OAuth token endpoint). */
  configureRoutes?: (app: Express) => void;
  bodyLimit?: string;
}

/**
 * What every subgraph passes the same way: the gateway secret, tokens checked against
 * identity's JWKS, and readiness meaning its database and Redis answer.
 */
export function standardSubgraphOptions(
  config: Pick<SubgraphEnv, 'GATEWAY_SECRET' | 'JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'NODE_ENV'>,
  dependencies: { database: { query(sql: string): Promise<unknown> }; redis: { ping(): Promise<unknown> } },
): Pick<SubgraphServerOptions, 'gatewaySecret' | 'verifyToken' | 'production' | 'readinessChecks'> {
  return {
    gatewaySecret: config.GATEWAY_SECRET,
    verifyToken: createTokenVerifier({ jwks: new URL(config.JWKS_URL), issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
    production: config.NODE_ENV === 'production',
    readinessChecks: {
      database: () => dependencies.database.query('SELECT 1'),
      redis: () => dependencies.redis.ping(),
    },
  };
}

export interface RunningServer {
  url: string;
  port: number;
  metrics: Metrics;
  close(): Promise<void>;
}

function secretsMatch(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function graphqlErrorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export async function startSubgraphServer(
  options: SubgraphServerOptions,
  listen: { port: number; host?: string },
): Promise<RunningServer> {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const metrics = createMetrics(options.name);

  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // installShutdown owns SIGTERM; Apollo's own handler would race it and hang the drain.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    // Inline tracing is for Apollo Studio, which a county deployment does not use.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), errorMetricsPlugin<RequestContext>(metrics), idArgumentsPlugin<RequestContext>()],
    logger,
  });
  await apollo.start();

  mountOperationalRoutes(app, { service: options.name, metrics, readinessChecks: options.readinessChecks });
  options.configureRoutes?.(app);

  app.use(
    '/graphql',
    (req, res, next) => {
      if (!secretsMatch(req.get(GATEWAY_SECRET_HEADER), options.gatewaySecret)) {
        res
          .status(401)
          .json(graphqlErrorBody('GATEWAY_SECRET_REQUIRED', 'This service only answers requests from the Gongzhi gateway'));
        return;
      }
      next();
    },
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => buildRequestContext(req, options.verifyToken),
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(listen.port, listen.host ?? '0.0.0.0', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ port }, `${options.name} subgraph listening`);

  return {
    url,
    port,
    metrics,
    async close() {
      await apollo.stop();
      httpServer.closeAllConnections?.();
    },
  };
}

async function buildRequestContext(req: Request, verifyToken: TokenVerifier): Promise<RequestContext> {
  const requestId = req.get(REQUEST_ID_HEADER) ?? randomUUID();
  const token = bearerToken(req.get('authorization'));
  if (!token) return { principal: null, requestId };
  try {
    return { principal: await verifyToken(token), requestId };
  } catch (err) {
    const code = err instanceof DomainError ? err.code : 'TOKEN_INVALID';
    throw new GraphQLError((err as Error).message, { extensions: { code, http: { status: 401 } } });
  }
}

/** SIGTERM/SIGINT: stop taking requests, finish what is running, close connections, exit. */
export function installShutdown(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    shutdown()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

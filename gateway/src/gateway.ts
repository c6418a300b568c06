import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { createMetrics, createRedis, errorMetricsPlugin, mountOperationalRoutes, scrubClientMessage, type Logger } from '@gongzhi/subgraph-kit';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, errorBody, type GatewayContext } from './authenticate';
import type { GatewayConfig } from './config';
import { operationLimitRules } from './limits';
import { rateLimit } from './rate-limit';
import { SubgraphDataSource } from './subgraph-data-source';

/** Codes a client may see as they are; anything else from anywhere becomes INTERNAL_SERVER_ERROR. */
function formatGatewayError(logger: Logger, production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const ext = formatted.extensions ?? {};
    const code = typeof ext.limit === 'string' ? ext.limit : typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR';
    if (code === 'INTERNAL_SERVER_ERROR' || code === 'DOWNSTREAM_SERVICE_ERROR') {
      logger.error({ message: formatted.message, path: formatted.path, serviceName: ext.serviceName }, 'internal error');
      return { message: production ? 'Internal server error' : formatted.message, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    const keep: Record<string, unknown> = { code };
    for (const key of ['fields', 'details']) if (ext[key] !== undefined) keep[key] = JSON.parse(scrubClientMessage(JSON.stringify(ext[key])));
    return { message: scrubClientMessage(formatted.message), locations: formatted.locations, path: formatted.path, extensions: keep };
  };
}

function subgraphUrl(config: GatewayConfig, name: string, fallback?: string): string {
  const url = config.SUBGRAPH_URLS[name] ?? fallback;
  if (!url) throw new Error(`No URL for subgraph "${name}"; set SUBGRAPH_URLS`);
  return url;
}

export function createApolloGateway(config: GatewayConfig): ApolloGateway {
  const buildService = ({ name, url }: { name: string; url?: string }) =>
    new SubgraphDataSource(subgraphUrl(config, name, url), config.GATEWAY_SECRET, config.SUBGRAPH_TIMEOUT_MS);
  if (config.SUPERGRAPH_PATH) {
    return new ApolloGateway({ supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'), buildService });
  }
  return new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({
      subgraphs: Object.entries(config.SUBGRAPH_URLS).map(([name, url]) => ({ name, url })),
      pollIntervalInMs: config.NODE_ENV === 'development' ? 10_000 : undefined,
    }),
    buildService,
  });
}

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
  options: { rateLimitPrefix?: string } = {},
): Promise<RunningGateway> {
  const production = config.NODE_ENV === 'production';
  const redis = createRedis(config.REDIS_URL);
  const metrics = createMetrics('gateway');
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const httpServer = http.createServer(app);
  const gateway = createApolloGateway(config);

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // installShutdown owns SIGTERM; Apollo's own handler would race it and hang the drain.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    validationRules: operationLimitRules(config),
    parseOptions: { maxTokens: config.MAX_TOKENS },
    formatError: formatGatewayError(logger, production),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), errorMetricsPlugin<GatewayContext>(metrics)],
    logger,
  });
  await apollo.start();

  mountOperationalRoutes(app, { service: 'gateway', metrics, readinessChecks: { redis: () => redis.ping() } });

  // One public host for integrators: the token endpoint and the keys live in identity.
  const identityBase = new URL(subgraphUrl(config, 'identity')).origin;
  const proxy = (path: string) => async (req: Request, res: Response) => {
    try {
      const upstream = await fetch(`${identityBase}${path}`, {
        method: req.method,
        headers: {
          'content-type': req.get('content-type') ?? 'application/x-www-form-urlencoded',
          ...(req.get('authorization') ? { authorization: req.get('authorization')! } : {}),
        },
        body: req.method === 'POST' ? (req.body as Buffer) : undefined,
        signal: AbortSignal.timeout(config.SUBGRAPH_TIMEOUT_MS),
      });
      res.status(upstream.status);
      for (const h of ['content-type', 'cache-control', 'www-authenticate']) {
        const v = upstream.headers.get(h);
        if (v) res.set(h, v);
      }
      res.send(Buffer.from(await upstream.arrayBuffer()));
    } catch (err) {
      logger.error({ err: (err as Error).message, path }, 'identity proxy failed');
      res.status(502).json({ error: 'temporarily_unavailable' });
    }
  };
  app.get('/.well-known/jwks.json', proxy('/.well-known/jwks.json'));
  app.post('/oauth/token', express.raw({ type: () => true, limit: '4kb' }), proxy('/oauth/token'));

  app.use(
    '/graphql',
    authenticate(config),
    rateLimit(redis, config.RATE_LIMIT_PER_MINUTE, options.rateLimitPrefix),
    express.json({ limit: config.MAX_BODY }),
    expressMiddleware(apollo, {
      context: async ({ req }) => req.gateway ?? { principal: null, authorization: null, requestId: 'unknown' },
    }),
  );

  // Body too large, malformed JSON and the like: a coded JSON error, never an HTML page.
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') {
      res.status(413).json(errorBody('REQUEST_TOO_LARGE', `The request body is larger than ${config.MAX_BODY}`));
    } else if (err.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('BAD_REQUEST', 'The request body is not valid JSON'));
    } else {
      logger.error({ err: err.message }, 'gateway request failed');
      res.status(err.status && err.status < 500 ? err.status : 500).json(errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
    }
  });

  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  logger.info({ port }, 'gateway listening');
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    async close() {
      await apollo.stop();
      httpServer.closeAllConnections?.();
      redis.disconnect();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapturedLog, createLogger, createRedis, createTestDatabase, uniqueTestName, type RunningServer } from '@gongzhi/subgraph-kit';
import { composeSupergraph } from '../../gateway/src/compose';
import { loadGatewayConfig } from '../../gateway/src/config';
import { startGateway, type RunningGateway } from '../../gateway/src/gateway';
import { createIdentityApp, type IdentityApp } from '../../services/identity/src/app';
import { loadIdentityConfig } from '../../services/identity/src/config';
import { DEMO_PASSWORD, seedDemoCounty } from '../../services/identity/src/demo/demo-county';
import { generateSigningJwk } from '../../services/identity/src/sessions/token-signer';
import type { LaunchedService } from './launchers';
import { SERVICE_LAUNCHERS } from './services';

const REPO_ROOT = join(__dirname, '..', '..');

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }>;
  raw: string;
}

/**
 * The whole platform in this process: real MariaDB databases and Redis, the real services
 * on ephemeral ports, and the gateway on the static supergraph composed from their SDL,
 * as production runs it. Every log line is captured for privacy checks.
 */
export class TestPlatform {
  readonly log = new CapturedLog();
  readonly responses: string[] = [];
  identity!: IdentityApp;
  identityServer!: RunningServer;
  gateway!: RunningGateway;
  gatewaySecret = randomBytes(24).toString('base64url');
  readonly runId = uniqueTestName('run').replace(/[^A-Za-z0-9_]/g, '');
  /** Every subgraph after identity, by name. */
  readonly services = new Map<string, LaunchedService>();
  private drops: Array<() => Promise<void>> = [];
  private extraGateways: RunningGateway[] = [];
  private supergraphPath = '';

  static async start(options: { seed?: boolean } = {}): Promise<TestPlatform> {
    const platform = new TestPlatform();
    try {
      await platform.boot(options.seed ?? true);
    } catch (err) {
      // Half-started services would keep jest alive: stop whatever came up, then fail.
      await platform.stop().catch(() => undefined);
      throw err;
    }
    return platform;
  }

  private logger(service: string) {
    return createLogger({ service, version: 'test', level: 'info', destination: this.log });
  }

  identityEnv: Record<string, string> = {};

  private async boot(seed: boolean) {
    const db = await createTestDatabase('identity');
    this.drops.push(db.drop);
    this.identityEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      GATEWAY_SECRET: this.gatewaySecret,
      JWT_PRIVATE_JWK: JSON.stringify(await generateSigningJwk()),
      ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ID_HASH_KEY: randomBytes(32).toString('base64'),
      LOGIN_ATTEMPTS_PER_ACCOUNT: '5',
      QUEUE_BASE: this.runId,
    };
    this.identity = await createIdentityApp(loadIdentityConfig(this.identityEnv), this.logger('identity'));
    if (seed) await seedDemoCounty(this.identity);
    this.identityServer = await this.identity.start(0, '127.0.0.1');

    for (const launcher of SERVICE_LAUNCHERS) {
      const launched = await launcher.launch({
        gatewaySecret: this.gatewaySecret,
        jwksUrl: `http://127.0.0.1:${this.identityServer.port}/.well-known/jwks.json`,
        createDatabase: async (label) => {
          const created = await createTestDatabase(label);
          this.drops.push(created.drop);
          return created.url;
        },
        runId: this.runId,
        logger: (service) => this.logger(service),
        gatewayUrl: () => this.gateway.url,
        identity: this.identity,
        seed,
      });
      this.services.set(launched.name, launched);
    }

    const composed = composeSupergraph(REPO_ROOT, this.subgraphUrls());
    if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors.join('; ')}`);
    this.supergraphPath = join(mkdtempSync(join(tmpdir(), 'gz-supergraph-')), 'supergraph.graphql');
    writeFileSync(this.supergraphPath, composed.supergraphSdl);
    this.gateway = await this.startGateway();
  }

  /** Another gateway over the same services, e.g. with tighter limits. */
  async startGateway(overrides: Record<string, string> = {}): Promise<RunningGateway> {
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      GATEWAY_SECRET: this.gatewaySecret,
      JWKS_URL: `http://127.0.0.1:${this.identityServer.port}/.well-known/jwks.json`,
      SUPERGRAPH_PATH: this.supergraphPath,
      SUBGRAPH_URLS: Object.entries(this.subgraphUrls())
        .map(([name, url]) => `${name}=${url}`)
        .join(','),
      // Each test run gets its own rate-limit keys.
      RATE_LIMIT_PER_MINUTE: '100000',
      ...overrides,
    });
    const gateway = await startGateway(config, this.logger('gateway'), { rateLimitPrefix: uniqueTestName('rate') });
    if (this.gateway) this.extraGateways.push(gateway);
    return gateway;
  }

  subgraphUrls(): Record<string, string> {
    const urls: Record<string, string> = { identity: this.identityServer.url };
    for (const [name, service] of this.services) urls[name] = service.server.url;
    return urls;
  }

  async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    this.responses.push(text);
    return { status: res.status, text, headers: res.headers };
  }

  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string, url = this.gateway.url): Promise<GraphQLResponse<T>> {
    const res = await this.post(url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
    const parsed = JSON.parse(res.text);
    return { status: res.status, data: parsed.data, errors: parsed.errors, raw: res.text };
  }

  async login(phone: string, password = DEMO_PASSWORD): Promise<{ accessToken: string; refreshToken: string; userId: string }> {
    const res = await this.gql(
      'mutation($phone: String!, $password: String!) { login(phone: $phone, password: $password) { accessToken refreshToken userId } }',
      { phone, password },
    );
    if (!res.data?.login) throw new Error(`login ${phone} failed: ${res.raw}`);
    return res.data.login;
  }

  async token(phone: string): Promise<string> {
    return (await this.login(phone)).accessToken;
  }

  async stop(): Promise<void> {
    for (const g of this.extraGateways) await g.close();
    await this.gateway?.close();
    for (const service of [...this.services.values()].reverse()) await service.stop();
    await this.identity?.stop();
    for (const drop of this.drops) await drop();
    // This run's queues and rate-limit keys.
    const redis = createRedis('redis://127.0.0.1:6379');
    try {
      for (const pattern of [`${this.runId}:*`, 'gz:rate:gzt_rate_*', 'gzt_rate_*']) {
        const keys = await redis.keys(pattern);
        if (keys.length) await redis.del(...keys);
      }
    } finally {
      redis.disconnect();
    }
  }
}

/** Prints GraphQL error codes on failure so a broken expectation says what came back. */
export function codes(res: GraphQLResponse): string[] {
  return (res.errors ?? []).map((e) => String(e.extensions?.code));
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { createRedis, createTestDatabase, parseMysqlUrl, uniqueTestName } from '@gongzhi/subgraph-kit';
import { composeSupergraph } from '../../gateway/src/compose';
import { DEMO_PASSWORD } from '../../services/identity/src/demo/demo-county';
import type { GraphQLResponse } from './platform';
import { deleteKeys, freePort, PrivateRedis } from './redis-server';

const REPO_ROOT = join(__dirname, '..', '..');
// The same secrets generator `npm start` and the benchmarks use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSecrets } = require(join(REPO_ROOT, 'scripts', 'lib', 'processes')) as { generateSecrets(): Record<string, string> };

export const SERVICES = ['identity', 'points', 'issues', 'credit', 'mall'] as const;
export type ServiceName = (typeof SERVICES)[number];
/** Every long-running process of the platform: the subgraphs, 广汉市's SLA worker and the gateway. */
export type ProcessName = ServiceName | 'issues-worker' | 'gateway';
export const PROCESSES: ProcessName[] = [...SERVICES, 'issues-worker', 'gateway'];

/** The county whose SLA queue the platform's worker process serves. */
export const WORKER_COUNTY = '510681';
export const MALL_CLIENT_ID = 'gzc_internal_mall';

export interface LogLine {
  process: string;
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface ProcessPlatformOptions {
  /** Run on a private redis-server the test may kill and restart (default: the shared Redis on 6379). */
  privateRedis?: boolean;
  logLevel?: string;
  /** Extra environment per process (e.g. a test hook for the SLA worker). */
  env?: Partial<Record<ProcessName, Record<string, string>>>;
}

interface Managed {
  name: ProcessName;
  script: string;
  env: Record<string, string>;
  port: number;
  child: ChildProcess | null;
  /** Set while the test kills it on purpose. */
  expectedExit: boolean;
}

/**
 * The platform as production runs it: every service, 广汉市's SLA worker and the gateway as
 * separate Node processes (the built dist/, so run `npm run build` first), each with its own
 * fresh database, on ports of their own, demo county loaded. Tests kill and restart single
 * processes; every line each process writes is kept for privacy checks, every GraphQL
 * response too.
 */
export class ProcessPlatform {
  readonly runId = uniqueTestName('prun').replace(/[^A-Za-z0-9_]/g, '');
  readonly logs: LogLine[] = [];
  readonly responses: string[] = [];
  /** Processes that died without the test killing them. */
  readonly unexpectedExits: string[] = [];
  readonly databases = {} as Record<ServiceName, string>;
  redis: PrivateRedis | null = null;
  redisUrl = 'redis://127.0.0.1:6379';
  secrets: Record<string, string> = {};
  /** Milliseconds from the first seed to the end of each start-up phase. */
  readonly bootTimings: Record<string, number> = {};
  private readonly processes = new Map<ProcessName, Managed>();
  private readonly drops: Array<() => Promise<void>> = [];
  private readonly pools = new Map<ServiceName, mysql.Pool>();
  private readonly tokens = new Map<string, { value: string; at: number }>();
  private stopping = false;
  private tempDir: string | null = null;

  private constructor(private readonly options: ProcessPlatformOptions) {}

  static async start(options: ProcessPlatformOptions = {}): Promise<ProcessPlatform> {
    const platform = new ProcessPlatform(options);
    try {
      await platform.boot();
    } catch (err) {
      await platform.stop().catch(() => undefined);
      throw err;
    }
    return platform;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.port('gateway')}/graphql`;
  }

  port(name: ProcessName): number {
    return this.managed(name).port;
  }

  serviceUrl(name: ServiceName): string {
    return `http://127.0.0.1:${this.port(name)}/graphql`;
  }

  private managed(name: ProcessName): Managed {
    const m = this.processes.get(name);
    if (!m) throw new Error(`no process ${name}`);
    return m;
  }

  private async boot(): Promise<void> {
    if (this.options.privateRedis) {
      this.redis = await PrivateRedis.start();
      this.redisUrl = this.redis.url;
    }
    for (const s of SERVICES) {
      const db = await createTestDatabase(s);
      this.drops.push(db.drop);
      this.databases[s] = db.url;
    }
    this.secrets = { ...generateSecrets(), MALL_CLIENT_SECRET: `gzs_${this.runId}_mall_client_secret` };
    const ports = new Map<ProcessName, number>();
    for (const name of PROCESSES) ports.set(name, await freePort());
    const level = this.options.logLevel ?? 'info';
    const common = {
      NODE_ENV: 'production',
      LOG_LEVEL: level,
      HOST: '127.0.0.1',
      REDIS_URL: this.redisUrl,
      QUEUE_BASE: this.runId,
      GATEWAY_SECRET: this.secrets.GATEWAY_SECRET,
      JWKS_URL: `http://127.0.0.1:${ports.get('identity')}/.well-known/jwks.json`,
    };
    const gatewayUrl = `http://127.0.0.1:${ports.get('gateway')}/graphql`;
    const sla = { SLA_SWEEP_INTERVAL_MS: '1000', SLA_LOCK_MS: '2000' };
    const own: Record<ProcessName, Record<string, string>> = {
      identity: {
        JWT_PRIVATE_JWK: this.secrets.JWT_PRIVATE_JWK,
        ID_ENCRYPTION_KEY: this.secrets.ID_ENCRYPTION_KEY,
        ID_HASH_KEY: this.secrets.ID_HASH_KEY,
        INTERNAL_CLIENTS: JSON.stringify([
          { clientId: MALL_CLIENT_ID, clientSecret: this.secrets.MALL_CLIENT_SECRET, name: '积分超市 (mall service)', scopes: ['points:spend', 'household:verify'], regionCode: '510000000000' },
        ]),
      },
      // Platforms share MariaDB's connections with other work: small pools.
      points: { DB_POOL_SIZE: '5' },
      // The API process fires nothing itself: 广汉市's reminders belong to the worker process.
      issues: { INLINE_WORKER_COUNTIES: '', ...sla },
      'issues-worker': { QUEUE_COUNTY: WORKER_COUNTY, ...sla },
      credit: {},
      mall: {
        MALL_CLIENT_ID,
        MALL_CLIENT_SECRET: this.secrets.MALL_CLIENT_SECRET,
        GATEWAY_URL: gatewayUrl,
        // Recovery finishes what a death left half-way within seconds (production: 30 s).
        RECOVERY_GRACE_SECONDS: '3',
        RECOVERY_INTERVAL_SECONDS: '2',
        DB_POOL_SIZE: '5',
      },
      gateway: {},
    };
    const scripts: Record<ProcessName, string> = {
      identity: 'services/identity/dist/main.js',
      points: 'services/points/dist/main.js',
      issues: 'services/issues/dist/main.js',
      'issues-worker': 'services/issues/dist/worker.js',
      credit: 'services/credit/dist/main.js',
      mall: 'services/mall/dist/main.js',
      gateway: 'gateway/dist/main.js',
    };
    const dbOf = (name: ProcessName) => (name === 'issues-worker' ? this.databases.issues : name === 'gateway' ? undefined : this.databases[name]);
    for (const name of PROCESSES) {
      const env: Record<string, string> = { ...common, ...own[name], ...this.options.env?.[name], PORT: String(ports.get(name)) };
      const db = dbOf(name);
      if (db) env.DATABASE_URL = db;
      this.processes.set(name, { name, script: scripts[name], env, port: ports.get(name)!, child: null, expectedExit: false });
    }
    const missing = [...Object.values(scripts), ...SERVICES.map((s) => `services/${s}/dist/demo/seed-demo.js`)].filter((f) => !existsSync(join(REPO_ROOT, f)));
    if (missing.length) throw new Error(`the platform runs the built services; run \`npm run build\` first (missing ${missing.join(', ')})`);
    const composed = composeSupergraph(REPO_ROOT, Object.fromEntries(SERVICES.map((s) => [s, `http://127.0.0.1:${ports.get(s)}/graphql`])));
    if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors.join('; ')}`);
    this.tempDir = mkdtempSync(join(tmpdir(), 'gz-psupergraph-'));
    const supergraphPath = join(this.tempDir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composed.supergraphSdl);
    Object.assign(this.managed('gateway').env, {
      SUPERGRAPH_PATH: supergraphPath,
      SUBGRAPH_URLS: SERVICES.map((s) => `${s}=http://127.0.0.1:${ports.get(s)}/graphql`).join(','),
      RATE_LIMIT_PER_MINUTE: '1000000',
    });

    // As `npm start`: identity, credit and mall seed before their API runs (migrations, demo
    // county, products), points and issues once identity answers. Processes that need no seed
    // start alongside, so the machine's cores overlap the work.
    const seedEnv = (name: ServiceName) => ({ ...this.managed(name).env, PORT: '0' });
    const t0 = Date.now();
    const mark = (phase: string) => (this.bootTimings[phase] = Date.now() - t0);
    const seededFirst: ServiceName[] = ['identity', 'credit', 'mall'];
    for (const name of PROCESSES) if (!seededFirst.includes(name as ServiceName)) this.spawn(name);
    await Promise.all(
      seededFirst.map(async (name) => {
        await this.runOnce(`${name}-seed`, `services/${name}/dist/demo/seed-demo.js`, seedEnv(name));
        mark(`seeded ${name}`);
        this.spawn(name);
      }),
    );
    await Promise.all(PROCESSES.map((name) => this.waitReady(name)));
    mark('processes ready');
    await Promise.all([
      this.runOnce('points-seed', 'services/points/dist/demo/seed-demo.js', seedEnv('points')),
      this.runOnce('issues-seed', 'services/issues/dist/demo/seed-demo.js', seedEnv('issues')),
    ]);
    mark('seeded points, issues');
  }

  private capture(label: string, child: ChildProcess): void {
    const verbose = !!process.env.GZ_TEST_VERBOSE;
    for (const stream of ['stdout', 'stderr'] as const) {
      let buffer = '';
      child[stream]!.setEncoding('utf8');
      child[stream]!.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          if (!line.trim()) continue;
          this.logs.push({ process: label, stream, line });
          if (verbose) process.stderr.write(`[${label}] ${line}\n`);
        }
      });
      child[stream]!.on('end', () => {
        if (buffer.trim()) this.logs.push({ process: label, stream, line: buffer });
        buffer = '';
      });
    }
  }

  private childEnv(env: Record<string, string>): Record<string, string> {
    // Only what Node needs from ours: jest's variables (NODE_ENV=test…) stay out.
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
  }

  private runOnce(label: string, script: string, env: Record<string, string>): Promise<void> {
    const child = spawn(process.execPath, [join(REPO_ROOT, script)], { env: this.childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    this.capture(label, child);
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with ${code}: ${this.tail(label)}`))));
    });
  }

  private spawn(name: ProcessName): void {
    const m = this.managed(name);
    const child = spawn(process.execPath, [join(REPO_ROOT, m.script)], { env: this.childEnv(m.env), stdio: ['ignore', 'pipe', 'pipe'] });
    m.child = child;
    m.expectedExit = false;
    this.capture(name, child);
    child.once('exit', (code, signal) => {
      if (!m.expectedExit && !this.stopping) this.unexpectedExits.push(`${name} (code ${code}, signal ${signal}): ${this.tail(name)}`);
    });
  }

  /** The last lines a process wrote, for error messages. */
  tail(label: string, n = 8): string {
    return this.logs
      .filter((l) => l.process === label)
      .slice(-n)
      .map((l) => l.line)
      .join('\n');
  }

  /** Writes every captured line to `file` (set GZ_TEST_LOG_DIR to keep a failed run's logs). */
  dumpLogs(file: string): void {
    writeFileSync(file, this.logs.map((l) => `[${l.process}${l.stream === 'stderr' ? '!' : ''}] ${l.line}`).join('\n'));
  }

  running(name: ProcessName): boolean {
    const c = this.managed(name).child;
    return !!c && c.exitCode === null && c.signalCode === null;
  }

  /** Kills one process (SIGKILL by default: no shutdown hooks, as when a node dies) and waits until it is gone. */
  async kill(name: ProcessName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const m = this.managed(name);
    const child = m.child;
    if (!child || !this.running(name)) return;
    m.expectedExit = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  /** Starts a process again on the same port and environment (changes merged in) and waits until it is ready. */
  async restart(name: ProcessName, envChanges: Record<string, string | undefined> = {}): Promise<void> {
    await this.kill(name);
    const m = this.managed(name);
    for (const [k, v] of Object.entries(envChanges)) {
      if (v === undefined) delete m.env[k];
      else m.env[k] = v;
    }
    this.spawn(name);
    await this.waitReady(name);
  }

  /** GET /readyz: 200 with every dependency answering. */
  async readyz(name: ProcessName): Promise<{ status: number; body: string }> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.port(name)}/readyz`, { signal: AbortSignal.timeout(5000) });
      return { status: res.status, body: await res.text() };
    } catch (err) {
      return { status: 0, body: (err as Error).message };
    }
  }

  async waitReady(name: ProcessName, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      if (!this.running(name)) throw new Error(`${name} is not running: ${this.tail(name)}`);
      const r = await this.readyz(name);
      if (r.status === 200) return;
      last = `${r.status} ${r.body}`;
      if (Date.now() > deadline) throw new Error(`${name} not ready within ${timeoutMs / 1000} s (last: ${last}): ${this.tail(name)}`);
      await new Promise((res) => setTimeout(res, 250));
    }
  }

  async waitAllReady(timeoutMs = 120_000): Promise<void> {
    await Promise.all(PROCESSES.map((name) => this.waitReady(name, timeoutMs)));
  }

  /** What Redis losing its data means for this run: every key under the run's prefix is deleted. */
  async loseRedisData(): Promise<number> {
    const redis = createRedis(this.redisUrl);
    try {
      return await deleteKeys(redis, `${this.runId}:*`);
    } finally {
      redis.disconnect();
    }
  }

  /** Rows of one service's database (tests look inside for invariants the API does not expose). */
  async sql<T = any>(service: ServiceName, query: string, params: unknown[] = []): Promise<T[]> {
    let pool = this.pools.get(service);
    if (!pool) {
      pool = mysql.createPool({ ...parseMysqlUrl(this.databases[service]), connectionLimit: 2, timezone: 'Z' });
      this.pools.set(service, pool);
    }
    const [rows] = await pool.query(query, params);
    return rows as T[];
  }

  /** A statement on the server itself (no database), e.g. to list or kill this run's connections. */
  async sqlAdmin<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
    const { database: _db, ...server } = parseMysqlUrl(this.databases.identity);
    const conn = await mysql.createConnection({ ...server, timezone: 'Z' });
    try {
      const [rows] = await conn.query(query, params);
      return rows as T[];
    } finally {
      await conn.end();
    }
  }

  /** Database names of this run (every `gzt_*` schema the platform created). */
  databaseNames(): string[] {
    return SERVICES.map((s) => parseMysqlUrl(this.databases[s]).database);
  }

  async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    this.responses.push(text);
    return { status: res.status, text };
  }

  /** A GraphQL call through the gateway; transport failures come back as status 0 with code TRANSPORT. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string, url = this.gatewayUrl): Promise<GraphQLResponse<T>> {
    let res: { status: number; text: string };
    try {
      res = await this.post(url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
    } catch (err) {
      const message = (err as Error).message;
      return { status: 0, errors: [{ message, extensions: { code: 'TRANSPORT' } }], raw: message };
    }
    let parsed: { data?: T; errors?: GraphQLResponse['errors'] };
    try {
      parsed = JSON.parse(res.text);
    } catch {
      return { status: res.status, errors: [{ message: res.text.slice(0, 200), extensions: { code: `HTTP_${res.status}` } }], raw: res.text };
    }
    return { status: res.status, data: parsed.data ?? undefined, errors: parsed.errors, raw: res.text };
  }

  async login(phone: string, password = DEMO_PASSWORD): Promise<{ accessToken: string; refreshToken: string; userId: string }> {
    const res = await this.gql(
      'mutation($phone: String!, $password: String!) { login(phone: $phone, password: $password) { accessToken refreshToken userId } }',
      { phone, password },
    );
    if (!res.data?.login) throw new Error(`login ${phone} failed: ${res.raw.slice(0, 300)}`);
    return res.data.login;
  }

  /** An access token for a demo login, reused for a few minutes (tokens live 15). */
  async token(phone: string, password = DEMO_PASSWORD): Promise<string> {
    const hit = this.tokens.get(phone);
    if (hit && Date.now() - hit.at < 5 * 60_000) return hit.value;
    const value = (await this.login(phone, password)).accessToken;
    this.tokens.set(phone, { value, at: Date.now() });
    return value;
  }

  /** An OAuth2 client-credentials token (banks, merchants, the mall's own client). */
  async clientToken(clientId: string, clientSecret: string): Promise<string> {
    const hit = this.tokens.get(clientId);
    if (hit && Date.now() - hit.at < 4 * 60_000) return hit.value;
    const res = await fetch(`http://127.0.0.1:${this.port('gateway')}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    this.responses.push(text);
    const value = (JSON.parse(text) as { access_token?: string }).access_token;
    if (!value) throw new Error(`client token for ${clientId}: ${text.slice(0, 200)}`);
    this.tokens.set(clientId, { value, at: Date.now() });
    return value;
  }

  /** Forgets cached tokens (e.g. after identity restarted with the same key they stay valid; after tests that need fresh ones). */
  forgetTokens(): void {
    this.tokens.clear();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (process.env.GZ_TEST_LOG_DIR) this.dumpLogs(join(process.env.GZ_TEST_LOG_DIR, `${this.runId}.log`));
    // SIGTERM: graceful shutdown; whatever still runs after 10 s is killed.
    const exits: Array<Promise<unknown>> = [];
    for (const m of this.processes.values()) {
      const child = m.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      m.expectedExit = true;
      let timer: NodeJS.Timeout | undefined;
      exits.push(
        Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => (timer = setTimeout(r, 10_000)))]).then(() => {
          clearTimeout(timer);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }),
      );
      child.kill('SIGTERM');
    }
    await Promise.all(exits);
    for (const pool of this.pools.values()) await pool.end().catch(() => undefined);
    for (const drop of this.drops) await drop().catch(() => undefined);
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
    if (this.redis) {
      await this.redis.stop();
    } else {
      await this.loseRedisData().catch(() => undefined);
    }
  }
}

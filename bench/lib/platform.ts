// Compiled to bench/dist/lib, so the script lives three levels up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The platform as separate processes, as in production (a load generator sharing a process with
// the gateway would measure itself). Own databases (gzbench_*) and ports, demo county loaded.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const processes = require(require('node:path').join(__dirname, '..', '..', '..', 'scripts', 'lib', 'processes')) as {
  root: string;
  generateSecrets(): Record<string, string>;
  checkDependencies(mysqlUrl: string, redisUrl: string): Promise<string[]>;
  waitReady(label: string, url: string, timeoutMs?: number): Promise<void>;
  ProcessGroup: new (options: { quiet?: boolean; onUnexpectedExit?: (label: string, code: number | null) => void }) => {
    run(label: string, script: string, env: Record<string, string>, options?: { wait?: boolean }): { pid?: number; label?: string };
    children: Array<{ pid?: number; label?: string }>;
    stop(): Promise<void>;
  };
};

export interface BenchService {
  name: string;
  port: number;
  seed?: string;
  /** Seed after every service is up (e.g. points takes in identity's household events first). */
  seedWhenUp?: boolean;
  /** Extra environment for this service. */
  env?: Record<string, string>;
}

export interface BenchPlatform {
  gatewayUrl: string;
  serviceUrls: Record<string, string>;
  gatewaySecret: string;
  secrets: Record<string, string>;
  mysqlUrl: string;
  dbPrefix: string;
  /** Resident memory (MiB) of each process, read from /proc. */
  residentMemory(): Record<string, number>;
  /** CPU seconds (user + system) each process has used so far, read from /proc: the difference across a phase is its cost. */
  cpuSeconds(): Record<string, number>;
  stop(): Promise<void>;
}

export const MYSQL_URL = (process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function startBenchPlatform(options: {
  services: BenchService[];
  gatewayPort?: number;
  dbPrefix?: string;
  env?: Record<string, string>;
  /** Extra environment for the gateway only (e.g. NODE_OPTIONS=--cpu-prof to profile it). */
  gatewayEnv?: Record<string, string>;
}): Promise<BenchPlatform> {
  const problems = await processes.checkDependencies(MYSQL_URL, REDIS_URL);
  if (problems.length) throw new Error(problems.join('\n'));
  const secrets: Record<string, string> = { ...processes.generateSecrets(), MALL_CLIENT_SECRET: `gzs_${Date.now().toString(36)}${Math.random().toString(36).slice(2)}bench` };
  // The mall spends points through the gateway with its own client, which identity creates at boot.
  const internalClients = JSON.stringify([
    { clientId: 'gzc_internal_mall', clientSecret: secrets.MALL_CLIENT_SECRET, name: '积分超市 (mall service)', scopes: ['points:spend', 'household:verify'], regionCode: '510000000000' },
  ]);
  const dbPrefix = options.dbPrefix ?? 'gzbench_';
  const queueBase = `gzbench${Date.now().toString(36)}`;
  const group = new processes.ProcessGroup({
    quiet: !process.env.BENCH_VERBOSE,
    onUnexpectedExit: (label, code) => console.error(`bench: ${label} exited unexpectedly (${code})`),
  });
  // Fresh databases every run: comparable figures, and keys generated for this run can read them.
  const mysql = await import('mysql2/promise');
  const target = new URL(MYSQL_URL);
  const admin = await mysql.createConnection({ host: target.hostname, port: Number(target.port || 3306), user: decodeURIComponent(target.username || 'root'), password: decodeURIComponent(target.password) });
  for (const s of options.services) await admin.query(`DROP DATABASE IF EXISTS \`${dbPrefix}${s.name}\``);
  await admin.end();
  const identity = options.services.find((s) => s.name === 'identity')!;
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_URL,
    QUEUE_BASE: queueBase,
    GATEWAY_SECRET: secrets.GATEWAY_SECRET,
    JWKS_URL: `http://127.0.0.1:${identity.port}/.well-known/jwks.json`,
    ...options.env,
  };
  // Each process gets only its own secrets, as in production.
  const ownSecrets = (name: string): Record<string, string> =>
    name === 'identity'
      ? { JWT_PRIVATE_JWK: secrets.JWT_PRIVATE_JWK, ID_ENCRYPTION_KEY: secrets.ID_ENCRYPTION_KEY, ID_HASH_KEY: secrets.ID_HASH_KEY, INTERNAL_CLIENTS: internalClients }
      : name === 'mall'
        ? { MALL_CLIENT_SECRET: secrets.MALL_CLIENT_SECRET, GATEWAY_URL: `http://127.0.0.1:${options.gatewayPort ?? 5000}/graphql` }
        : {};
  // BENCH_CPU_PROF_DIR=/tmp/prof profiles every process (one .cpuprofile per process under <dir>/<name>).
  const profile = (name: string): Record<string, string> =>
    process.env.BENCH_CPU_PROF_DIR ? { NODE_FLAGS: `--cpu-prof --cpu-prof-dir=${join(process.env.BENCH_CPU_PROF_DIR, name)}` } : {};
  const envOf = (s: BenchService) => ({ ...common, ...ownSecrets(s.name), ...s.env, ...profile(s.name), PORT: String(s.port), DATABASE_URL: `${MYSQL_URL}/${dbPrefix}${s.name}` });
  for (const s of options.services) if (s.seed && !s.seedWhenUp) await group.run(`${s.name}-seed`, s.seed, { ...envOf(s), NODE_FLAGS: '' }, { wait: true });
  for (const s of options.services) group.run(s.name, `services/${s.name}/dist/main.js`, envOf(s));
  for (const s of options.services) await processes.waitReady(s.name, `http://127.0.0.1:${s.port}/readyz`);
  for (const s of options.services) if (s.seed && s.seedWhenUp) await group.run(`${s.name}-seed`, s.seed, { ...envOf(s), NODE_FLAGS: '' }, { wait: true });
  const serviceUrls = Object.fromEntries(options.services.map((s) => [s.name, `http://127.0.0.1:${s.port}/graphql`]));
  const gatewayPort = options.gatewayPort ?? 5000;
  group.run('gateway', 'gateway/dist/main.js', {
    ...common,
    PORT: String(gatewayPort),
    SUPERGRAPH_PATH: join(processes.root, 'supergraph.graphql'),
    SUBGRAPH_URLS: Object.entries(serviceUrls).map(([n, u]) => `${n}=${u}`).join(','),
    RATE_LIMIT_PER_MINUTE: '100000000',
    ...profile('gateway'),
    ...options.gatewayEnv,
  });
  await processes.waitReady('gateway', `http://127.0.0.1:${gatewayPort}/readyz`);
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    serviceUrls,
    gatewaySecret: secrets.GATEWAY_SECRET,
    secrets,
    mysqlUrl: MYSQL_URL,
    dbPrefix,
    residentMemory() {
      const out: Record<string, number> = {};
      for (const child of group.children) {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
          out[child.label ?? String(child.pid)] = Math.round(kb / 1024);
        } catch {
          // process gone
        }
      }
      return out;
    },
    cpuSeconds() {
      const out: Record<string, number> = {};
      const ticks = 100; // USER_HZ on Linux
      for (const child of group.children) {
        try {
          // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
          const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
          out[child.label ?? String(child.pid)] = (Number(fields[11]) + Number(fields[12])) / ticks;
        } catch {
          // process gone
        }
      }
      return out;
    },
    stop: () => group.stop(),
  };
}

export async function graphql(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: any; errors?: Array<{ message: string }> };
  if (json.errors) throw new Error(`GraphQL error: ${json.errors.map((e) => e.message).join('; ')}`);
  return json.data;
}

export async function loginToken(gatewayUrl: string, phone: string, password = 'Gongzhi@2026'): Promise<string> {
  const data = await graphql(gatewayUrl, 'mutation($p: String!, $w: String!) { login(phone: $p, password: $w) { accessToken } }', { p: phone, w: password });
  return data.login.accessToken;
}

#!/usr/bin/env node
// One command for the whole platform on one machine: checks MariaDB and Redis, creates the
// databases and runs migrations, loads the demo county, starts every service and the gateway.
// Settings come from the environment (see README); secrets for development live in .dev/.
'use strict';
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const env = process.env;
const MYSQL_URL = (env.MYSQL_URL || 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
const REDIS_URL = env.REDIS_URL || 'redis://127.0.0.1:6379';
const GATEWAY_PORT = Number(env.GATEWAY_PORT || 4000);
const DB_PREFIX = env.DB_PREFIX || 'gongzhi_';

// The platform's processes in start order; a new service adds a line.
const SERVICES = [{ name: 'identity', port: 4001, seed: 'services/identity/dist/demo/seed-demo.js' }];

function devSecrets() {
  const file = path.join(root, '.dev', 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `dev-${crypto.randomBytes(4).toString('hex')}` };
  const secrets = {
    JWT_PRIVATE_JWK: JSON.stringify(jwk),
    ID_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    ID_HASH_KEY: crypto.randomBytes(32).toString('base64'),
    GATEWAY_SECRET: crypto.randomBytes(24).toString('base64url'),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function checkDependencies() {
  const problems = [];
  const mysql = require('mysql2/promise');
  try {
    const u = new URL(MYSQL_URL);
    const conn = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password),
      connectTimeout: 3000,
    });
    await conn.end();
  } catch (err) {
    problems.push(`MariaDB/MySQL does not answer at ${MYSQL_URL.replace(/\/\/[^@]*@/, '//')} (${err.code || err.message}). Start it, or set MYSQL_URL=mysql://user:pass@host:3306`);
  }
  const Redis = require('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis does not answer at ${REDIS_URL} (${err.code || err.message}). Start it, or set REDIS_URL=redis://host:6379`);
  } finally {
    redis.disconnect();
  }
  if (problems.length) {
    console.error(`Cannot start Gongzhi:\n  - ${problems.join('\n  - ')}\nWith Docker: docker compose up -d (docker-compose.yml starts both).`);
    process.exit(1);
  }
}

const children = [];
function run(label, script, extraEnv, { wait } = {}) {
  const child = spawn(process.execPath, [path.join(root, script)], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${label}] `;
  const forward = (stream, out) => {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) if (line.trim()) out.write(prefix + line + '\n');
    });
  };
  forward(child.stdout, env.QUIET ? fs.createWriteStream('/dev/null') : process.stdout);
  forward(child.stderr, process.stderr);
  if (wait) {
    return new Promise((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with code ${code}`)))),
    );
  }
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${label} stopped unexpectedly (code ${code}, signal ${signal}); stopping everything.`);
      stop(1);
    }
  });
  return child;
}

async function waitReady(label, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${label} did not become ready at ${url} within ${timeoutMs / 1000}s`);
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
  await checkDependencies();
  const secrets = devSecrets();
  const common = {
    NODE_ENV: env.NODE_ENV || 'development',
    LOG_LEVEL: env.LOG_LEVEL || 'info',
    REDIS_URL,
    GATEWAY_SECRET: secrets.GATEWAY_SECRET,
    JWKS_URL: `http://127.0.0.1:${SERVICES[0].port}/.well-known/jwks.json`,
  };
  const serviceEnv = (s) => ({
    ...common,
    ...secrets,
    PORT: String(s.port),
    DATABASE_URL: `${MYSQL_URL}/${DB_PREFIX}${s.name}`,
  });

  console.log('Preparing databases and the demo county (德阳市 / 广汉市)...');
  for (const s of SERVICES) if (s.seed) await run(`${s.name}-seed`, s.seed, serviceEnv(s), { wait: true });

  for (const s of SERVICES) run(s.name, `services/${s.name}/dist/main.js`, serviceEnv(s));
  for (const s of SERVICES) await waitReady(s.name, `http://127.0.0.1:${s.port}/readyz`);

  run('gateway', 'gateway/dist/main.js', {
    ...common,
    PORT: String(GATEWAY_PORT),
    SUBGRAPH_URLS: SERVICES.map((s) => `${s.name}=http://127.0.0.1:${s.port}/graphql`).join(','),
  });
  await waitReady('gateway', `http://127.0.0.1:${GATEWAY_PORT}/readyz`);

  const { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_BANK, DEMO_MERCHANT } = require(path.join(root, 'services/identity/dist/demo/demo-county.js'));
  console.log(`
Gongzhi is running.
  GraphQL endpoint: http://127.0.0.1:${GATEWAY_PORT}/graphql
  OAuth2 token:     http://127.0.0.1:${GATEWAY_PORT}/oauth/token

Demo logins (password ${DEMO_PASSWORD}):
${DEMO_PEOPLE.map((p) => `  ${p.phone}  ${p.name}  ${p.label}`).join('\n')}

Integrators (client credentials):
  ${DEMO_BANK.name}: client_id=${DEMO_BANK.clientId} client_secret=${DEMO_BANK.clientSecret}
  ${DEMO_MERCHANT.name}: client_id=${DEMO_MERCHANT.clientId} client_secret=${DEMO_MERCHANT.clientSecret}

Try:
  curl -s http://127.0.0.1:${GATEWAY_PORT}/graphql -H 'content-type: application/json' \\
    -d '{"query":"mutation { login(phone: \\"13800000001\\", password: \\"${DEMO_PASSWORD}\\") { accessToken } }"}'

Ctrl-C stops everything.`);
}

main().catch((err) => {
  console.error(err.message || err);
  stop(1);
});

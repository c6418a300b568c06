#!/usr/bin/env node
// One command for the whole platform on one machine: checks MariaDB and Redis, creates the
// databases and runs migrations, loads the demo county, starts every service and the gateway.
// Settings come from the environment (see README); secrets for development live in .dev/.
'use strict';
const path = require('node:path');
const { root, loadOrCreateSecrets, checkDependencies, waitReady, ProcessGroup } = require('./lib/processes');

const env = process.env;
const MYSQL_URL = (env.MYSQL_URL || 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
const REDIS_URL = env.REDIS_URL || 'redis://127.0.0.1:6379';
const GATEWAY_PORT = Number(env.GATEWAY_PORT || 4000);
const DB_PREFIX = env.DB_PREFIX || 'gongzhi_';

// The platform's processes in start order; a new service adds a line.
const SERVICES = [
  { name: 'identity', port: 4001, seed: 'services/identity/dist/demo/seed-demo.js' },
  // Points seeds once identity runs: it first takes in the household events identity relays.
  { name: 'points', port: 4002, seed: 'services/points/dist/demo/seed-demo.js', seedWhenUp: true },
  // Issues seeds through its services once identity answers logins; its API process also runs 广汉市's SLA worker.
  { name: 'issues', port: 4003, seed: 'services/issues/dist/demo/seed-demo.js', seedWhenUp: true },
  { name: 'credit', port: 4005, seed: 'services/credit/dist/demo/seed-demo.js' },
  { name: 'mall', port: 4004, seed: 'services/mall/dist/demo/seed-demo.js' },
];

const group = new ProcessGroup({
  quiet: Boolean(env.QUIET),
  onUnexpectedExit: (label, code, signal) => {
    console.error(`${label} stopped unexpectedly (code ${code}, signal ${signal}); stopping everything.`);
    stop(1);
  },
});
const run = (label, script, extraEnv, options) => group.run(label, script, extraEnv, options);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  group.stop().then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
  const problems = await checkDependencies(MYSQL_URL, REDIS_URL);
  if (problems.length) {
    console.error(`Cannot start Gongzhi:\n  - ${problems.join('\n  - ')}\nWith Docker: docker compose up -d (docker-compose.yml starts both).`);
    process.exit(1);
  }
  const secrets = loadOrCreateSecrets(path.join(root, '.dev', 'secrets.json'), {
    MALL_CLIENT_SECRET: `gzs_${require('node:crypto').randomBytes(24).toString('base64url')}`,
  });
  // Service-to-service OAuth clients identity creates at boot (the mall spends points through the gateway).
  const internalClients = [
    { clientId: 'gzc_internal_mall', clientSecret: secrets.MALL_CLIENT_SECRET, name: '积分超市 (mall service)', scopes: ['points:spend', 'household:verify'], regionCode: '510000000000' },
  ];
  const common = {
    NODE_ENV: env.NODE_ENV || 'development',
    LOG_LEVEL: env.LOG_LEVEL || 'info',
    REDIS_URL,
    GATEWAY_SECRET: secrets.GATEWAY_SECRET,
    JWKS_URL: `http://127.0.0.1:${SERVICES[0].port}/.well-known/jwks.json`,
  };
  // Each process gets only its own secrets: the signing key and ID-number keys stay in identity.
  const serviceEnv = (s) => ({
    ...common,
    PORT: String(s.port),
    DATABASE_URL: `${MYSQL_URL}/${DB_PREFIX}${s.name}`,
    ...(s.name === 'identity'
      ? {
          JWT_PRIVATE_JWK: secrets.JWT_PRIVATE_JWK,
          ID_ENCRYPTION_KEY: secrets.ID_ENCRYPTION_KEY,
          ID_HASH_KEY: secrets.ID_HASH_KEY,
          INTERNAL_CLIENTS: JSON.stringify(internalClients),
        }
      : {}),
    ...(s.name === 'mall' ? { GATEWAY_URL: `http://127.0.0.1:${GATEWAY_PORT}/graphql`, MALL_CLIENT_SECRET: secrets.MALL_CLIENT_SECRET } : {}),
    ...(s.name === 'issues' ? { INLINE_WORKER_COUNTIES: '510681', SLA_SWEEP_INTERVAL_MS: '15000' } : {}),
  });

  console.log('Preparing databases and the demo county (德阳市 / 广汉市)...');
  for (const s of SERVICES) if (s.seed && !s.seedWhenUp) await run(`${s.name}-seed`, s.seed, serviceEnv(s), { wait: true });

  for (const s of SERVICES) run(s.name, `services/${s.name}/dist/main.js`, serviceEnv(s));
  for (const s of SERVICES) await waitReady(s.name, `http://127.0.0.1:${s.port}/readyz`);
  for (const s of SERVICES) if (s.seedWhenUp) await run(`${s.name}-seed`, s.seed, serviceEnv(s), { wait: true });

  run('gateway', 'gateway/dist/main.js', {
    ...common,
    PORT: String(GATEWAY_PORT),
    SUBGRAPH_URLS: SERVICES.map((s) => `${s.name}=http://127.0.0.1:${s.port}/graphql`).join(','),
  });
  await waitReady('gateway', `http://127.0.0.1:${GATEWAY_PORT}/readyz`);

  const { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_BANK, DEMO_MERCHANT, DEMO_HOSPITAL } = require(path.join(root, 'services/identity/dist/demo/demo-county.js'));
  console.log(`
Gongzhi is running.
  GraphQL endpoint: http://127.0.0.1:${GATEWAY_PORT}/graphql
  OAuth2 token:     http://127.0.0.1:${GATEWAY_PORT}/oauth/token

Demo logins (password ${DEMO_PASSWORD}):
${DEMO_PEOPLE.map((p) => `  ${p.phone}  ${p.name}  ${p.label}`).join('\n')}

Integrators (client credentials):
  ${DEMO_BANK.name}: client_id=${DEMO_BANK.clientId} client_secret=${DEMO_BANK.clientSecret}
  ${DEMO_MERCHANT.name}: client_id=${DEMO_MERCHANT.clientId} client_secret=${DEMO_MERCHANT.clientSecret}
  ${DEMO_HOSPITAL.name}: client_id=${DEMO_HOSPITAL.clientId} client_secret=${DEMO_HOSPITAL.clientSecret}

Try:
  curl -s http://127.0.0.1:${GATEWAY_PORT}/graphql -H 'content-type: application/json' \\
    -d '{"query":"mutation { login(phone: \\"13800000001\\", password: \\"${DEMO_PASSWORD}\\") { accessToken } }"}'

Ctrl-C stops everything.`);
}

main().catch((err) => {
  console.error(err.message || err);
  stop(1);
});

import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { graphql, loginToken, MYSQL_URL, REDIS_URL, startBenchPlatform } from './lib/platform';

/**
 * `node bench/dist/mall.js [--duration S] [--loops N]` (after `npx tsc -b`): redemptions per
 * second through the gateway and the share of each redemption spent in the points call.
 * Self-contained: starts identity, points, mall and the gateway as processes on their own
 * databases and ports (5100–5104), loads the demo county, and drops the databases afterwards.
 * Each loop is one household redeeming a 1-point item and cancelling it (so the points last):
 * placeOrder is the measured redemption; cancelOrder keeps balances and stock steady.
 */
// Compiled to bench/dist: the repository is two levels up.
const ROOT = join(__dirname, '..', '..');
const PORTS = { gateway: 5100, identity: 5101, points: 5102, mall: 5104 };
// 真武村: the demo villager and the five generated heads of household.
const HOUSEHOLD_HEADS = ['13800000001', '13900000100', '13900000102', '13900000104', '13900000106', '13900000108'];
const STORE_A = '019a0000-0000-7000-8000-000000000401';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function runScript(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function metricSums(): Promise<{ place: number; placeCount: number; reserve: number; reserveCount: number }> {
  const text = await (await fetch(`http://127.0.0.1:${PORTS.mall}/metrics`)).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return {
    place: value(/^mall_place_order_seconds_sum(?:\{[^}]*\})? ([\d.e+-]+)$/m),
    placeCount: value(/^mall_place_order_seconds_count(?:\{[^}]*\})? ([\d.e+-]+)$/m),
    reserve: value(/^mall_points_call_seconds_sum\{[^}]*op="reserve"[^}]*\} ([\d.e+-]+)$/m),
    reserveCount: value(/^mall_points_call_seconds_count\{[^}]*op="reserve"[^}]*\} ([\d.e+-]+)$/m),
  };
}

async function main() {
  const durationSeconds = Number(arg('duration', '10'));
  const loops = Number(arg('loops', '8'));
  const stamp = Date.now().toString(36);
  const dbPrefix = `gzbmall_${stamp}_`;
  const queueBase = `gzbmall${stamp}`;
  const mallSecret = `gzs_${randomBytes(24).toString('base64url')}`;
  const internalClients = JSON.stringify([
    { clientId: 'gzc_internal_mall', clientSecret: mallSecret, name: '积分超市 (bench)', scopes: ['points:spend', 'household:verify'], regionCode: '510000000000' },
  ]);
  // The gateway loads the committed supergraph; subgraphs this benchmark does not start get a dead URL.
  const started = ['identity', 'points', 'mall'];
  const composed = [...readFileSync(join(ROOT, 'supergraph.graphql'), 'utf8').matchAll(/@join__graph\(name: "([a-z]+)"/g)].map((m) => m[1]);
  const subgraphUrls = composed
    .map((name) => `${name}=http://127.0.0.1:${started.includes(name) ? PORTS[name as keyof typeof PORTS] : 5199}/graphql`)
    .join(',');

  console.log('bench mall: starting identity, points, mall and the gateway...');
  const platform = await startBenchPlatform({
    gatewayPort: PORTS.gateway,
    dbPrefix,
    env: { QUEUE_BASE: queueBase },
    gatewayEnv: { SUBGRAPH_URLS: subgraphUrls },
    services: [
      { name: 'identity', port: PORTS.identity, seed: 'services/identity/dist/demo/seed-demo.js', env: { INTERNAL_CLIENTS: internalClients } },
      { name: 'points', port: PORTS.points },
      {
        name: 'mall',
        port: PORTS.mall,
        seed: 'services/mall/dist/demo/seed-demo.js',
        env: { MALL_CLIENT_SECRET: mallSecret, GATEWAY_URL: `http://127.0.0.1:${PORTS.gateway}/graphql` },
      },
    ],
  });
  try {
    // Points seeds once identity is up (it takes in identity's household events first).
    await runScript('services/points/dist/demo/seed-demo.js', {
      ...platform.secrets,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_URL,
      QUEUE_BASE: queueBase,
      JWKS_URL: `http://127.0.0.1:${PORTS.identity}/.well-known/jwks.json`,
      PORT: String(PORTS.points),
      DATABASE_URL: `${MYSQL_URL}/${dbPrefix}points`,
    });
    const gw = platform.gatewayUrl;
    const cadre = await loginToken(gw, '13800000002');
    const product = await graphql(
      gw,
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      { input: { storeId: STORE_A, name: '基准测试商品', category: 'DAILY_GOODS', price: 1, stock: 1_000_000 } },
      { authorization: `Bearer ${cadre}` },
    );
    const productId: string = product.createProduct.id;
    const tokens = await Promise.all(HOUSEHOLD_HEADS.map((phone) => loginToken(gw, phone)));

    const place = (token: string) =>
      fetch(gw, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }',
          variables: { input: { storeId: STORE_A, productId, quantity: 1, clientRequestId: `b${randomBytes(10).toString('hex')}` } },
        }),
      }).then((r) => r.json() as Promise<{ data?: { placeOrder: { id: string; status: string } }; errors?: Array<{ extensions?: { code?: string } }> }>);
    const cancel = (token: string, id: string) =>
      fetch(gw, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'mutation($id: ID!) { cancelOrder(id: $id) { status } }', variables: { id } }),
      }).then((r) => r.json());

    // The mall learns households from identity's events; wait until every household is known.
    for (const token of tokens) {
      for (let i = 0; ; i++) {
        const res = await place(token);
        if (res.data?.placeOrder) {
          await cancel(token, res.data.placeOrder.id);
          break;
        }
        if (i > 100) throw new Error(`warm-up order failed: ${JSON.stringify(res.errors)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }

    const run = async (seconds: number) => {
      const latencies: number[] = [];
      const failures: Record<string, number> = {};
      const deadline = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: loops }, async (_, i) => {
          const token = tokens[i % tokens.length];
          while (Date.now() < deadline) {
            const t = performance.now();
            const res = await place(token);
            const ms = performance.now() - t;
            if (res.data?.placeOrder?.status === 'RESERVED') {
              latencies.push(ms);
              await cancel(token, res.data.placeOrder.id);
            } else {
              const code = res.errors?.[0]?.extensions?.code ?? res.data?.placeOrder?.status ?? 'UNKNOWN';
              failures[code] = (failures[code] ?? 0) + 1;
            }
          }
        }),
      );
      return { latencies, failures };
    };

    await run(2); // warm-up: JIT, JWKS and query-plan caches
    const before = await metricSums();
    const t0 = performance.now();
    const { latencies, failures } = await run(durationSeconds);
    const elapsed = (performance.now() - t0) / 1000;
    const after = await metricSums();

    latencies.sort((a, b) => a - b);
    const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    const placeSeconds = after.place - before.place;
    const reserveSeconds = after.reserve - before.reserve;
    console.log(`\nmall redemption through the gateway (${loops} loops over ${tokens.length} households, ${durationSeconds} s; each loop: placeOrder then cancelOrder)`);
    console.log(`  redemptions (placeOrder → RESERVED): ${latencies.length} in ${elapsed.toFixed(1)} s = ${(latencies.length / elapsed).toFixed(1)} redemptions/s`);
    console.log(`  placeOrder latency at the client: p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms`);
    console.log(
      `  inside the mall: ${(after.placeCount - before.placeCount).toFixed(0)} placeOrder, mean ${((placeSeconds / Math.max(1, after.placeCount - before.placeCount)) * 1000).toFixed(1)} ms; ` +
        `points reserve call mean ${((reserveSeconds / Math.max(1, after.reserveCount - before.reserveCount)) * 1000).toFixed(1)} ms`,
    );
    console.log(`  share of placeOrder time spent in the points call: ${((reserveSeconds / Math.max(placeSeconds, 1e-9)) * 100).toFixed(1)}%`);
    if (Object.keys(failures).length) console.log(`  not reserved: ${JSON.stringify(failures)}`);
  } finally {
    await platform.stop();
    const conn = await mysql.createConnection(MYSQL_URL);
    try {
      for (const name of ['identity', 'points', 'mall']) await conn.query(`DROP DATABASE IF EXISTS \`${dbPrefix}${name}\``);
    } finally {
      await conn.end();
    }
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

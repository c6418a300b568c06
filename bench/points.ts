import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { BenchContext } from './lib/context';
import { CostMeter, describeCost, withCost, type CostPerRequest } from './lib/cost';
import { load } from './lib/load';
import { graphql, loginToken, MYSQL_URL, startBenchPlatform, type BenchPlatform } from './lib/platform';
import { machineInfo, toMarkdown, type BenchRow } from './lib/report';

/**
 * Points ledger throughput next to raw MariaDB in the same run:
 *  - bulk posting (bulkPostPoints through the gateway, 1,000 households a call) vs 1,000-row multi-row INSERTs, taken in turns;
 *  - single postings (awardPoints through the gateway, 8 at a time) vs single-row autocommit INSERTs at 8 connections;
 *  - the township leaderboard of 20,000 households through the gateway, and its query alone.
 * `node bench/dist/points.js` runs it standalone (own databases gzbenchpts_*, ports 5100-5102).
 */
const ROOT = join(__dirname, '..', '..');
const TOWNSHIP = '510681106000';
const CONCURRENCY = 8;
const BATCH = 1000;
const GENESIS = '0'.repeat(64);

interface Timing {
  perSecond: number;
  count: number;
  seconds: number;
}

function dbUrl(platform: BenchPlatform, name: string) {
  return `${platform.mysqlUrl}/${platform.dbPrefix}${name}`;
}

async function connect(url: string) {
  const u = new URL(url);
  return mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'), password: decodeURIComponent(u.password), database: u.pathname.slice(1) || undefined });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000, pollMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench points: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Until the relay has handed every outbox event to the queue. */
async function outboxDrained(db: mysql.Connection, timeoutMs = 300_000, pollMs = 250) {
  await waitFor(async () => {
    const [rows] = await db.query('SELECT COUNT(*) AS n FROM outbox_event WHERE published_at IS NULL');
    return Number((rows as any)[0].n) === 0;
  }, 'the outbox relay to drain', timeoutMs, pollMs);
}

/** Rule library and demo history (the points seed), once the projection knows the demo households. */
async function prepareCatalog(platform: BenchPlatform, db: mysql.Connection) {
  await waitFor(async () => {
    const [rows] = await db.query("SELECT COUNT(*) AS n FROM household WHERE village_code IN ('510681106001', '510681106002')");
    return Number((rows as any)[0].n) > 0;
  }, 'identity household events in points');
  const [items] = await db.query('SELECT COUNT(*) AS n FROM rule_item');
  if (Number((items as any)[0].n) > 0) return;
  const res = spawnSync(process.execPath, [join(ROOT, 'services/points/dist/demo/seed-demo.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: dbUrl(platform, 'points'), GATEWAY_SECRET: platform.gatewaySecret, QUEUE_BASE: `gzbenchseed${Date.now().toString(36)}` },
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error('bench points: the points seed failed');
}

/** Households of a township in the projection (as identity's events would leave them), 1,000 per village. */
async function generateHouseholds(db: mysql.Connection, count: number): Promise<Map<string, string[]>> {
  const byVillage = new Map<string, string[]>();
  const now = new Date();
  for (let i = 0; i < count; i += BATCH) {
    const village = `510681106${String(101 + i / BATCH).padStart(3, '0')}`;
    const ids = Array.from({ length: Math.min(BATCH, count - i) }, () => randomUUID());
    byVillage.set(village, ids);
    await db.query('INSERT INTO household (id, village_code, township_code, head_user_id, created_at) VALUES ?', [ids.map((id) => [id, village, TOWNSHIP, null, now])]);
    await db.query(
      `INSERT INTO household_balance (household_id, village_code, township_code, balance, earned, spent, reserved, month_key, this_month, year_key, this_year, last_seq, last_hash, updated_at) VALUES ?`,
      [ids.map((id) => [id, village, TOWNSHIP, 0, 0, 0, 0, 0, 0, 0, 0, 0, GENESIS, now])],
    );
  }
  return byVillage;
}

/** The baseline is only fair while raw_entry stores what ledger_entry stores: same names, types and collations. */
async function assertSameColumns(db: mysql.Connection, pointsDb: string, rawDb: string) {
  const shape = async (schema: string, table: string) => {
    const [rows] = await db.query(
      'SELECT COLUMN_NAME, COLUMN_TYPE, COLLATION_NAME, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [schema, table],
    );
    return JSON.stringify(rows);
  };
  const [ledger, raw] = [await shape(pointsDb, 'ledger_entry'), await shape(rawDb, 'raw_entry')];
  if (ledger !== raw) throw new Error(`bench points: raw_entry no longer has ledger_entry's columns\nledger: ${ledger}\nraw:    ${raw}`);
}

/** The raw baseline's table, shaped like ledger_entry (same columns, column types and indexes), and its row maker. */
async function createRawTable(platform: BenchPlatform): Promise<() => unknown[]> {
  const admin = await connect(platform.mysqlUrl);
  const name = `${platform.dbPrefix}raw`;
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const db = await connect(dbUrl(platform, 'raw'));
  // Column types as ledger_entry has them after its migrations (ids, codes and hashes in ASCII).
  const [ascii, hash] = ['CHARACTER SET ascii COLLATE ascii_general_ci', 'CHARACTER SET ascii COLLATE ascii_bin'];
  await db.query(`CREATE TABLE raw_entry (
    id CHAR(36) ${ascii} NOT NULL PRIMARY KEY, household_id CHAR(36) ${ascii} NOT NULL, seq INT NOT NULL, village_code CHAR(12) ${ascii} NOT NULL,
    item_id CHAR(36) ${ascii} NULL, item_code VARCHAR(40) ${ascii} NULL, item_version INT NULL, category VARCHAR(10) NULL, delta INT NOT NULL,
    source VARCHAR(12) NOT NULL, honour TINYINT(1) NOT NULL, reason VARCHAR(200) NOT NULL, actor_id VARCHAR(64) NOT NULL,
    idempotency_key VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, occurred_at DATETIME(3) NOT NULL,
    prev_hash CHAR(64) ${hash} NOT NULL, hash CHAR(64) ${hash} NOT NULL,
    UNIQUE KEY uq_seq (household_id, seq), UNIQUE KEY uq_key (idempotency_key), KEY idx_item (household_id, item_code, occurred_at),
    KEY idx_village (village_code, occurred_at)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await assertSameColumns(db, `${platform.dbPrefix}points`, name);
  await db.end();
  return () => [randomUUID(), randomUUID(), 1, '510681106101', randomUUID(), 'VILLAGE_CLEANUP', 1, '生态宜居', 3, 'BULK', 0, '村庄清洁日', randomUUID(), randomUUID(), new Date(), GENESIS, GENESIS];
}

/** Single-row autocommit INSERTs from CONCURRENCY connections in a closed loop. */
async function rawSingleRows(platform: BenchPlatform, row: () => unknown[], seconds: number): Promise<Timing & { cost: CostPerRequest }> {
  const conns = await Promise.all(Array.from({ length: CONCURRENCY }, () => connect(dbUrl(platform, 'raw'))));
  let single = 0;
  const started = Date.now();
  const until = started + seconds * 1000;
  const { cost } = await withCost(platform, () => Promise.all(conns.map(async (c) => {
    while (Date.now() < until) {
      await c.query('INSERT INTO raw_entry VALUES (?)', [row()]);
      single++;
    }
  })), () => single);
  const singleSeconds = (Date.now() - started) / 1000;
  await Promise.all(conns.map((c) => c.end()));
  return { perSecond: single / singleSeconds, count: single, seconds: singleSeconds, cost };
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  return graphql(url, query, variables, { authorization: `Bearer ${token}` });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.95)];
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const { platform, durationSeconds } = ctx;
  const households = Math.max(ctx.households, 20_000);
  const db = await connect(dbUrl(platform, 'points'));
  try {
    await prepareCatalog(platform, db);
    const byVillage = await generateHouseholds(db, households);
    const officer = await loginToken(platform.gatewayUrl, '13800000005');
    const url = platform.gatewayUrl;

    const rawRow = await createRawTable(platform);
    const rawDb = await connect(dbUrl(platform, 'raw'));

    // Bulk: one call per village of 1,000 households, one after another. Each call is taken in
    // turn with one raw 1,000-row INSERT, so both see the same machine (a shared 2-core VM
    // drifts by a fifth within a minute) and the ratio compares like with like. The raw INSERT
    // waits until the relay has published the previous call's events, so no platform work runs
    // beside it.
    const bulk = 'mutation($i: BulkPostPointsInput!) { bulkPostPoints(input: $i) }';
    const [, firstIds] = [...byVillage.entries()][0];
    await gql(url, officer, bulk, { i: { householdIds: firstIds.slice(0, 50), itemCode: 'VILLAGE_CLEANUP', reason: '预热', idempotencyKey: randomUUID() } });
    await rawDb.query('INSERT INTO raw_entry VALUES ?', [Array.from({ length: 50 }, rawRow)]);
    const [bulkMeter, rawMeter] = [new CostMeter(platform), new CostMeter(platform)];
    let [posted, bulkMs, rawRows, rawMs] = [0, 0, 0, 0];
    for (const ids of byVillage.values()) {
      const values = Array.from({ length: BATCH }, rawRow);
      await outboxDrained(db, 60_000, 5);
      let t = performance.now();
      await rawMeter.measure(() => rawDb.query('INSERT INTO raw_entry VALUES ?', [values]));
      rawMs += performance.now() - t;
      rawRows += BATCH;
      t = performance.now();
      posted += (await bulkMeter.measure(() => gql(url, officer, bulk, { i: { householdIds: ids, itemCode: 'VILLAGE_CLEANUP', reason: '村庄清洁日', idempotencyKey: randomUUID() } }))).bulkPostPoints;
      bulkMs += performance.now() - t;
    }
    await rawDb.end();
    const [bulkSeconds, bulkCost] = [bulkMs / 1000, bulkMeter.perRequest(byVillage.size)];
    const raw = {
      multi: { perSecond: rawRows / (rawMs / 1000), count: rawRows, seconds: rawMs / 1000, cost: rawMeter.perRequest(byVillage.size) },
      single: await rawSingleRows(platform, rawRow, durationSeconds),
    };
    const bulkRate = posted / bulkSeconds;

    // Single postings: 8 clients in a closed loop, round robin over the households; through the
    // gateway, then straight to the subgraph (as the gateway would call it) to show the gateway's share.
    const all = [...byVillage.values()].flat();
    const award = 'mutation($i: AwardPointsInput!) { awardPoints(input: $i) { id } }';
    let next = 0;
    const singleLoop = async (target: string, headers: Record<string, string>) => {
      const makeBody = () => ({ query: award, variables: { i: { householdId: all[next++ % all.length], itemCode: 'VOLUNTEER', reason: '志愿服务', idempotencyKey: randomUUID() } } });
      const r = await withCost(platform, () => load({ url: target, body: makeBody(), makeBody, headers, connections: CONCURRENCY, durationSeconds }), (x) => x.total);
      return { rate: r.requestsPerSecond, done: r.total - r.errors - r.non2xx, failed: r.errors + r.non2xx, seconds: durationSeconds, p50: r.p50, p99: r.p99, cost: r.cost };
    };
    // Let the relay hand the bulk's events to the queue first: single postings are measured in steady state.
    await outboxDrained(db);
    const auth = { authorization: `Bearer ${officer}` };
    const viaGateway = await singleLoop(url, auth);
    const direct = await singleLoop(platform.serviceUrls.points, { ...auth, 'x-gateway-secret': platform.gatewaySecret });
    const singleRate = viaGateway.rate;
    const [singles, errors, singleSeconds] = [viaGateway.done, viaGateway.failed, viaGateway.seconds];

    // Township leaderboard: through the gateway, and the query alone.
    const township = await loginToken(platform.gatewayUrl, '13800000004');
    const board = `{ pointsLeaderboard(regionCode: "${TOWNSHIP}", first: 20) { rank points householdId } }`;
    for (let i = 0; i < 10; i++) await gql(url, township, board, {});
    const through: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = process.hrtime.bigint();
      await gql(url, township, board, {});
      through.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const sql: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = process.hrtime.bigint();
      await db.query('SELECT * FROM household_balance WHERE township_code = ? ORDER BY earned DESC, household_id DESC LIMIT 20', [TOWNSHIP]);
      sql.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const [[{ n }]] = (await db.query('SELECT COUNT(*) AS n FROM household_balance WHERE township_code = ?', [TOWNSHIP])) as any;

    const rows: BenchRow[] = [
      {
        benchmark: 'points', metric: `bulk posting through the gateway (${BATCH} households a call)`, value: Math.round(bulkRate), unit: 'entries/s',
        baseline: { label: `raw ${BATCH}-row multi-row INSERT`, value: Math.round(raw.multi.perSecond) }, ratio: bulkRate / raw.multi.perSecond,
        target: '≥ 5,000 entries/s and ≥ 30% of raw', met: bulkRate >= 5000 && bulkRate / raw.multi.perSecond >= 0.3,
        note: `${posted} entries in ${bulkSeconds.toFixed(2)} s (chain, caps, balances, outbox included): ${describeCost(bulkCost, 'call')}; raw ${raw.multi.count} rows in ${raw.multi.seconds.toFixed(2)} s: ${describeCost(raw.multi.cost, 'statement')}`,
      },
      {
        benchmark: 'points', metric: `single postings through the gateway (${CONCURRENCY} concurrent)`, value: Math.round(singleRate), unit: 'entries/s',
        baseline: { label: `raw single-row INSERT at ${CONCURRENCY} connections`, value: Math.round(raw.single.perSecond) }, ratio: singleRate / raw.single.perSecond,
        target: '≥ 25% of raw', met: singleRate / raw.single.perSecond >= 0.25,
        note: `${singles} postings (${errors} errors) in ${singleSeconds.toFixed(1)} s, p50/p99 ${viaGateway.p50}/${viaGateway.p99} ms; raw ${raw.single.count} inserts in ${raw.single.seconds.toFixed(1)} s (${describeCost(raw.single.cost)}). Through the gateway: ${describeCost(viaGateway.cost)}`,
      },
      {
        benchmark: 'points', metric: `single postings straight to the points subgraph (${CONCURRENCY} concurrent)`, value: Math.round(direct.rate), unit: 'entries/s',
        baseline: { label: `raw single-row INSERT at ${CONCURRENCY} connections`, value: Math.round(raw.single.perSecond) }, ratio: direct.rate / raw.single.perSecond,
        note: `${direct.done} postings (${direct.failed} errors) in ${direct.seconds.toFixed(1)} s: the same work without the gateway hop. ${describeCost(direct.cost)}`,
      },
      {
        benchmark: 'points', metric: `township leaderboard (${n} households), median through the gateway`, value: Number(median(through).toFixed(2)), unit: 'ms',
        target: '< 50 ms', met: median(through) < 50,
        note: `p95 ${p95(through).toFixed(2)} ms; the query alone: median ${median(sql).toFixed(2)} ms, p95 ${p95(sql).toFixed(2)} ms`,
      },
    ];
    return rows;
  } finally {
    await db.end();
  }
}

/** identity + points only, so the gateway needs no other subgraph. */
export function composeIdentityAndPoints(identityPort: number, pointsPort: number): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { composeServices } = require('@apollo/composition');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gqlTag = require('graphql-tag');
  const result = composeServices([
    { name: 'identity', url: `http://127.0.0.1:${identityPort}/graphql`, typeDefs: gqlTag(readFileSync(join(ROOT, 'services/identity/schema.graphql'), 'utf8')) },
    { name: 'points', url: `http://127.0.0.1:${pointsPort}/graphql`, typeDefs: gqlTag(readFileSync(join(ROOT, 'services/points/schema.graphql'), 'utf8')) },
  ]);
  if (result.errors?.length) throw new Error(result.errors.map((e: Error) => e.message).join('; '));
  const file = join(mkdtempSync(join(tmpdir(), 'gz-bench-points-')), 'supergraph.graphql');
  writeFileSync(file, result.supergraphSdl);
  return file;
}

async function main() {
  const durationSeconds = Number(process.argv[process.argv.indexOf('--duration') + 1]) || 10;
  const settings = { households: 20_000, durationSeconds, connections: CONCURRENCY, seed: 42 };
  // Fresh databases each run: identity re-emits its household events and the township holds exactly the generated households.
  const admin = await connect(MYSQL_URL);
  for (const db of ['identity', 'points', 'raw']) await admin.query(`DROP DATABASE IF EXISTS \`gzbenchpts_${db}\``);
  await admin.end();
  const platform = await startBenchPlatform({
    services: [
      { name: 'identity', port: 5101, seed: 'services/identity/dist/demo/seed-demo.js' },
      { name: 'points', port: 5102 },
    ],
    gatewayPort: 5100,
    dbPrefix: 'gzbenchpts_',
    gatewayEnv: { SUPERGRAPH_PATH: composeIdentityAndPoints(5101, 5102) },
  });
  try {
    const rows = await run({ platform, ...settings });
    console.log(toMarkdown(rows, machineInfo(settings)));
  } finally {
    await platform.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

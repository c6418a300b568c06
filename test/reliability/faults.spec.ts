import { randomUUID } from 'node:crypto';
import { ProcessPlatform, PROCESSES, type ProcessName } from '../support/process-platform';
import { waitFor } from '../support/wait';
import { prepareFixture, type Fixture } from './fixture';
import { checkInvariants, eventsDrained, formatInvariants, settle } from './invariants';
import { MixedLoad, TRANSIENT, type JourneyKind } from './journeys';

// Faults through the gateway against the platform as separate processes: while villagers redeem,
// file applications and raise matters (and cadres answer), one process at a time is SIGKILLed
// mid-journey and restarted; Redis loses the run's data, then dies and comes back empty (a
// private redis-server: the shared one is never touched); MariaDB drops every connection of the
// run for a while. The journeys must finish (clients retry with their idempotency keys) and,
// at the end, nothing may be lost or doubled anywhere (invariants.ts).
jest.setTimeout(240_000);

let p: ProcessPlatform;
let fixture: Fixture;
let load: MixedLoad;
const KINDS: JourneyKind[] = ['redeem', 'approve', 'raise'];
const HANG_LOG = 'fault injection: holding the reminder transaction open';

beforeAll(async () => {
  p = await ProcessPlatform.start({ privateRedis: true });
  fixture = await prepareFixture(p);
  // 广汉市's SLA worker holds the first reminder it fires open, so the test below can kill it mid-job.
  await p.restart('issues-worker', { NODE_ENV: 'test', SLA_FAULT_HANG_FIRST_JOB: 'true' });
  load = new MixedLoad(p, fixture, { seed: 20261123, users: 5, weights: { redeem: 3, approve: 3, raise: 2 } });
  load.start();
}, 300_000);

afterAll(async () => {
  await load?.stop();
  await p?.stop();
});

/** Waits until every journey kind has finished `n` more times: the platform works end to end again. */
async function progress(n = 2): Promise<void> {
  const base = Object.fromEntries(KINDS.map((k) => [k, load.journeys[k].completed + load.journeys[k].refused]));
  await waitFor(
    `every journey to complete ${n} more times (${KINDS.map((k) => `${k} ${load.journeys[k].completed}`).join(', ')})`,
    async () => KINDS.every((k) => load.journeys[k].completed + load.journeys[k].refused >= base[k] + n),
    { timeoutMs: 180_000 },
  );
  expect(load.abandoned).toEqual([]);
}

async function inFlight(op: string): Promise<void> {
  await waitFor(`a ${op} in flight`, async () => load.inFlight(op) > 0, { intervalMs: 5, timeoutMs: 60_000 });
}

describe('a process SIGKILLed in the middle of a journey, then restarted', () => {
  const cases: Array<[ProcessName, string, string]> = [
    ['mall', 'placeOrder', 'redeem: the mall dies while placing an order (stock taken, points being reserved)'],
    ['points', 'confirmPickup', 'redeem: points dies while the mall commits a pickup'],
    ['points', 'approveApplication', 'approve-and-score: points dies while a cadre approves (ledger + outbox)'],
    ['credit', 'approveApplication', 'approve-and-score: credit dies while points.posted events stream in'],
    ['identity', 'readCredit', 'approve-and-score: identity dies while villagers read their household'],
    ['gateway', 'placeOrder', "redeem: the gateway dies while the mall's reservation call crosses it"],
    ['issues', 'raiseIssue', 'raise-and-escalate: the issues API dies while a matter is raised'],
  ];
  it.each(cases)('%s (%s in flight): %s', async (name, op) => {
    await inFlight(op);
    await p.kill(name);
    expect(p.running(name)).toBe(false);
    await p.restart(name);
    await p.waitAllReady();
    await progress();
  });

  it("raise-and-escalate: 广汉市's SLA worker dies inside a reminder's transaction; the reminder fires once after the restart", async () => {
    const hung = await waitFor('the SLA worker to hold a reminder open', async () => p.logs.find((l) => l.process === 'issues-worker' && l.line.includes(HANG_LOG)), {
      timeoutMs: 150_000,
    });
    const { issueId, kind } = JSON.parse(hung.line) as { issueId: string; kind: string };
    const [before] = await p.sql('issues', 'SELECT status FROM sla_reminder WHERE issue_id = ? AND kind = ?', [issueId, kind]);
    expect(before.status).toBe('PENDING');
    await p.kill('issues-worker');
    await p.restart('issues-worker', { NODE_ENV: 'production', SLA_FAULT_HANG_FIRST_JOB: undefined });
    await waitFor('the held reminder to fire', async () => {
      const [row] = await p.sql('issues', 'SELECT status FROM sla_reminder WHERE issue_id = ? AND kind = ?', [issueId, kind]);
      return row.status === 'FIRED';
    });
    const notices = await p.sql('issues', "SELECT kind, COUNT(*) AS n FROM notification WHERE issue_id = ? AND kind IN ('SLA_REMINDER', 'OVERDUE', 'ESCALATION') GROUP BY kind", [issueId]);
    expect(notices.every((n: any) => Number(n.n) === 1)).toBe(true);
    await progress();
  });
});

describe('Redis', () => {
  /** A redemption left half-way with nobody retrying it: only the mall's recovery sweep can finish it. */
  async function orphanedOrder(): Promise<string> {
    const villager = fixture.villages[0].villagers[0];
    await p.kill('points');
    const res = await p.gql(
      'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }',
      { i: { storeId: villager.village.storeId, productId: villager.village.products[0], quantity: 1, clientRequestId: `orphan_${randomUUID()}` } },
      await p.token(villager.phone),
    );
    expect(res.data?.placeOrder?.status).toBe('PENDING');
    return res.data!.placeOrder.id;
  }

  async function recovered(orderId: string): Promise<void> {
    await waitFor(`order ${orderId} to be settled by the recovery sweep`, async () => {
      const [row] = await p.sql('mall', 'SELECT status FROM mall_order WHERE id = ?', [orderId]);
      return row.status === 'RESERVED';
    });
  }

  it("loses the run's data with events waiting in it: outboxes send them again, wake-up calls re-armed, half-done orders recovered", async () => {
    await load.pause();
    // Credit is down, so a points.posted event published meanwhile waits in Redis when its data goes.
    await p.kill('credit');
    const cadre = await p.token('13800000002');
    const own = await p.gql('{ me { household { id } } }', {}, await p.token('13800000001'));
    const householdId = own.data.me.household.id;
    const awarded = await p.gql(
      'mutation($i: AwardPointsInput!) { awardPoints(input: $i) { id } }',
      { i: { householdId, itemCode: 'ANTI_FRAUD_REPORT', reason: '线索经查属实', idempotencyKey: randomUUID() } },
      cadre,
    );
    expect(awarded.errors).toBeUndefined();
    const entryId = awarded.data.awardPoints.id;
    await waitFor('the award to be published to the queue', async () => {
      const [row] = await p.sql('points', "SELECT COUNT(*) AS n FROM outbox_event WHERE JSON_VALUE(payload, '$.entries[0].entryId') = ? AND published_at IS NOT NULL", [entryId]);
      return Number(row.n) === 1;
    });
    const orderId = await orphanedOrder();
    expect(await p.loseRedisData()).toBeGreaterThan(0);
    await p.restart('credit');
    load.resume();
    await p.restart('points');
    await recovered(orderId);
    // The outbox sent the award again: credit counts it (the final invariants check every household).
    await waitFor('credit to take in the award sent again', async () => (await p.sql('credit', 'SELECT COUNT(*) AS n FROM points_entry WHERE entry_id = ?', [entryId]))[0].n > 0);
    await progress();
  });

  it('dies and comes back empty: every process reports not ready while it is away, then recovers', async () => {
    await load.pause();
    await waitFor('the event queues to drain', () => eventsDrained(p));
    const orderId = await orphanedOrder();
    await p.redis!.kill();
    load.resume();
    // Readiness tells the orchestrator: the subgraphs depend on Redis.
    await waitFor('a subgraph to report not ready', async () => (await p.readyz('mall')).status === 503);
    await p.redis!.restart();
    await p.restart('points');
    await p.waitAllReady();
    await recovered(orderId);
    await progress();
  });
});

describe('MariaDB', () => {
  it("drops every connection of the run's databases for a few seconds: services come back ready, journeys finish", async () => {
    await inFlight('approveApplication');
    const names = p.databaseNames();
    const until = Date.now() + 5000;
    let killed = 0;
    while (Date.now() < until) {
      const rows = await p.sqlAdmin<{ id: number }>('SELECT id FROM information_schema.processlist WHERE db IN (?) AND id <> CONNECTION_ID()', [names]);
      for (const r of rows) {
        await p.sqlAdmin(`KILL CONNECTION ${Number(r.id)}`).catch(() => undefined);
        killed += 1;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(killed).toBeGreaterThan(0);
    await p.waitAllReady();
    await progress();
  });
});

describe('afterwards', () => {
  it('nothing lost or doubled: ledgers, orders, credit, reminders', async () => {
    const report = await load.stop();
    // The journeys' matters are all due within a minute of their raising: wait until every
    // reminder of theirs has fired (or was cancelled by an answer).
    const raised = [...load.issues];
    await waitFor(
      "every reminder of the journeys' matters to fire",
      async () => {
        const [row] = await p.sql('issues', "SELECT COUNT(*) AS n FROM sla_reminder WHERE status = 'PENDING' AND (kind LIKE 'REMIND\\_%' OR kind = 'OVERDUE') AND issue_id IN (?)", [raised]);
        return Number(row.n) === 0;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    await settle(p);
    // The escalation path ran: unanswered matters were reminded and escalated to the township.
    const [sla] = await p.sql('issues', "SELECT SUM(kind = 'OVERDUE') AS overdue, SUM(kind LIKE 'REMIND\\_%') AS reminded FROM sla_reminder WHERE status = 'FIRED' AND issue_id IN (?)", [raised]);
    expect(Number(sla.overdue)).toBeGreaterThan(0);
    expect(Number(sla.reminded)).toBeGreaterThan(0);
    const results = await checkInvariants(p, fixture);
    process.stdout.write(`\nfaults: ${JSON.stringify({ journeys: report.journeys, errors: report.errors, operations: report.totalOperations })}\n${formatInvariants(results)}\n`);
    expect(report.abandoned).toEqual([]);
    // Failing cleanly: while a process was away clients got coded errors (retried) or the
    // definite answers a retry after a lost reply gets — nothing else, and no internals.
    const definite = ['APPLICATION_ALREADY_DECIDED', 'ISSUE_ILLEGAL_TRANSITION', 'INSUFFICIENT_POINTS', 'ORDER_PROCESSING'];
    expect(Object.keys(report.errors).filter((code) => !TRANSIENT.has(code) && !definite.includes(code))).toEqual([]);
    expect(p.responses.filter((r) => /ECONNREFUSED|ECONNRESET|\bat .+\.js:\d+|QueryFailedError/.test(r)).slice(0, 3)).toEqual([]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    for (const name of PROCESSES) expect(p.running(name)).toBe(true);
  });
});

import { Queue } from 'bullmq';
import { createRedis, EventQueues, eventsQueuePrefix } from '@gongzhi/subgraph-kit';
import { SERVICES, type ProcessPlatform } from '../support/process-platform';
import { waitFor } from '../support/wait';
import { COUNTY_OFFICER, COUNTY_REGION, PRODUCT_STOCK, TOWNSHIP_OFFICER, type Fixture } from './fixture';

export interface InvariantResult {
  name: string;
  ok: boolean;
  /** What was checked, or what broke. */
  detail: string;
}

const TRANSIENT_ORDER_STATES = ['PENDING', 'PICKUP_CONFIRMED', 'CANCELLING'];

async function eventQueueCounts(p: ProcessPlatform): Promise<Record<string, Record<string, number>>> {
  const redis = createRedis(p.redisUrl);
  const out: Record<string, Record<string, number>> = {};
  try {
    for (const name of Object.values(EventQueues)) {
      const queue = new Queue(name, { connection: redis, prefix: eventsQueuePrefix(p.runId) });
      try {
        out[name] = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      } finally {
        await queue.close();
      }
    }
  } finally {
    redis.disconnect();
  }
  return out;
}

/** Every outbox row published and every consumer queue empty: no event is in flight. */
export async function eventsDrained(p: ProcessPlatform): Promise<boolean> {
  for (const s of SERVICES) {
    const [row] = await p.sql(s, 'SELECT COUNT(*) AS n FROM outbox_event WHERE published_at IS NULL');
    if (Number(row.n) > 0) return false;
  }
  const counts = await eventQueueCounts(p);
  return Object.values(counts).every((c) => c.waiting + c.active + c.delayed + c.prioritized === 0);
}

/**
 * Waits until the platform is quiet: the mall's recovery has settled every order, every
 * outbox row is published, the consumers' queues are empty and every reminder that is due has
 * fired. Returns what it waited for (a stuck platform fails here with the reason).
 */
export async function settle(p: ProcessPlatform, timeoutMs = 180_000): Promise<void> {
  await waitFor(
    'the platform to settle (orders, outboxes, event queues, due reminders)',
    async () => {
      const [orders] = await p.sql('mall', 'SELECT COUNT(*) AS n FROM mall_order WHERE status IN (?)', [TRANSIENT_ORDER_STATES]);
      if (Number(orders.n) > 0) return false;
      if (!(await eventsDrained(p))) return false;
      const [due] = await p.sql('issues', "SELECT COUNT(*) AS n FROM sla_reminder WHERE status = 'PENDING' AND fire_at <= ?", [new Date()]);
      return Number(due.n) === 0;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

function result(name: string, problems: string[], checked: string): InvariantResult {
  return { name, ok: problems.length === 0, detail: problems.length ? `${problems.length} problem(s): ${problems.slice(0, 8).join('; ')}` : checked };
}

/** Every invariant the suites hold the platform to after faults and load. Call after settle(). */
export async function checkInvariants(p: ProcessPlatform, fixture: Fixture): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  const officer = await p.token(COUNTY_OFFICER);
  const householdIds = await fixture.householdIds();

  // Points: balance = Σ ledger for every household of the county (the reconciliation API).
  const rec = await p.gql('query($r: ID!) { reconcilePoints(regionCode: $r) { households entries consistent mismatches { householdId field projected fromLedger } } }', { r: COUNTY_REGION }, officer);
  const r = rec.data?.reconcilePoints;
  results.push(
    result(
      'points: every balance equals the sum of its ledger (reconcilePoints)',
      !r ? [`reconcilePoints failed: ${rec.raw.slice(0, 200)}`] : [...r.mismatches.map((m: any) => `${m.householdId} ${m.field} ${m.projected} ≠ ${m.fromLedger}`), ...(r.households === householdIds.length ? [] : [`${r.households} balances for ${householdIds.length} households`])],
      r ? `${r.households} households, ${r.entries} entries, consistent` : '',
    ),
  );

  // Per household through the gateway: chain, points and the credit reference's view of them.
  const chains: string[] = [];
  const creditGaps: string[] = [];
  const views = new Map<string, { balance: number; available: number; earned: number }>();
  for (const h of householdIds) {
    const res = await p.gql(
      'query($h: ID!) { verifyLedgerChain(householdId: $h) { valid entries brokenAtSeq } householdPoints(householdId: $h) { balance available earned } household(id: $h) { credit { points } } }',
      { h },
      officer,
    );
    const chain = res.data?.verifyLedgerChain;
    if (!chain?.valid) chains.push(`${h}: ${chain ? `broken at ${chain.brokenAtSeq}` : res.raw.slice(0, 200)}`);
    const points = res.data?.householdPoints;
    if (points) views.set(h, points);
    const credit = res.data?.household?.credit;
    if (!points || !credit) creditGaps.push(`${h}: no ${points ? 'credit reference' : 'points'}`);
    else if (credit.points !== points.earned) creditGaps.push(`${h}: credit counts ${credit.points}, points earned ${points.earned}`);
  }
  results.push(result('points: every household ledger chain verifies (verifyLedgerChain)', chains, `${householdIds.length} chains valid`));
  results.push(result('credit: every household reference counts exactly the points earned (points.posted once each)', creditGaps, `${householdIds.length} households agree`));

  // Approvals posted exactly once; nothing else posted for an application.
  const apps = await p.sql('points', 'SELECT id, status, entry_id FROM application');
  const appEntries = await p.sql('points', "SELECT idempotency_key AS k, id FROM ledger_entry WHERE idempotency_key LIKE 'application:%'");
  const entryOf = new Map(appEntries.map((e: any) => [String(e.k).slice('application:'.length), e]));
  const appProblems: string[] = [];
  for (const a of apps) {
    const e = entryOf.get(a.id);
    if (a.status === 'APPROVED' && (!e || e.id !== a.entry_id)) appProblems.push(`${a.id} APPROVED without its entry`);
    if (a.status !== 'APPROVED' && e) appProblems.push(`${a.id} ${a.status} but posted`);
  }
  results.push(result('points: each approved application posted exactly once', appProblems, `${apps.length} applications`));

  // Mall orders: settled, matching their reservation; stock and held points add up.
  const orders = await p.sql('mall', 'SELECT id, household_id, product_id, quantity, total_points, status, reservation_id FROM mall_order');
  const reservations = await p.sql('points', 'SELECT id, household_id, amount, status, idempotency_key, entry_id FROM reservation');
  const spends = await p.sql('points', "SELECT idempotency_key AS k, delta FROM ledger_entry WHERE source = 'SPEND'");
  const resByKey = new Map(reservations.map((x: any) => [x.idempotency_key, x]));
  const spendByKey = new Map<string, number[]>();
  for (const s of spends) spendByKey.set(s.k, [...(spendByKey.get(s.k) ?? []), Number(s.delta)]);
  const orderProblems: string[] = [];
  const orderIds = new Set<string>();
  for (const o of orders) {
    orderIds.add(o.id);
    const res = resByKey.get(o.id);
    const spent = res ? (spendByKey.get(`spend:${res.id}`) ?? []) : [];
    const want: Record<string, () => boolean> = {
      RESERVED: () => res?.status === 'RESERVED' && res.amount === o.total_points && res.id === o.reservation_id && spent.length === 0,
      COMPLETED: () => res?.status === 'COMMITTED' && res.amount === o.total_points && spent.length === 1 && spent[0] === -o.total_points,
      CANCELLED: () => (!res || res.status === 'RELEASED') && spent.length === 0,
      FAILED: () => (!res || res.status === 'RELEASED') && spent.length === 0,
    };
    if (!want[o.status]) orderProblems.push(`${o.id} is ${o.status}`);
    else if (!want[o.status]()) orderProblems.push(`${o.id} ${o.status} but reservation ${res ? `${res.status} ${res.amount}` : 'none'}, ${spent.length} spend entries`);
  }
  for (const x of reservations) if (!orderIds.has(x.idempotency_key) && x.status !== 'RELEASED') orderProblems.push(`reservation ${x.id} (${x.status}) belongs to no order`);
  const products = fixture.villages.flatMap((v) => v.products);
  const stock = await p.sql('mall', 'SELECT id, stock FROM product WHERE id IN (?)', [products]);
  for (const prod of stock) {
    const sold = orders.filter((o: any) => o.product_id === prod.id && (o.status === 'RESERVED' || o.status === 'COMPLETED')).reduce((t: number, o: any) => t + o.quantity, 0);
    if (PRODUCT_STOCK - sold !== prod.stock) orderProblems.push(`product ${prod.id}: stock ${prod.stock}, expected ${PRODUCT_STOCK - sold}`);
  }
  for (const [h, v] of views) {
    const held = orders.filter((o: any) => o.household_id === h && o.status === 'RESERVED').reduce((t: number, o: any) => t + o.total_points, 0);
    if (v.balance - v.available !== held) orderProblems.push(`household ${h}: ${v.balance - v.available} points held, open orders ${held}`);
  }
  const byStatus = orders.reduce((m: Record<string, number>, o: any) => ({ ...m, [o.status]: (m[o.status] ?? 0) + 1 }), {});
  results.push(result('mall: every order settled, matching its reservation; stock and held points add up', orderProblems, `${orders.length} orders ${JSON.stringify(byStatus)}`));

  // Household projections: every household identity has is known to points, the mall and credit.
  const projections: string[] = [];
  for (const [service, sql] of [
    ['points', 'SELECT household_id AS id FROM household_balance'],
    ['mall', 'SELECT household_id AS id FROM household_projection'],
    ['credit', 'SELECT household_id AS id FROM household_facts'],
  ] as const) {
    const known = new Set((await p.sql(service, sql)).map((x: any) => x.id));
    const missing = householdIds.filter((h) => !known.has(h));
    if (missing.length) projections.push(`${service} misses ${missing.length} household(s)`);
  }
  results.push(result('events: every household reached points, the mall and credit', projections, `${householdIds.length} households everywhere`));

  // SLA: every reminder that is due fired once; its effects happened exactly once.
  const expected = new Map<string, { remind: number; overdue: number; overdueAt: boolean }>();
  const slaProblems: string[] = [];
  // Reminders keep coming due while the checks above run (settle() was seconds ago): judge the
  // ones due by a moment when every due reminder had fired, allowing the worker up to 30 s to
  // get there. A worker that never fires still leaves its reminders PENDING and due by then.
  let now = Date.now();
  for (const giveUp = now + 30_000; ; ) {
    now = Date.now();
    const [due] = await p.sql('issues', "SELECT COUNT(*) AS n FROM sla_reminder WHERE status = 'PENDING' AND fire_at <= ?", [new Date(now)]);
    if (Number(due.n) === 0 || now > giveUp) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const reminders = await p.sql('issues', 'SELECT r.issue_id, r.kind, r.status, r.fire_at, r.fired_at, i.first_response_at, i.overdue_at FROM sla_reminder r JOIN issue i ON i.id = r.issue_id');
  const notes = await p.sql('issues', "SELECT issue_id, kind, COUNT(*) AS n FROM notification WHERE kind IN ('SLA_REMINDER', 'OVERDUE', 'ESCALATION') GROUP BY issue_id, kind");
  const escalations = await p.sql('issues', 'SELECT issue_id, COUNT(*) AS n FROM issue_escalation GROUP BY issue_id');
  const noteCount = new Map(notes.map((n: any) => [`${n.issue_id}/${n.kind}`, Number(n.n)]));
  const escalationCount = new Map(escalations.map((e: any) => [e.issue_id, Number(e.n)]));
  let fired = 0;
  for (const x of reminders) {
    const e = expected.get(x.issue_id) ?? { remind: 0, overdue: 0, overdueAt: !!x.overdue_at };
    expected.set(x.issue_id, e);
    if (x.status === 'PENDING' && new Date(x.fire_at).getTime() <= now) slaProblems.push(`${x.issue_id}/${x.kind} due at ${new Date(x.fire_at).toISOString()} never fired`);
    if (x.status !== 'FIRED') continue;
    fired += 1;
    // A reminder that fires after the village answered has nothing to say.
    const unanswered = !x.first_response_at || new Date(x.first_response_at).getTime() > new Date(x.fired_at).getTime();
    if (!unanswered) continue;
    if (String(x.kind).startsWith('REMIND_')) e.remind += 1;
    if (x.kind === 'OVERDUE') e.overdue += 1;
  }
  for (const [issue, e] of expected) {
    const got = { remind: noteCount.get(`${issue}/SLA_REMINDER`) ?? 0, overdue: noteCount.get(`${issue}/OVERDUE`) ?? 0, escalation: noteCount.get(`${issue}/ESCALATION`) ?? 0, rows: escalationCount.get(issue) ?? 0 };
    if (got.remind !== e.remind) slaProblems.push(`${issue}: ${got.remind} reminder notices for ${e.remind} reminders`);
    if (got.overdue !== e.overdue || got.escalation !== e.overdue || got.rows !== e.overdue || e.overdueAt !== e.overdue > 0) {
      slaProblems.push(`${issue}: overdue ${e.overdue}, notices ${got.overdue}/${got.escalation}, escalation rows ${got.rows}, overdueAt ${e.overdueAt}`);
    }
  }
  results.push(result('issues: each due SLA reminder fired exactly once, with its notices and escalation once', slaProblems, `${expected.size} issues, ${fired} reminders fired`));

  // The township's inbox through the gateway: each escalation once.
  const township = await p.token(TOWNSHIP_OFFICER);
  const seen = new Map<string, number>();
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const inbox: any = await p.gql('query($a: String) { issueInbox(first: 100, after: $a) { edges { node { issueId kind } } pageInfo { hasNextPage endCursor } } }', { a: after }, township);
    const conn = inbox.data?.issueInbox;
    if (!conn) {
      seen.set(`inbox failed: ${inbox.raw.slice(0, 200)}`, 2);
      break;
    }
    for (const e of conn.edges) if (e.node.kind === 'ESCALATION') seen.set(e.node.issueId, (seen.get(e.node.issueId) ?? 0) + 1);
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  const dupes = [...seen.entries()].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
  results.push(result("issues: the township's inbox shows each escalation once (issueInbox)", dupes, `${seen.size} escalations in 三星堆镇's inbox`));

  const counts = await eventQueueCounts(p);
  const failedJobs = Object.entries(counts).filter(([, c]) => c.failed > 0).map(([q, c]) => `${q}: ${c.failed} failed for good`);
  results.push(result('events: no consumer gave up on an event', failedJobs, 'no failed jobs'));

  results.push(result('processes: none died unless killed', [...p.unexpectedExits], 'all alive'));
  return results;
}

export function formatInvariants(results: InvariantResult[]): string {
  return results.map((r) => `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail}`).join('\n');
}

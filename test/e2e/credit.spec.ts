import { createQueue, createRedis, EventQueues, eventsQueuePrefix, newId, parseMysqlUrl, Topics } from '@gongzhi/subgraph-kit';
import type { Queue } from 'bullmq';
import mysql from 'mysql2/promise';
import type { CreditApp } from '../../services/credit/src/app';
import { DEMO_BANK, VILLAGE_A, VILLAGE_B } from '../../services/identity/src/demo/demo-county';
import { codes, TestPlatform } from '../support/platform';

jest.setTimeout(120_000);

// The credit service's "done when" list, through the gateway with the demo logins and the demo bank.
let p: TestPlatform;
let redis: ReturnType<typeof createRedis>;
let events: Queue;
beforeAll(async () => {
  p = await TestPlatform.start();
  redis = createRedis('redis://127.0.0.1:6379');
  events = createQueue(EventQueues.credit, { connection: redis, prefix: eventsQueuePrefix(p.runId) });
});
afterAll(async () => {
  await events?.close();
  redis?.disconnect();
  await p?.stop();
});

const VILLAGER = '13800000001';
const CADRE_A = '13800000002';
const TOWNSHIP = '13800000004';
const COUNTY = '13800000005';
const CADRE_B = '13800000006';
const VILLAGER_B = '13800000007';

const credit = () => p.services.get('credit')!;
const creditApp = () => credit().app as CreditApp;

async function sql<T = any>(db: 'credit' | 'identity', query: string, params: unknown[] = []): Promise<T[]> {
  const url = db === 'credit' ? credit().env.DATABASE_URL : p.identityEnv.DATABASE_URL;
  const conn = await mysql.createConnection(parseMysqlUrl(url));
  try {
    const [rows] = await conn.query(query, params);
    return rows as T[];
  } finally {
    await conn.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Puts an event on credit's queue exactly as the outbox relay does, and waits until a worker finished it. */
async function publish(topic: string, payload: Record<string, unknown>, eventId = newId(), jobId = eventId): Promise<string> {
  const job = await events.add(topic, { id: eventId, topic, occurredAt: new Date().toISOString(), payload }, { jobId });
  const state = await until(`job ${jobId}`, async () => {
    const s = await job.getState();
    return s === 'completed' || s === 'failed' ? s : null;
  });
  expect(state).toBe('completed');
  return eventId;
}

async function bankToken(): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO_BANK.clientId, client_secret: DEMO_BANK.clientSecret });
  const res = await fetch(`http://127.0.0.1:${p.gateway.port}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`bank token: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function householdOf(phone: string): Promise<string> {
  const res = await p.gql('{ me { household { id } } }', {}, await p.token(phone));
  return res.data.me.household.id;
}

const REF = 'score grade blocked points rank townshipSize modelVersion reviewPending reasons { code contribution detail }';

async function reference(householdId: string, token: string) {
  return p.gql(`query($id: ID!) { creditReference(householdId: $id) { ${REF} } }`, { id: householdId }, token);
}

async function auditCount(action: string, householdId: string | null = null): Promise<number> {
  const rows = await sql<{ n: number }>('credit', `SELECT COUNT(*) AS n FROM audit_log WHERE action = ? ${householdId ? 'AND household_id = ?' : ''}`, householdId ? [action, householdId] : [action]);
  return Number(rows[0].n);
}

const inDays = (d: number) => new Date(Date.now() + d * 86400_000).toISOString();

let householdA: string;
let householdB: string;
let villagerToken: string;
let bank: string;

beforeAll(async () => {
  householdA = await householdOf(VILLAGER);
  householdB = await householdOf(VILLAGER_B);
  villagerToken = await p.token(VILLAGER);
  bank = await bankToken();
  // Identity's household events reach credit through the real outbox relay and queue.
  await until('demo households in credit', async () => (await reference(householdB, await p.token(VILLAGER_B))).data?.creditReference);
  // The demo's points events (points service seed) arrive through the relay: let them settle first.
  let quiet = 0;
  await until('credit events drained', async () => {
    const counts = await events.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    quiet = Object.values(counts).every((n) => n === 0) ? quiet + 1 : 0;
    return quiet >= 5;
  });
});

/** Posts a correction so the household's credit points are exactly `target`. */
async function setPoints(householdId: string, villageCode: string, token: string, target: number) {
  const current = (await reference(householdId, token)).data.creditReference.points;
  if (current === target) return;
  await publish(Topics.POINTS_POSTED, { entries: [{ entryId: newId(), householdId, villageCode, itemCode: null, category: null, delta: target - current, source: 'CORRECTION', honour: false, occurredAt: new Date().toISOString() }] });
}

describe('credit reference', () => {
  it('is shown to the household through Household.credit and to the staff of its village, not to others', async () => {
    const own = await p.gql(`{ me { household { id credit { ${REF} } } } }`, {}, villagerToken);
    expect(own.errors).toBeUndefined();
    expect(own.data.me.household.credit).toMatchObject({ blocked: false, modelVersion: 0, reviewPending: false });
    const sum = own.data.me.household.credit.reasons.reduce((t: number, r: any) => t + r.contribution, 0);
    expect(own.data.me.household.credit.score).toBe(sum);
    expect(own.data.me.household.credit.reasons.map((r: any) => r.code)).toContain('POINTS_LIFETIME');
    // Rank and township size are counted only when asked for, and then from every score of the township.
    const [standing] = await sql('credit', `SELECT SUM(o.score > s.score) + 1 AS \`rank\`, COUNT(*) AS size FROM credit_score s JOIN credit_score o ON o.township_code = s.township_code WHERE s.household_id = ?`, [householdA]);
    expect(own.data.me.household.credit).toMatchObject({ rank: Number(standing.rank), townshipSize: Number(standing.size) });
    expect(Number(standing.size)).toBeGreaterThan(1);

    const cadre = await reference(householdA, await p.token(CADRE_A));
    expect(cadre.data.creditReference.score).toBe(own.data.me.household.credit.score);
    expect(codes(await reference(householdA, await p.token(CADRE_B)))).toEqual(['FORBIDDEN']);
    expect(codes(await reference(householdA, await p.token(VILLAGER_B)))).toEqual(['FORBIDDEN']);
    expect(codes(await reference(householdA, bank))).toEqual(['FORBIDDEN']);
    const other = await p.gql(`query($id: ID!) { household(id: $id) { id credit { score } } }`, { id: householdA }, await p.token(CADRE_B));
    expect(other.data?.household?.credit ?? null).toBeNull();
  });

  it('takes in points.posted, and a replayed event or entry changes nothing', async () => {
    await setPoints(householdA, VILLAGE_A, villagerToken, 0);
    const entryId = newId();
    const payload = { entryId, householdId: householdA, villageCode: VILLAGE_A, itemCode: 'AWARD', category: '乡风文明', delta: 1250, source: 'AWARD', honour: false, occurredAt: new Date().toISOString() };
    const eventId = await publish(Topics.POINTS_POSTED, { entries: [payload] });
    const after = (await reference(householdA, villagerToken)).data.creditReference;
    expect(after.points).toBe(1250);
    expect(after.reasons.find((r: any) => r.code === 'POINTS_LIFETIME').contribution).toBe(156);
    const audits = await auditCount('SCORE_COMPUTED', householdA);

    // Same event again (a redelivery under another job id), then the same ledger entry under a new event id.
    await publish(Topics.POINTS_POSTED, { entries: [payload] }, eventId, `${eventId}-again`);
    await publish(Topics.POINTS_POSTED, { entries: [payload] });
    const replayed = (await reference(householdA, villagerToken)).data.creditReference;
    expect(replayed).toEqual(after);
    expect(await auditCount('SCORE_COMPUTED', householdA)).toBe(audits);
    expect(Number((await sql('credit', 'SELECT lifetime_points AS n FROM household_facts WHERE household_id = ?', [householdA]))[0].n)).toBe(1250);
  });

  it('takes in a bulk posting as one event: every household counted once and rescored', async () => {
    const tokenB = await p.token(VILLAGER_B);
    const [beforeA, beforeB] = [(await reference(householdA, villagerToken)).data.creditReference, (await reference(householdB, tokenB)).data.creditReference];
    const at = new Date().toISOString();
    const entry = (householdId: string, villageCode: string, delta: number) => ({ entryId: newId(), householdId, villageCode, itemCode: 'VILLAGE_CLEANUP', category: '生态宜居', delta, source: 'BULK', honour: false, occurredAt: at });
    const first = entry(householdA, VILLAGE_A, 30);
    // The same entry twice in one event and again in a later event counts once.
    await publish(Topics.POINTS_POSTED, { entries: [first, entry(householdB, VILLAGE_B, 40), first, entry(householdA, VILLAGE_A, 5)] });
    await publish(Topics.POINTS_POSTED, { entries: [first] });
    const [afterA, afterB] = [(await reference(householdA, villagerToken)).data.creditReference, (await reference(householdB, tokenB)).data.creditReference];
    expect(afterA.points - beforeA.points).toBe(35);
    expect(afterB.points - beforeB.points).toBe(40);
  });

  it('counts participation and honours from points and issues events', async () => {
    const before = (await reference(householdA, villagerToken)).data.creditReference;
    const now = new Date().toISOString();
    await publish(Topics.POINTS_TASK_COMPLETED, { taskId: newId(), householdId: householdA, villageCode: VILLAGE_A, occurredAt: now });
    await publish(Topics.ISSUE_RAISED, { issueId: newId(), householdId: householdA, userId: newId(), villageCode: VILLAGE_A, occurredAt: now });
    await publish(Topics.POINTS_APPLICATION_DECIDED, { applicationId: newId(), householdId: householdA, villageCode: VILLAGE_A, outcome: 'REJECTED', occurredAt: now });
    await publish(Topics.POINTS_POSTED, { entries: [{ entryId: newId(), householdId: householdA, villageCode: VILLAGE_A, itemCode: 'HONOUR', category: '乡风文明', delta: 0, source: 'AWARD', honour: true, occurredAt: now }] });
    const after = (await reference(householdA, villagerToken)).data.creditReference;
    const by = (r: any, code: string) => r.reasons.find((x: any) => x.code === code).contribution;
    expect(by(after, 'PARTICIPATION') - by(before, 'PARTICIPATION')).toBe(15);
    // An honour with no points is still counted only when it adds points; zero-point honours do not.
    expect(by(after, 'SOCIAL_EVALUATION')).toBe(by(before, 'SOCIAL_EVALUATION'));
    await publish(Topics.POINTS_POSTED, { entries: [{ entryId: newId(), householdId: householdA, villageCode: VILLAGE_A, itemCode: 'ZMJT', category: '乡风文明', delta: 0 + 10, source: 'AWARD', honour: true, occurredAt: now }] });
    const honoured = (await reference(householdA, villagerToken)).data.creditReference;
    expect(by(honoured, 'SOCIAL_EVALUATION')).toBe(Math.min(100, by(before, 'SOCIAL_EVALUATION') + 50));
    expect(honoured.points).toBe(before.points + 10);
    await setPoints(householdA, VILLAGE_A, villagerToken, 1250);
    // Mall spending does not lower the credit points.
    await publish(Topics.POINTS_POSTED, { entries: [{ entryId: newId(), householdId: householdA, villageCode: VILLAGE_A, itemCode: null, category: null, delta: -500, source: 'SPEND', honour: false, occurredAt: now }] });
    expect((await reference(householdA, villagerToken)).data.creditReference.points).toBe(1250);
  });
});

describe('quotes, consent, applications and the bank', () => {
  let productId: string;
  let consentId: string;
  let applicationId: string;

  it('quotes 3.80% for 1,250 points on 5.00% − 0.10 pp per 100 points, with the calculation', async () => {
    const res = await p.gql('{ myLoanQuotes { product { id bankClientId baseRateBp } eligible rateBp limitFen topShare calculation reasonCodes } }', {}, villagerToken);
    expect(res.errors).toBeUndefined();
    const [quote] = res.data.myLoanQuotes;
    productId = quote.product.id;
    expect(quote.product).toMatchObject({ bankClientId: DEMO_BANK.clientId, baseRateBp: 500 });
    expect(quote.rateBp).toBe(380);
    expect(quote.calculation[0]).toBe('base 500 bp (5.00%) − 12 × 10 bp for 1250 points = 380 bp');
    expect(quote.calculation.at(-1)).toBe('rate 380 bp = 3.80% a year');
    // Highest score of 三星堆镇: within the top 20%, so the special limit of 300,000 元.
    expect(quote).toMatchObject({ eligible: true, topShare: true, limitFen: 30_000_000 });
  });

  it('refuses bad input with clear codes and changes nothing', async () => {
    const before = Number((await sql('credit', 'SELECT COUNT(*) AS n FROM credit_consent'))[0].n);
    const bad = await p.gql(
      'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_demo_gh_rural_bank", purpose: "购买农资", dataShared: ["EVERYTHING"], expiresAt: $e) { id } }',
      { e: inDays(30) },
      villagerToken,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const past = await p.gql(
      'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_demo_gh_rural_bank", purpose: "购买农资", dataShared: ["CREDIT_REFERENCE"], expiresAt: $e) { id } }',
      { e: inDays(-1) },
      villagerToken,
    );
    expect(codes(past)).toEqual(['BAD_USER_INPUT']);
    const unknownBank = await p.gql(
      'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_no_such_bank", purpose: "购买农资", dataShared: ["CREDIT_REFERENCE"], expiresAt: $e) { id } }',
      { e: inDays(30) },
      villagerToken,
    );
    expect(codes(unknownBank)).toEqual(['NOT_FOUND']);
    expect(Number((await sql('credit', 'SELECT COUNT(*) AS n FROM credit_consent'))[0].n)).toBe(before);
    const product = await p.gql(
      'mutation { defineLoanProduct(name: "bad", bankName: "广汉农商银行", regionCode: "510681", baseRateBp: 300, reductionBpPer100Points: 10, floorRateBp: 400, maxAmountFenA: 1, maxAmountFenB: 1, maxAmountFenC: 1, maxAmountFenD: 0, termMonths: 12) { id } }',
      {},
      bank,
    );
    expect(codes(product)).toEqual(['BAD_USER_INPUT']);
    const float = await p.gql(
      'mutation { defineLoanProduct(name: "bad2", bankName: "广汉农商银行", regionCode: "510681", baseRateBp: 500.5, reductionBpPer100Points: 10, floorRateBp: 400, maxAmountFenA: 1, maxAmountFenB: 1, maxAmountFenC: 1, maxAmountFenD: 0, termMonths: 12) { id } }',
      {},
      bank,
    );
    expect(codes(float)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(await p.gql('mutation { defineLoanProduct(name: "x", bankName: "x", regionCode: "510681", baseRateBp: 500, reductionBpPer100Points: 10, floorRateBp: 350, maxAmountFenA: 1, maxAmountFenB: 1, maxAmountFenC: 1, maxAmountFenD: 0, termMonths: 12) { id } }', {}, villagerToken))).toEqual(['FORBIDDEN']);
  });

  it('a bank sees an applicant only with live consent, and every read is audited', async () => {
    const granted = await p.gql(
      'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_demo_gh_rural_bank", purpose: "购买农资", dataShared: ["CREDIT_REFERENCE", "REASON_CODES"], expiresAt: $e) { id bankName live dataShared } }',
      { e: inDays(30) },
      villagerToken,
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data.grantCreditConsent).toMatchObject({ bankName: '广汉农商银行', live: true });
    consentId = granted.data.grantCreditConsent.id;

    const over = await p.gql('mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: 30000001, termMonths: 12) { id } }', { p: productId, c: consentId }, villagerToken);
    expect(codes(over)).toEqual(['LOAN_AMOUNT_OVER_LIMIT']);
    expect(codes(await p.gql('mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: -5, termMonths: 12) { id } }', { p: productId, c: consentId }, villagerToken))).toEqual(['BAD_USER_INPUT']);
    expect(Number((await sql('credit', 'SELECT COUNT(*) AS n FROM loan_application'))[0].n)).toBe(0);

    // A double-tapped button on a weak signal: the same key sent four times at once makes one application.
    const apply = () =>
      p.gql(
        'mutation($p: ID!, $c: ID!, $k: String) { applyForLoan(productId: $p, consentId: $c, amountFen: 5000000, termMonths: 12, idempotencyKey: $k) { id status quotedRateBp quotedLimitFen } }',
        { p: productId, c: consentId, k: 'apply-1' },
        villagerToken,
      );
    const burst = await Promise.all([apply(), apply(), apply(), apply()]);
    expect(burst.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(burst.map((r) => r.data.applyForLoan.id)).size).toBe(1);
    const applied = burst[0];
    expect(applied.data.applyForLoan).toMatchObject({ status: 'SUBMITTED', quotedRateBp: 380, quotedLimitFen: 30_000_000 });
    applicationId = applied.data.applyForLoan.id;
    expect((await apply()).data.applyForLoan.id).toBe(applicationId);
    expect(Number((await sql('credit', 'SELECT COUNT(*) AS n FROM loan_application'))[0].n)).toBe(1);

    const list = await p.gql('{ bankLoanApplications { application { id amountFen } purpose credit { score grade reasons { code contribution } } } }', {}, bank);
    expect(list.errors).toBeUndefined();
    expect(list.data.bankLoanApplications).toHaveLength(1);
    expect(list.data.bankLoanApplications[0]).toMatchObject({ application: { id: applicationId, amountFen: 5000000 }, purpose: '购买农资' });
    expect(list.data.bankLoanApplications[0].credit.reasons.length).toBeGreaterThan(0);
    const one = await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: applicationId }, bank);
    expect(one.data.bankLoanApplication.credit.score).toBeGreaterThan(300);
    // The bank cannot ask for households outside its applications.
    expect(codes(await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: newId() }, bank))).toEqual(['NOT_FOUND']);

    const log = await p.gql('query($h: ID!) { creditAccessLog(householdId: $h) { actorKind actorId action at } }', { h: householdA }, villagerToken);
    const bankReads = log.data.creditAccessLog.filter((e: any) => e.action === 'BANK_READ');
    expect(bankReads.length).toBe(2);
    expect(bankReads[0]).toMatchObject({ actorKind: 'BANK', actorId: DEMO_BANK.clientId });
    expect(codes(await p.gql('query($h: ID!) { creditAccessLog(householdId: $h) { action } }', { h: householdA }, await p.token(VILLAGER_B)))).toEqual(['FORBIDDEN']);
  });

  it('a bank with a token for another region is refused and the attempt is audited', async () => {
    await sql('identity', 'UPDATE integrator_client SET region_code = ? WHERE client_id = ?', ['510681107000', DEMO_BANK.clientId]);
    try {
      const elsewhere = await bankToken();
      const denied = await auditCount('BANK_READ_DENIED', householdA);
      expect(codes(await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: applicationId }, elsewhere))).toEqual(['FORBIDDEN']);
      expect((await p.gql('{ bankLoanApplications { application { id } } }', {}, elsewhere)).data.bankLoanApplications).toEqual([]);
      expect(await auditCount('BANK_READ_DENIED', householdA)).toBe(denied + 1);
    } finally {
      await sql('identity', 'UPDATE integrator_client SET region_code = ? WHERE client_id = ?', ['510681000000', DEMO_BANK.clientId]);
    }
  });

  it('an open human review withholds the reference from the bank until a reviewer acts', async () => {
    const asked = await p.gql('mutation($h: ID!) { requestCreditReview(householdId: $h, reason: "我家的积分没有算全") { id status } }', { h: householdA }, villagerToken);
    expect(asked.data.requestCreditReview.status).toBe('OPEN');
    expect(codes(await p.gql('mutation($h: ID!) { requestCreditReview(householdId: $h, reason: "again") { id } }', { h: householdA }, villagerToken))).toEqual(['CREDIT_REVIEW_ALREADY_OPEN']);
    expect(codes(await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: applicationId }, bank))).toEqual(['CREDIT_REVIEW_PENDING']);
    const listed = await p.gql('{ bankLoanApplications { application { id } credit { score } } }', {}, bank);
    expect(listed.data.bankLoanApplications[0].credit).toBeNull();

    expect(codes(await p.gql('mutation($id: ID!) { resolveCreditReview(id: $id, outcome: "UPHELD", resolution: "核实无误") { status } }', { id: asked.data.requestCreditReview.id }, await p.token(CADRE_A)))).toEqual(['FORBIDDEN']);
    const open = await p.gql('{ openCreditReviews(regionCode: "510681106000") { id } }', {}, await p.token(TOWNSHIP));
    expect(open.data.openCreditReviews.map((r: any) => r.id)).toEqual([asked.data.requestCreditReview.id]);
    const resolved = await p.gql('mutation($id: ID!) { resolveCreditReview(id: $id, outcome: "UPHELD", resolution: "核实无误") { status outcome } }', { id: asked.data.requestCreditReview.id }, await p.token(TOWNSHIP));
    expect(resolved.data.resolveCreditReview).toMatchObject({ status: 'RESOLVED', outcome: 'UPHELD' });
    expect((await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: applicationId }, bank)).data.bankLoanApplication.credit.score).toBeGreaterThan(0);
  });

  it('records bank decisions in order; repayment feeds fulfilment', async () => {
    const decide = (decision: string) =>
      p.gql('mutation($id: ID!, $d: String!) { recordLoanDecision(applicationId: $id, decision: $d, note: "ok") { status } }', { id: applicationId, d: decision }, bank);
    expect(codes(await decide('REPAID'))).toEqual(['LOAN_TRANSITION_INVALID']);
    expect(codes(await decide('MAYBE'))).toEqual(['BAD_USER_INPUT']);
    expect((await decide('APPROVED')).data.recordLoanDecision.status).toBe('APPROVED');
    expect((await decide('DISBURSED')).data.recordLoanDecision.status).toBe('DISBURSED');
    expect((await decide('REPAID')).data.recordLoanDecision.status).toBe('REPAID');
    expect(codes(await decide('DEFAULTED'))).toEqual(['LOAN_TRANSITION_INVALID']);
    const ref = (await reference(householdA, villagerToken)).data.creditReference;
    expect(ref.reasons.find((r: any) => r.code === 'FULFILMENT').contribution).toBe(40);
    const mine = await p.gql('{ myLoanApplications { id status } }', {}, villagerToken);
    expect(mine.data.myLoanApplications).toEqual([{ id: applicationId, status: 'REPAID' }]);
  });

  it('revoking consent stops access at once; expired consent likewise', async () => {
    const revoked = await p.gql('mutation($id: ID!) { revokeCreditConsent(id: $id) { live revokedAt } }', { id: consentId }, villagerToken);
    expect(revoked.data.revokeCreditConsent.live).toBe(false);
    const denied = await auditCount('BANK_READ_DENIED', householdA);
    expect(codes(await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: applicationId }, bank))).toEqual(['CONSENT_REQUIRED']);
    expect((await p.gql('{ bankLoanApplications { application { id } } }', {}, bank)).data.bankLoanApplications).toEqual([]);
    expect(await auditCount('BANK_READ_DENIED', householdA)).toBe(denied + 1);

    // A second consent and application, whose consent then runs out.
    const c2 = await p.gql(
      'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_demo_gh_rural_bank", purpose: "扩大养殖", dataShared: ["CREDIT_REFERENCE"], expiresAt: $e) { id } }',
      { e: inDays(10) },
      villagerToken,
    );
    const a2 = await p.gql('mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: 1000000, termMonths: 24) { id } }', { p: productId, c: c2.data.grantCreditConsent.id }, villagerToken);
    const onlyCodes = await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score reasons { code } } } }', { id: a2.data.applyForLoan.id }, bank);
    expect(onlyCodes.data.bankLoanApplication.credit.reasons).toEqual([]);
    // Time passes: the consent's expiry is now behind us.
    await sql('credit', 'UPDATE credit_consent SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000), c2.data.grantCreditConsent.id]);
    expect(codes(await p.gql('query($id: ID!) { bankLoanApplication(id: $id) { credit { score } } }', { id: a2.data.applyForLoan.id }, bank))).toEqual(['CONSENT_REQUIRED']);
    expect(codes(await p.gql('mutation($id: ID!) { recordLoanDecision(applicationId: $id, decision: "APPROVED") { status } }', { id: a2.data.applyForLoan.id }, bank))).toEqual(['CONSENT_REQUIRED']);
    expect((await sql('credit', 'SELECT status FROM loan_application WHERE id = ?', [a2.data.applyForLoan.id]))[0].status).toBe('SUBMITTED');
  });
});

describe('negative list', () => {
  it('county officers block a household, with the reason shown; others cannot', async () => {
    const add = (token: string, kind = 'JUDGMENT_DEFAULTER') =>
      p.gql(
        'mutation($h: ID!, $k: String!) { addNegativeEntry(householdId: $h, kind: $k, source: "(2026)川0681执123号", reason: "失信被执行人", startsOn: "2026-01-01") { id kind } }',
        { h: householdB, k: kind },
        token,
      );
    expect(codes(await add(await p.token(CADRE_B)))).toEqual(['FORBIDDEN']);
    expect(codes(await add(bank))).toEqual(['FORBIDDEN']);
    expect(codes(await add(await p.token(COUNTY), 'GOSSIP'))).toEqual(['BAD_USER_INPUT']);
    expect(await auditCount('NEGATIVE_ADDED')).toBe(0);

    const added = await add(await p.token(COUNTY));
    expect(added.data.addNegativeEntry.kind).toBe('JUDGMENT_DEFAULTER');
    expect(await auditCount('NEGATIVE_ADDED', householdB)).toBe(1);
    const tokenB = await p.token(VILLAGER_B);
    const ref = (await reference(householdB, tokenB)).data.creditReference;
    expect(ref).toMatchObject({ blocked: true, grade: 'D' });
    expect(ref.reasons.at(-1).code).toBe('NEGATIVE_LIST_BLOCK');
    const quotes = await p.gql('{ myLoanQuotes { product { id } eligible limitFen reasonCodes calculation } }', {}, tokenB);
    expect(quotes.data.myLoanQuotes[0]).toMatchObject({ eligible: false, limitFen: 0 });
    expect(quotes.data.myLoanQuotes[0].reasonCodes).toContain('NEGATIVE_LIST_BLOCK');
    const consent = await p.gql(
      'mutation($e: DateTimeISO!) { grantCreditConsent(bankClientId: "gzc_demo_gh_rural_bank", purpose: "x", dataShared: ["CREDIT_REFERENCE"], expiresAt: $e) { id } }',
      { e: inDays(5) },
      tokenB,
    );
    const applied = await p.gql('mutation($p: ID!, $c: ID!) { applyForLoan(productId: $p, consentId: $c, amountFen: 100000, termMonths: 12) { id } }', { p: quotes.data.myLoanQuotes[0].product.id, c: consent.data.grantCreditConsent.id }, tokenB);
    expect(codes(applied)).toEqual(['NEGATIVE_LIST_BLOCKED']);
    expect(applied.errors![0].message).toContain('失信被执行人');

    const removed = await p.gql('mutation($id: ID!) { removeNegativeEntry(id: $id, reason: "已履行") { removedAt } }', { id: added.data.addNegativeEntry.id }, await p.token(COUNTY));
    expect(codes(await p.gql('mutation($id: ID!) { removeNegativeEntry(id: $id, reason: "again") { removedAt } }', { id: added.data.addNegativeEntry.id }, await p.token(COUNTY)))).toEqual(['BAD_USER_INPUT']);
    expect(removed.data.removeNegativeEntry.removedAt).toBeTruthy();
    expect((await reference(householdB, tokenB)).data.creditReference.blocked).toBe(false);
  });
});

describe('negative list dates', () => {
  it('an entry stops counting once it expires, and a capped grade is shown with its reason', async () => {
    const tokenB = await p.token(VILLAGER_B);
    const cap = await p.gql(
      'mutation($h: ID!, $e: String) { addNegativeEntry(householdId: $h, kind: "DISRUPTIVE_PETITIONING", source: "镇信访办", reason: "缠访闹访", startsOn: "2026-01-01", expiresOn: $e) { id } }',
      { h: householdB, e: '2099-12-31' },
      await p.token(COUNTY),
    );
    expect(cap.errors).toBeUndefined();
    const capped = (await reference(householdB, tokenB)).data.creditReference;
    expect(capped.grade).not.toBe('A');
    expect(capped.grade).not.toBe('B');
    expect(capped.reasons.at(-1).code).toBe('NEGATIVE_LIST_CAP');
    // Days pass: the score was computed before the entry's expiry, which is now behind us.
    await sql('credit', 'UPDATE credit_score SET computed_at = ? WHERE household_id = ?', [new Date(Date.now() - 3 * 86400_000), householdB]);
    await sql('credit', 'UPDATE negative_entry SET expires_on = ? WHERE id = ?', [new Date(Date.now() - 86400_000).toISOString().slice(0, 10), cap.data.addNegativeEntry.id]);
    const expired = (await reference(householdB, tokenB)).data.creditReference;
    expect(expired.reasons.map((r: any) => r.code)).not.toContain('NEGATIVE_LIST_CAP');
  });
});

describe('models, batch rescoring and the audit chain', () => {
  it('a county officer publishes a model and the county is rescored with progress', async () => {
    const beforeB = (await reference(householdB, await p.token(VILLAGER_B))).data.creditReference;
    const bad = await p.gql('mutation { publishCreditModel(countyCode: "510681", config: "{\\"base\\": 1.5}", note: "bad") { id } }', {}, await p.token(COUNTY));
    expect(codes(bad)).toEqual(['CREDIT_MODEL_INVALID']);
    const model = JSON.parse((await p.gql('{ creditModel(countyCode: "510681") { config version } }', {}, await p.token(COUNTY))).data.creditModel.config);
    expect(codes(await p.gql('mutation($c: String!) { publishCreditModel(countyCode: "510681", config: $c, note: "x") { id } }', { c: JSON.stringify(model) }, await p.token(CADRE_A)))).toEqual(['FORBIDDEN']);
    const run = await p.gql('mutation($c: String!) { publishCreditModel(countyCode: "510681", config: $c, note: "base 350") { id modelVersion } }', { c: JSON.stringify({ ...model, base: 350 }) }, await p.token(COUNTY));
    expect(run.errors).toBeUndefined();
    expect(run.data.publishCreditModel.modelVersion).toBe(1);
    const finished = await until('rescoring run', async () => {
      const r = await p.gql('query($id: ID!) { rescoreRun(id: $id) { status done total } }', { id: run.data.publishCreditModel.id }, await p.token(COUNTY));
      return r.data.rescoreRun.status === 'DONE' ? r.data.rescoreRun : null;
    });
    expect(finished.done).toBe(finished.total);
    expect(finished.done).toBeGreaterThanOrEqual(22);
    const ref = (await reference(householdB, await p.token(VILLAGER_B))).data.creditReference;
    expect(ref).toMatchObject({ modelVersion: 1, score: beforeB.score + 50 });
  });

  it('verifies the chain and detects a tampered row', async () => {
    const county = await p.token(COUNTY);
    const ok = await p.gql('{ verifyCreditAuditChain { valid checked headSeq brokenAtSeq } }', {}, county);
    expect(ok.data.verifyCreditAuditChain).toMatchObject({ valid: true, brokenAtSeq: null });
    expect(ok.data.verifyCreditAuditChain.checked).toBe(ok.data.verifyCreditAuditChain.headSeq);
    expect(codes(await p.gql('{ verifyCreditAuditChain { valid } }', {}, villagerToken))).toEqual(['FORBIDDEN']);
    const [read] = await sql<{ seq: number }>('credit', "SELECT seq FROM audit_log WHERE action = 'BANK_READ' ORDER BY seq LIMIT 1");
    await sql('credit', "UPDATE audit_log SET actor_id = 'someone_else' WHERE seq = ?", [read.seq]);
    const broken = await p.gql('{ verifyCreditAuditChain { valid brokenAtSeq problem } }', {}, county);
    expect(broken.data.verifyCreditAuditChain).toMatchObject({ valid: false, brokenAtSeq: Number(read.seq), problem: 'row content does not match its hash' });
  });
});

describe('from the points service', () => {
  it("a cadre's award reaches the credit score through the outbox and the queue", async () => {
    const before = (await reference(householdA, villagerToken)).data.creditReference;
    const award = await p.gql(
      'mutation($i: AwardPointsInput!) { awardPoints(input: $i) { id delta } }',
      { i: { householdId: householdA, itemCode: 'ISSUE_DELIBERATION', reason: '参加村民说事', idempotencyKey: newId() } },
      await p.token(CADRE_A),
    );
    expect(award.errors).toBeUndefined();
    const delta = award.data.awardPoints.delta;
    const after = await until('award in credit', async () => {
      const ref = (await reference(householdA, villagerToken)).data.creditReference;
      return ref.points === before.points + delta ? ref : null;
    });
    expect(after.reasons.find((r: any) => r.code === 'POINTS_RECENT').detail).not.toBe(before.reasons.find((r: any) => r.code === 'POINTS_RECENT').detail);
    const [row] = await sql('credit', 'SELECT COUNT(*) AS n FROM points_entry WHERE entry_id = ?', [award.data.awardPoints.id]);
    expect(Number(row.n)).toBe(1);
  });
});

describe('from the issues service', () => {
  it('a matter raised by a villager counts as participation in the credit score', async () => {
    const tokenB = await p.token(VILLAGER_B);
    const raisedBefore = async () => Number((await sql('credit', 'SELECT issues_raised AS n FROM household_facts WHERE household_id = ?', [householdB]))[0].n);
    const before = await raisedBefore();
    const raised = await p.gql(
      'mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { id } }',
      { i: { category: 'ENVIRONMENT', title: '村口垃圾清运不及时', body: '连续三天没有清运。', isPublic: true } },
      tokenB,
    );
    expect(raised.errors).toBeUndefined();
    await until('issue in credit', async () => (await raisedBefore()) === before + 1);
    const ref = (await reference(householdB, tokenB)).data.creditReference;
    expect(ref.reasons.find((r: any) => r.code === 'PARTICIPATION').detail).toContain(`${before + 1} matters raised`);
  });
});

void VILLAGE_B;
void creditApp;

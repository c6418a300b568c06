import { randomUUID } from 'node:crypto';
import { createLogger, createTestDatabase, IntegratorKind, newId, Role, Topics, uniqueTestName, type Principal, type RequestContext } from '@gongzhi/subgraph-kit';
import { createPointsApp, type PointsApp } from '../src/app';
import { loadPointsConfig } from '../src/config';

// The points service against the real MariaDB and Redis, through its service layer.
const COUNTY = '510681000000';
const VILLAGE_A = '510681106001';
const VILLAGE_B = '510681106002';

let app: PointsApp;
let drop: () => Promise<void>;
const ctx = (principal: Principal | null): RequestContext => ({ principal, requestId: 'test' });
const cadreA = ctx({ kind: 'user', userId: 'cadre-a', roles: [{ role: Role.VILLAGE_CADRE, region: VILLAGE_A }], householdId: null });
const countyOfficer = ctx({ kind: 'user', userId: 'county', roles: [{ role: Role.COUNTY_OFFICER, region: COUNTY }], householdId: null });
const mall = ctx({ kind: 'client', clientId: 'gzc_mall', clientKind: IntegratorKind.SERVICE, scopes: ['points:spend'], region: COUNTY });
const villagerOf = (householdId: string) => ctx({ kind: 'user', userId: `u-${householdId}`, roles: [], householdId });

async function newHousehold(village = VILLAGE_A): Promise<string> {
  const id = newId();
  await app.services.households.project({ id: newId(), topic: Topics.HOUSEHOLD_CREATED, occurredAt: new Date().toISOString(), payload: { householdId: id, villageCode: village, headUserId: randomUUID() } });
  return id;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.dataSource.query(sql, params);
  return Number(Object.values(row)[0]);
}

const award = (householdId: string, itemCode: string, key = randomUUID(), who = cadreA) =>
  app.services.postings.award(who, { householdId, itemCode, reason: 'test', idempotencyKey: key });

beforeAll(async () => {
  const db = await createTestDatabase('points');
  drop = db.drop;
  const config = loadPointsConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, GATEWAY_SECRET: 'x'.repeat(24), QUEUE_BASE: uniqueTestName('q'), BULK_MAX_HOUSEHOLDS: '50' });
  app = await createPointsApp(config, createLogger({ service: 'points', version: 'test', level: 'silent' }));
  await app.services.rules.seedLibrary(COUNTY);
});

afterAll(async () => {
  await app?.stop();
  await drop?.();
});

describe('rule catalog', () => {
  it('seeds about forty items in the five categories, and a village override wins', async () => {
    const items = await app.services.rules.effectiveFor(VILLAGE_A);
    expect(items.length).toBeGreaterThanOrEqual(38);
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(['爱国守法', '生态宜居', '产业兴旺', '乡风文明', '共建共治']));
    await app.services.rules.create(cadreA, { regionCode: VILLAGE_A, code: 'SEWAGE_DUMPING', name: '乱排污水（村规）', category: '生态宜居', points: -6 });
    expect((await app.services.rules.resolve(VILLAGE_A, 'SEWAGE_DUMPING')).points).toBe(-6);
    expect((await app.services.rules.resolve(VILLAGE_B, 'SEWAGE_DUMPING')).points).toBe(-5);
    // A cadre cannot change the county library.
    await expect(app.services.rules.update(cadreA, { regionCode: COUNTY, code: 'VOLUNTEER', points: 50 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a change makes a new version; past entries keep the version they used', async () => {
    const hh = await newHousehold();
    const before = await award(hh, 'TREE_PLANTING');
    expect(before).toMatchObject({ itemVersion: 1, delta: 2 });
    const v2 = await app.services.rules.update(countyOfficer, { regionCode: COUNTY, code: 'TREE_PLANTING', points: 3, monthlyCap: 9 });
    expect(v2.version).toBe(2);
    const after = await award(hh, 'TREE_PLANTING');
    expect(after).toMatchObject({ itemVersion: 2, delta: 3 });
    const entries = await app.services.ledger.ledgerPage(hh, 10);
    expect(entries.edges.map((e) => [e.node.itemVersion, e.node.delta])).toEqual([[2, 3], [1, 2]]);
    const versions = await app.services.rules.history(COUNTY, 'TREE_PLANTING');
    expect(versions.map((v) => [v.version, v.points, v.supersededAt !== null])).toEqual([[1, 2, true], [2, 3, false]]);
  });
});

describe('ledger', () => {
  it('enforces the monthly cap and posts nothing past it', async () => {
    const hh = await newHousehold();
    for (let i = 0; i < 4; i++) await award(hh, 'VOLUNTEER'); // 4 × 5 = the cap of 20
    await expect(award(hh, 'VOLUNTEER')).rejects.toMatchObject({ code: 'CAP_EXCEEDED' });
    expect((await app.services.ledger.pointsOf([hh])).get(hh)).toMatchObject({ balance: 20, thisMonth: 20 });
    // A bulk posting that would push one household over the cap posts for nobody.
    const other = await newHousehold();
    await expect(app.services.postings.bulk(cadreA, { householdIds: [other, hh], itemCode: 'VOLUNTEER', reason: '清洁日', idempotencyKey: randomUUID() })).rejects.toMatchObject({ code: 'CAP_EXCEEDED' });
    expect(await count('SELECT COUNT(*) FROM ledger_entry WHERE household_id = ?', [other])).toBe(0);
  });

  it('the same idempotency key sent concurrently makes one entry', async () => {
    const hh = await newHousehold();
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => award(hh, 'WASTE_SORTING', key)));
    expect(new Set(results.map((e) => e.id)).size).toBe(1);
    expect(await count('SELECT COUNT(*) FROM ledger_entry WHERE household_id = ?', [hh])).toBe(1);
    expect((await app.services.ledger.pointsOf([hh])).get(hh)!.balance).toBe(2);
  });

  it('bulk posting chains every household and writes one points.posted event with every entry', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => newHousehold()));
    const key = randomUUID();
    const entries = await app.services.postings.bulk(cadreA, { householdIds: ids, itemCode: 'VILLAGE_CLEANUP', reason: '村庄清洁日', idempotencyKey: key });
    expect(entries).toHaveLength(30);
    expect(entries.every((e) => e.source === 'BULK' && e.delta === 3 && e.seq === 1)).toBe(true);
    // Replaying the call changes nothing.
    await app.services.postings.bulk(cadreA, { householdIds: ids, itemCode: 'VILLAGE_CLEANUP', reason: '村庄清洁日', idempotencyKey: key });
    expect(await count(`SELECT COUNT(*) FROM ledger_entry WHERE household_id IN (${ids.map(() => '?').join(',')})`, ids)).toBe(30);
    const events = await app.dataSource.query("SELECT payload FROM outbox_event WHERE topic = 'points.posted' AND JSON_VALUE(payload, '$.entries[0].entryId') = ?", [entries[0].id]);
    expect(events).toHaveLength(1);
    const posted = (typeof events[0].payload === 'string' ? JSON.parse(events[0].payload) : events[0].payload).entries;
    expect(posted.map((e: { entryId: string }) => e.entryId)).toEqual(entries.map((e) => e.id));
    expect(posted.map((e: { householdId: string }) => e.householdId)).toEqual(ids);
    const h = await app.services.households.get(ids[0]);
    expect(await app.services.ledger.verifyChain(cadreA, h)).toMatchObject({ valid: true, entries: 1 });
  });

  it('marks honour items in the points.posted event', async () => {
    const hh = await newHousehold();
    const e = await award(hh, 'MOST_BEAUTIFUL_FAMILY');
    const [row] = await app.dataSource.query("SELECT payload FROM outbox_event WHERE topic = 'points.posted' AND JSON_VALUE(payload, '$.entries[0].entryId') = ?", [e.id]);
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    expect(payload.entries).toHaveLength(1);
    expect(payload.entries[0]).toMatchObject({ householdId: hh, villageCode: VILLAGE_A, itemCode: 'MOST_BEAUTIFUL_FAMILY', category: '乡风文明', delta: 20, source: 'AWARD', honour: true });
  });

  it('detects a tampered ledger row', async () => {
    const hh = await newHousehold();
    await award(hh, 'VOLUNTEER');
    const second = await award(hh, 'WASTE_SORTING');
    await award(hh, 'LITTERING');
    const h = await app.services.households.get(hh);
    expect(await app.services.ledger.verifyChain(cadreA, h)).toMatchObject({ valid: true, entries: 3 });
    await app.dataSource.query('UPDATE ledger_entry SET delta = 50 WHERE id = ?', [second.id]);
    expect(await app.services.ledger.verifyChain(cadreA, h)).toMatchObject({ valid: false, brokenAtSeq: 2 });
    // Reconciliation sees the balance no longer equals the sum of the entries.
    const r = await app.services.ledger.reconcile(cadreA, VILLAGE_A);
    expect(r.mismatches.filter((m) => m.householdId === hh).map((m) => m.field)).toContain('balance');
    await app.dataSource.query('UPDATE ledger_entry SET delta = 2 WHERE id = ?', [second.id]);
  });

  it('refuses bad input with clear codes and changes nothing', async () => {
    const hh = await newHousehold();
    const inB = await newHousehold(VILLAGE_B);
    const before = await count('SELECT COUNT(*) FROM ledger_entry');
    await expect(award(hh, 'NO_SUCH_ITEM')).rejects.toMatchObject({ code: 'RULE_ITEM_NOT_FOUND' });
    await expect(award(inB, 'VOLUNTEER')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(award(newId(), 'VOLUNTEER')).rejects.toMatchObject({ code: 'HOUSEHOLD_NOT_FOUND' });
    const many = Array.from({ length: 51 }, () => newId());
    await expect(app.services.postings.bulk(cadreA, { householdIds: many, itemCode: 'VOLUNTEER', reason: 'x', idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'BULK_TOO_LARGE' });
    await expect(app.services.postings.bulk(cadreA, { householdIds: [hh, inB], itemCode: 'VOLUNTEER', reason: 'x', idempotencyKey: 'k2' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      app.services.tasks.publish(cadreA, { villageCode: VILLAGE_A, title: 't', description: '', reward: -5, category: '生态宜居', slots: 2, deadline: new Date(Date.now() + 86400_000), idempotencyKey: 'neg' }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await count('SELECT COUNT(*) FROM ledger_entry')).toBe(before);
    expect(await count("SELECT COUNT(*) FROM task WHERE title = 't'")).toBe(0);
  });
});

describe('applications', () => {
  it('approves once: a second, concurrent approval is refused and only one entry is posted', async () => {
    const hh = await newHousehold();
    const a = await app.services.applications.file(villagerOf(hh), { itemCode: 'CLEAN_COURTYARD', note: '整洁', evidence: [], idempotencyKey: 'a1' });
    expect(a.status).toBe('PENDING');
    const results = await Promise.allSettled([app.services.applications.approve(cadreA, a.id), app.services.applications.approve(cadreA, a.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'APPLICATION_ALREADY_DECIDED' });
    expect(await count("SELECT COUNT(*) FROM ledger_entry WHERE household_id = ? AND source = 'APPLICATION'", [hh])).toBe(1);
    await expect(app.services.applications.reject(cadreA, a.id, 'no')).rejects.toMatchObject({ code: 'APPLICATION_ALREADY_DECIDED' });
    expect(await count("SELECT COUNT(*) FROM outbox_event WHERE topic = 'points.application.decided' AND JSON_VALUE(payload, '$.applicationId') = ?", [a.id])).toBe(1);
  });

  it('enforces caps at approval and evidence at filing; the applicant sees a rejection reason', async () => {
    const hh = await newHousehold();
    const v = villagerOf(hh);
    await expect(app.services.applications.file(v, { itemCode: 'FILIAL_PIETY', note: '', evidence: [], idempotencyKey: 'e' })).rejects.toMatchObject({ code: 'EVIDENCE_REQUIRED' });
    const first = await app.services.applications.file(v, { itemCode: 'CLEAN_COURTYARD', note: '', evidence: [], idempotencyKey: 'c1' });
    const second = await app.services.applications.file(v, { itemCode: 'CLEAN_COURTYARD', note: '', evidence: [], idempotencyKey: 'c2' });
    await app.services.applications.approve(cadreA, first.id);
    await expect(app.services.applications.approve(cadreA, second.id)).rejects.toMatchObject({ code: 'CAP_EXCEEDED' });
    await app.services.applications.reject(cadreA, second.id, '本月已加过');
    const mine = await app.services.applications.pageForOwnHousehold(v, 10);
    expect(mine.edges.map((e) => [e.node.status, e.node.decisionReason])).toEqual([['REJECTED', '本月已加过'], ['APPROVED', null]]);
    // Another village's cadre may not decide.
    const cadreB = ctx({ kind: 'user', userId: 'cadre-b', roles: [{ role: Role.VILLAGE_CADRE, region: VILLAGE_B }], householdId: null });
    const third = await app.services.applications.file(v, { itemCode: 'SKILLS_TRAINING', note: '', evidence: [], idempotencyKey: 'c3' });
    await expect(app.services.applications.approve(cadreB, third.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('tasks', () => {
  it('never gives out more slots than the task has, under concurrent claims', async () => {
    const task = await app.services.tasks.publish(cadreA, { villageCode: VILLAGE_A, title: '修路', description: '', reward: 4, category: '共建共治', slots: 3, deadline: new Date(Date.now() + 86400_000), idempotencyKey: randomUUID() });
    const hhs = await Promise.all(Array.from({ length: 10 }, () => newHousehold()));
    const results = await Promise.allSettled(hhs.map((hh) => app.services.tasks.claim(villagerOf(hh), task.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(new Set(results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason.code))).toEqual(new Set(['TASK_FULL']));
    expect(await count('SELECT claimed FROM task WHERE id = ?', [task.id])).toBe(3);
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ householdId: string }>).value.householdId;
    await app.services.tasks.complete(cadreA, task.id, winner);
    await expect(app.services.tasks.complete(cadreA, task.id, winner)).rejects.toMatchObject({ code: 'TASK_ALREADY_COMPLETED' });
    expect((await app.services.ledger.pointsOf([winner])).get(winner)!.balance).toBe(4);
  });
});

describe('spending', () => {
  it('reserve/commit/release are idempotent and only for the points:spend service', async () => {
    const hh = await newHousehold();
    await award(hh, 'VOLUNTEER');
    await expect(app.services.ledger.reserve(villagerOf(hh), { householdId: hh, amount: 1, idempotencyKey: 'x', reason: 'r' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const key = randomUUID();
    const r1 = await app.services.ledger.reserve(mall, { householdId: hh, amount: 3, idempotencyKey: key, reason: '兑换毛巾' });
    const r2 = await app.services.ledger.reserve(mall, { householdId: hh, amount: 3, idempotencyKey: key, reason: '兑换毛巾' });
    expect(r2.id).toBe(r1.id);
    await expect(app.services.ledger.reserve(mall, { householdId: hh, amount: 4, idempotencyKey: key, reason: 'x' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await app.services.ledger.pointsOf([hh])).get(hh)).toMatchObject({ balance: 5, available: 2 });
    await expect(app.services.ledger.reserve(mall, { householdId: hh, amount: 3, idempotencyKey: randomUUID(), reason: 'x' })).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    await app.services.ledger.commit(mall, r1.id);
    await app.services.ledger.commit(mall, r1.id);
    expect(await count("SELECT COUNT(*) FROM ledger_entry WHERE household_id = ? AND source = 'SPEND'", [hh])).toBe(1);
    await expect(app.services.ledger.release(mall, r1.id)).rejects.toMatchObject({ code: 'RESERVATION_COMMITTED' });
    expect((await app.services.ledger.pointsOf([hh])).get(hh)).toMatchObject({ balance: 2, available: 2, spent: 3, earned: 5 });
    const r3 = await app.services.ledger.reserve(mall, { householdId: hh, amount: 2, idempotencyKey: randomUUID(), reason: 'x' });
    await app.services.ledger.release(mall, r3.id);
    await app.services.ledger.release(mall, r3.id);
    await expect(app.services.ledger.commit(mall, r3.id)).rejects.toMatchObject({ code: 'RESERVATION_RELEASED' });
    expect((await app.services.ledger.reservationByKey(mall, r3.idempotencyKey))!.status).toBe('RELEASED');
    expect((await app.services.ledger.pointsOf([hh])).get(hh)).toMatchObject({ balance: 2, available: 2 });
  });

  it('concurrent spends never take a balance below zero, and the balance equals the sum of the entries', async () => {
    const hh = await newHousehold();
    for (let i = 0; i < 4; i++) await award(hh, 'VOLUNTEER'); // 20 points
    const attempts = await Promise.allSettled(
      Array.from({ length: 16 }, async () => {
        const r = await app.services.ledger.reserve(mall, { householdId: hh, amount: 3, idempotencyKey: randomUUID(), reason: '兑换' });
        return app.services.ledger.commit(mall, r.id);
      }),
    );
    const ok = attempts.filter((a) => a.status === 'fulfilled').length;
    expect(ok).toBe(6);
    expect(new Set(attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected').map((a) => a.reason.code))).toEqual(new Set(['INSUFFICIENT_POINTS']));
    const view = (await app.services.ledger.pointsOf([hh])).get(hh)!;
    expect(view).toMatchObject({ balance: 2, available: 2, spent: 18 });
    expect(await count('SELECT SUM(delta) FROM ledger_entry WHERE household_id = ?', [hh])).toBe(view.balance);
    const r = await app.services.ledger.reconcile(countyOfficer, COUNTY);
    expect(r.mismatches.filter((m) => m.householdId === hh)).toEqual([]);
  });
});

describe('monthly disclosure', () => {
  it('publishes the month with reasons; an upheld objection posts a correction as a new entry', async () => {
    const village = '510681107001';
    const cadre = ctx({ kind: 'user', userId: 'cadre-c', roles: [{ role: Role.VILLAGE_CADRE, region: village }], householdId: null });
    const hh = await newHousehold(village);
    const wrong = await award(hh, 'LITTERING', randomUUID(), cadre);
    const month = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', ''));
    const draft = await app.services.disclosures.generate(cadre, village, month);
    expect(draft.lines).toEqual([expect.objectContaining({ householdId: hh, delta: -5, entryId: wrong.id })]);
    expect(await app.services.disclosures.get(villagerOf(hh), village, month)).toBeNull();
    const published = await app.services.disclosures.publish(cadre, draft.id, 3);
    expect(published.objectionDeadline!.getTime() - published.publishedAt!.getTime()).toBe(3 * 86400_000);
    expect((await app.services.disclosures.get(villagerOf(hh), village, month))!.status).toBe('PUBLISHED');
    await expect(app.services.disclosures.generate(cadre, village, month)).rejects.toMatchObject({ code: 'DISCLOSURE_ALREADY_PUBLISHED' });
    const objection = await app.services.disclosures.object(villagerOf(hh), { disclosureId: draft.id, entryId: wrong.id, text: '那是邻居家的垃圾' });
    const resolved = await app.services.disclosures.resolve(cadre, { objectionId: objection.id, uphold: true, resolution: '核实有误，予以更正', correctionPoints: 5 });
    expect(resolved).toMatchObject({ status: 'UPHELD' });
    const page = await app.services.ledger.ledgerPage(hh, 10);
    expect(page.edges.map((e) => [e.node.source, e.node.delta])).toEqual([['CORRECTION', 5], ['DEDUCTION', -5]]);
    await expect(app.services.disclosures.resolve(cadre, { objectionId: objection.id, uphold: false, resolution: 'x' })).rejects.toMatchObject({ code: 'OBJECTION_ALREADY_RESOLVED' });
  });
});

describe('rankings', () => {
  it('ranks a village and its township by points earned, spending aside', async () => {
    const village = '510681106003';
    const officer = ctx({ kind: 'user', userId: 'twp', roles: [{ role: Role.TOWNSHIP_OFFICER, region: '510681106000' }], householdId: null });
    const [a, b] = [await newHousehold(village), await newHousehold(village)];
    await award(a, 'MOST_BEAUTIFUL_FAMILY', randomUUID(), officer);
    await award(b, 'VOLUNTEER', randomUUID(), officer);
    const board = await app.services.rankings.leaderboard(villagerOf(b), village, 10);
    expect(board.map((r) => [r.householdId, r.rank, r.points])).toEqual([[a, 1, 20], [b, 2, 5]]);
    expect((await app.services.ledger.pointsOf([b])).get(b)!.villageRank).toBe(2);
    const township = await app.services.rankings.leaderboard(officer, '510681106000', 100);
    expect(township.find((r) => r.householdId === a)).toBeDefined();
    expect((await app.services.rankings.redList(villagerOf(b), village, Number(new Date().toISOString().slice(0, 4)))).map((r) => r.householdId)).toEqual([a]);
    expect((await app.services.rankings.weeklyStars(villagerOf(b), village, new Date(), 5)).map((r) => r.householdId)).toEqual([a, b]);
    await expect(app.services.rankings.leaderboard(villagerOf(b), VILLAGE_B, 10)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const figures = await app.services.rankings.figures(officer, '510681106000', new Date(Date.now() - 86400_000), new Date(Date.now() + 86400_000));
    expect(figures.participatingHouseholds).toBeGreaterThan(2);
    expect(figures.byCategory.find((c: { category: string }) => c.category === '乡风文明')!.awarded).toBeGreaterThanOrEqual(20);
  });
});

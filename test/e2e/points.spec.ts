import { randomUUID } from 'node:crypto';
import { VILLAGE_A, VILLAGE_B } from '../../services/identity/src/demo/demo-county';
import { POINTS_TEST_SPENDER } from '../support/launch-points';
import { codes, TestPlatform } from '../support/platform';

// Issue 3 through the gateway with the demo logins.
jest.setTimeout(120_000);
let p: TestPlatform;
beforeAll(async () => {
  p = await TestPlatform.start();
});
afterAll(async () => {
  await p?.stop();
});

const VILLAGER = '13800000001';
const CADRE_A = '13800000002';
const GRID_A = '13800000003';
const TOWNSHIP = '13800000004';
const COUNTY = '13800000005';
const CADRE_B = '13800000006';
const VILLAGER_B = '13800000007';
const thisMonth = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', ''));

async function ownHousehold(phone: string): Promise<string> {
  const res = await p.gql('{ me { household { id } } }', {}, await p.token(phone));
  return res.data.me.household.id;
}

async function clientToken(clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${p.gateway.port}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const POINTS = 'points { balance available earned spent thisMonth thisYear villageRank }';
const AWARD = 'mutation($i: AwardPointsInput!) { awardPoints(input: $i) { id delta source itemCode itemVersion hash } }';

describe('villager', () => {
  it('sees their household points, ledger and rank, from the demo history', async () => {
    const res = await p.gql(`{ me { household { id ${POINTS} ledger(first: 20) { edges { node { delta source reason itemCode itemVersion } } } } } }`, {}, await p.token(VILLAGER));
    expect(res.errors).toBeUndefined();
    const hh = res.data.me.household;
    expect(hh.points.balance).toBeGreaterThan(0);
    expect(hh.points.villageRank).toBeGreaterThanOrEqual(1);
    const sources = hh.ledger.edges.map((e: any) => e.node.source);
    expect(sources).toEqual(expect.arrayContaining(['AWARD', 'APPLICATION', 'TASK']));
    expect(hh.ledger.edges.reduce((s: number, e: any) => s + e.node.delta, 0)).toBe(hh.points.balance);
  });

  it("cannot read another household's points", async () => {
    const other = await ownHousehold(VILLAGER_B);
    const token = await p.token(VILLAGER);
    const res = await p.gql('query($id: ID!) { householdPoints(householdId: $id) { balance } }', { id: other }, token);
    expect(codes(res)).toEqual(['HOUSEHOLD_NOT_FOUND']);
    const chain = await p.gql('query($id: ID!) { verifyLedgerChain(householdId: $id) { valid } }', { id: other }, token);
    expect(codes(chain)).toEqual(['HOUSEHOLD_NOT_FOUND']);
  });

  it('files an application that the cadre approves, and sees the outcome', async () => {
    const villager = await p.token(VILLAGER);
    const filed = await p.gql(
      'mutation($i: FileApplicationInput!) { fileApplication(input: $i) { id status itemCode } }',
      { i: { itemCode: 'SKILLS_TRAINING', note: '参加果树修剪培训', idempotencyKey: randomUUID() } },
      villager,
    );
    expect(filed.errors).toBeUndefined();
    const id = filed.data.fileApplication.id;
    expect(codes(await p.gql('mutation($id: ID!) { approveApplication(id: $id) { status } }', { id }, await p.token(CADRE_B)))).toEqual(['FORBIDDEN']);
    const approved = await p.gql('mutation($id: ID!) { approveApplication(id: $id) { status entryId } }', { id }, await p.token(CADRE_A));
    expect(approved.data.approveApplication.status).toBe('APPROVED');
    const again = await p.gql('mutation($id: ID!) { approveApplication(id: $id) { status } }', { id }, await p.token(CADRE_A));
    expect(codes(again)).toEqual(['APPLICATION_ALREADY_DECIDED']);
    const mine = await p.gql('{ myPointsApplications(first: 5) { edges { node { id status } } } }', {}, villager);
    expect(mine.data.myPointsApplications.edges[0].node).toEqual({ id, status: 'APPROVED' });
  });

  it('claims a task that the cadre confirms', async () => {
    const cadre = await p.token(CADRE_A);
    const task = await p.gql(
      'mutation($i: PublishTaskInput!) { publishTask(input: $i) { id slots claimed } }',
      { i: { villageCode: VILLAGE_A, title: '帮五保户收玉米', reward: 4, category: '共建共治', slots: 2, deadline: new Date(Date.now() + 86400_000).toISOString(), idempotencyKey: randomUUID() } },
      cadre,
    );
    const taskId = task.data.publishTask.id;
    const villager = await p.token(VILLAGER);
    const claim = await p.gql('mutation($t: ID!) { claimTask(taskId: $t) { householdId status } }', { t: taskId }, villager);
    expect(claim.data.claimTask.status).toBe('CLAIMED');
    expect(codes(await p.gql('mutation($t: ID!) { claimTask(taskId: $t) { status } }', { t: taskId }, villager))).toEqual(['TASK_ALREADY_CLAIMED']);
    expect(codes(await p.gql('mutation($t: ID!) { claimTask(taskId: $t) { status } }', { t: taskId }, await p.token(VILLAGER_B)))).toEqual(['TASK_NOT_FOUND']);
    const done = await p.gql('mutation($t: ID!, $h: ID!) { completeTask(taskId: $t, householdId: $h) { status entryId } }', { t: taskId, h: claim.data.claimTask.householdId }, cadre);
    expect(done.data.completeTask.status).toBe('COMPLETED');
  });

  it('sees the published disclosure and the rankings of their village only', async () => {
    const villager = await p.token(VILLAGER);
    const d = await p.gql('query($v: ID!, $m: Int!) { pointsDisclosure(villageCode: $v, month: $m) { status lines { delta reason } objectionDeadline } }', { v: VILLAGE_A, m: thisMonth() }, villager);
    expect(d.data.pointsDisclosure.status).toBe('PUBLISHED');
    expect(d.data.pointsDisclosure.lines.length).toBeGreaterThan(0);
    const board = await p.gql(`query($v: ID!) { pointsLeaderboard(regionCode: $v, first: 5) { rank points householdId } redList(villageCode: $v, year: ${new Date().getFullYear()}) { householdId } }`, { v: VILLAGE_A }, villager);
    expect(board.errors).toBeUndefined();
    expect(board.data.pointsLeaderboard[0].rank).toBe(1);
    expect(board.data.redList.length).toBeGreaterThan(0);
    expect(codes(await p.gql('query($v: ID!) { pointsLeaderboard(regionCode: $v) { rank } }', { v: VILLAGE_B }, villager))).toEqual(['FORBIDDEN']);
    expect(codes(await p.gql('query($v: ID!, $m: Int!) { pointsDisclosure(villageCode: $v, month: $m) { status } }', { v: VILLAGE_A, m: thisMonth() }, await p.token(VILLAGER_B)))).toEqual(['FORBIDDEN']);
  });
});

describe('cadres and officers', () => {
  it('a cadre awards and deducts in their own village only, with clear errors and no change otherwise', async () => {
    const hh = await ownHousehold(VILLAGER);
    const cadre = await p.token(CADRE_A);
    const before = (await p.gql(`query($h: ID!) { householdPoints(householdId: $h) { balance } }`, { h: hh }, cadre)).data.householdPoints.balance;
    const award = await p.gql(AWARD, { i: { householdId: hh, itemCode: 'ISSUE_DELIBERATION', reason: '参加村民说事', idempotencyKey: randomUUID() } }, cadre);
    expect(award.data.awardPoints).toMatchObject({ delta: 2, source: 'AWARD', itemVersion: 1 });
    // 真武村's own, stricter littering rule applies here.
    const deduction = await p.gql(AWARD, { i: { householdId: hh, itemCode: 'LITTERING', reason: '乱堆柴草', idempotencyKey: randomUUID() } }, cadre);
    expect(deduction.data.awardPoints).toMatchObject({ delta: -8, source: 'DEDUCTION' });
    expect(codes(await p.gql(AWARD, { i: { householdId: hh, itemCode: 'VOLUNTEER', reason: 'x', idempotencyKey: randomUUID() } }, await p.token(CADRE_B)))).toEqual(['FORBIDDEN']);
    expect(codes(await p.gql(AWARD, { i: { householdId: randomUUID(), itemCode: 'VOLUNTEER', reason: 'x', idempotencyKey: randomUUID() } }, cadre))).toEqual(['HOUSEHOLD_NOT_FOUND']);
    expect(codes(await p.gql(AWARD, { i: { householdId: hh, itemCode: 'NOPE', reason: 'x', idempotencyKey: randomUUID() } }, cadre))).toEqual(['RULE_ITEM_NOT_FOUND']);
    expect(codes(await p.gql(AWARD, { i: { householdId: hh, itemCode: 'VOLUNTEER', reason: 'x', idempotencyKey: randomUUID() } }, await p.token(VILLAGER)))).toEqual(['FORBIDDEN']);
    // Ledger ids are stored as ASCII: text no id could be is refused as bad input, not as a database error.
    const notAnId = await p.gql(AWARD, { i: { householdId: '王建国家', itemCode: 'VOLUNTEER', reason: 'x', idempotencyKey: randomUUID() } }, cadre);
    expect(codes(notAnId)).toEqual(['BAD_USER_INPUT']);
    expect(notAnId.errors?.[0].message).toBe('input.householdId is not a valid id');
    expect(codes(await p.gql(`{ pointsLeaderboard(regionCode: "五一村", first: 5) { rank } }`, {}, cadre))).toEqual(['BAD_USER_INPUT']);
    const after = (await p.gql(`query($h: ID!) { householdPoints(householdId: $h) { balance } }`, { h: hh }, cadre)).data.householdPoints.balance;
    expect(after).toBe(before - 6);
    const check = await p.gql('query($h: ID!) { verifyLedgerChain(householdId: $h) { valid entries } }', { h: hh }, await p.token(GRID_A));
    expect(check.data.verifyLedgerChain.valid).toBe(true);
  });

  it('posts in bulk and keeps every balance reconciled', async () => {
    const cadre = await p.token(CADRE_A);
    const ids = (await p.gql(`{ households(villageCode: "${VILLAGE_A}", first: 100) { edges { node { id } } } }`, {}, cadre)).data.households.edges.map((e: any) => e.node.id);
    const res = await p.gql('mutation($i: BulkPostPointsInput!) { bulkPostPoints(input: $i) }', { i: { householdIds: ids, itemCode: 'RIVER_PATROL', reason: '护河日', idempotencyKey: randomUUID() } }, cadre);
    expect(res.data.bulkPostPoints).toBe(ids.length);
    const tooMany = Array.from({ length: 501 }, () => randomUUID());
    expect(codes(await p.gql('mutation($i: BulkPostPointsInput!) { bulkPostPoints(input: $i) }', { i: { householdIds: tooMany, itemCode: 'RIVER_PATROL', reason: 'x', idempotencyKey: randomUUID() } }, cadre))).toEqual(['BULK_TOO_LARGE']);
    const r = await p.gql(`{ reconcilePoints(regionCode: "${VILLAGE_A}") { consistent households entries } }`, {}, cadre);
    expect(r.data.reconcilePoints).toMatchObject({ consistent: true, households: ids.length });
  });

  it('officers see township leaderboards and figures; villagers do not see figures', async () => {
    const township = await p.gql('{ pointsLeaderboard(regionCode: "510681106000", first: 3) { rank points household { id villageCode } } }', {}, await p.token(TOWNSHIP));
    expect(township.errors).toBeUndefined();
    expect(township.data.pointsLeaderboard[0].household.villageCode).toMatch(/^510681106/);
    const from = new Date(Date.now() - 30 * 86400_000).toISOString();
    const to = new Date(Date.now() + 86400_000).toISOString();
    const q = 'query($f: DateTimeISO!, $t: DateTimeISO!) { pointsFigures(regionCode: "510681000000", from: $f, to: $t) { households participatingHouseholds approved rejected averageReviewSeconds byCategory { category awarded deducted } } }';
    const figures = await p.gql(q, { f: from, t: to }, await p.token(COUNTY));
    expect(figures.errors).toBeUndefined();
    expect(figures.data.pointsFigures.participatingHouseholds).toBeGreaterThan(0);
    expect(figures.data.pointsFigures.rejected).toBeGreaterThan(0);
    expect(codes(await p.gql(q, { f: from, t: to }, await p.token(VILLAGER)))).toEqual(['FORBIDDEN']);
  });
});

describe('mall spend API', () => {
  it('reserves and commits for the points:spend service client, and refuses other integrators', async () => {
    const hh = await ownHousehold(VILLAGER);
    const mall = await clientToken(POINTS_TEST_SPENDER.clientId, POINTS_TEST_SPENDER.clientSecret);
    const key = randomUUID();
    const reserve = 'mutation($i: ReservePointsInput!) { reservePoints(input: $i) { id status amount householdId idempotencyKey } }';
    const r = await p.gql(reserve, { i: { householdId: hh, amount: 2, idempotencyKey: key, reason: '兑换洗衣粉' } }, mall);
    expect(r.errors).toBeUndefined();
    const again = await p.gql(reserve, { i: { householdId: hh, amount: 2, idempotencyKey: key, reason: '兑换洗衣粉' } }, mall);
    expect(again.data.reservePoints.id).toBe(r.data.reservePoints.id);
    const before = (await p.gql('query($h: ID!) { householdPoints(householdId: $h) { balance available } }', { h: hh }, mall)).data.householdPoints;
    expect(before.available).toBe(before.balance - 2);
    const committed = await p.gql('mutation($id: ID!) { commitPointsReservation(reservationId: $id) { status } }', { id: r.data.reservePoints.id }, mall);
    expect(committed.data.commitPointsReservation.status).toBe('COMMITTED');
    const found = await p.gql('query($k: String!) { pointsReservation(idempotencyKey: $k) { status } }', { k: key }, mall);
    expect(found.data.pointsReservation.status).toBe('COMMITTED');
    expect(codes(await p.gql(reserve, { i: { householdId: hh, amount: 1_000_000, idempotencyKey: randomUUID(), reason: 'x' } }, mall))).toEqual(['INSUFFICIENT_POINTS']);
    expect(codes(await p.gql(reserve, { i: { householdId: hh, amount: 0, idempotencyKey: randomUUID(), reason: 'x' } }, mall))).toEqual(['BAD_USER_INPUT']);
    const bank = await clientToken('gzc_demo_gh_rural_bank', 'gzs_demo_bank_secret_change_me');
    expect(codes(await p.gql(reserve, { i: { householdId: hh, amount: 1, idempotencyKey: randomUUID(), reason: 'x' } }, bank))).toEqual(['FORBIDDEN']);
    expect(codes(await p.gql(reserve, { i: { householdId: hh, amount: 1, idempotencyKey: randomUUID(), reason: 'x' } }, await p.token(VILLAGER)))).toEqual(['FORBIDDEN']);
  });
});

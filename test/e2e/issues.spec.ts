import { VILLAGE_A } from '../../services/identity/src/demo/demo-county';
import { codes, TestPlatform } from '../support/platform';

// 村民说事 through the gateway with the demo logins: the issues service's "done when" list.
let p: TestPlatform;
jest.setTimeout(120_000);
beforeAll(async () => {
  p = await TestPlatform.start();
});
afterAll(async () => {
  await p?.stop();
});

const VILLAGER = '13800000001';
const SPOUSE = '13800000011';
const CADRE_A = '13800000002';
const GRID_A = '13800000003';
const TOWNSHIP = '13800000004';
const COUNTY = '13800000005';
const CADRE_B = '13800000006';
const VILLAGER_B = '13800000007';

const ISSUE_FIELDS = 'id status outcome villageCode isPublic dueAt rating reopenCount raisedBy { id } timeline { kind fromStatus toStatus note } parties { id name status }';

async function raise(phone: string, input: Record<string, unknown>) {
  return p.gql(`mutation($input: RaiseIssueInput!) { raiseIssue(input: $input) { ${ISSUE_FIELDS} } }`, { input }, await p.token(phone));
}

async function act(phone: string, mutation: string, args: string, vars: Record<string, unknown>) {
  return p.gql(`mutation(${args}) { ${mutation} { ${ISSUE_FIELDS} } }`, vars, await p.token(phone));
}

async function getIssue(phone: string, id: string) {
  return p.gql(`query($id: ID!) { issue(id: $id) { ${ISSUE_FIELDS} } }`, { id }, await p.token(phone));
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('群众说、村委议、多方办、群众评', () => {
  it('walks the whole flow with a public timeline, scoped by village and role', async () => {
    const raised = await raise(VILLAGER, { category: 'INFRASTRUCTURE', title: '三组水泥路开裂', body: '雨天积水，电瓶车容易滑倒。', isPublic: true });
    expect(raised.errors).toBeUndefined();
    const issue = raised.data.raiseIssue;
    expect(issue).toMatchObject({ status: 'RAISED', villageCode: VILLAGE_A, isPublic: true });
    const id = issue.id;

    // A cadre of 回龙村 cannot act on 真武村's issues; a villager cannot answer for the village.
    expect(codes(await act(CADRE_B, 'acknowledgeIssue(id: $id)', '$id: ID!', { id }))).toEqual(['NOT_FOUND']);
    expect(codes(await act(SPOUSE, 'acknowledgeIssue(id: $id)', '$id: ID!', { id }))).toEqual(['FORBIDDEN']);
    // Illegal transition: nothing is resolved before it was taken up.
    expect(codes(await act(CADRE_A, 'resolveIssue(id: $id, note: $n)', '$id: ID!, $n: String!', { id, n: '已处理' }))).toEqual(['ISSUE_ILLEGAL_TRANSITION']);

    expect((await act(GRID_A, 'acknowledgeIssue(id: $id, note: $n)', '$id: ID!, $n: String', { id, n: '已到现场' })).data.acknowledgeIssue.status).toBe('ACKNOWLEDGED');
    expect((await act(CADRE_A, 'deliberateIssue(id: $id)', '$id: ID!', { id })).data.deliberateIssue.status).toBe('DELIBERATING');

    // Handing off outside the county is refused and changes nothing.
    const outside = await act(CADRE_A, 'handOffIssue(id: $id, input: $input)', '$id: ID!, $input: HandOffInput!', {
      id,
      input: { parties: [{ name: '成都市交通局', regionCode: '510100000000' }] },
    });
    expect(codes(outside)).toEqual(['ISSUE_PARTY_OUTSIDE_REGION']);
    expect((await getIssue(CADRE_A, id)).data.issue).toMatchObject({ status: 'DELIBERATING', parties: [] });

    const handed = await act(CADRE_A, 'handOffIssue(id: $id, input: $input)', '$id: ID!, $input: HandOffInput!', {
      id,
      input: { parties: [{ name: '三星堆镇村建办', regionCode: '510681106000' }, { name: '广汉市交通运输局', regionCode: '510681' }], note: '申请修补' },
    });
    expect(handed.errors).toBeUndefined();
    const [first, second] = handed.data.handOffIssue.parties;
    expect(codes(await act(CADRE_A, 'resolveIssue(id: $id, note: $n)', '$id: ID!, $n: String!', { id, n: '已修补' }))).toEqual(['ISSUE_PARTIES_PENDING']);
    for (const party of [first, second]) {
      const r = await act(CADRE_A, 'reportIssueParty(id: $id, partyId: $pid, report: $r)', '$id: ID!, $pid: ID!, $r: String!', { id, pid: party.id, r: '已安排施工' });
      expect(r.errors).toBeUndefined();
    }
    const resolved = await act(CADRE_A, 'resolveIssue(id: $id, note: $n)', '$id: ID!, $n: String!', { id, n: '路面已修补' });
    expect(resolved.data.resolveIssue).toMatchObject({ status: 'RESOLVED', outcome: 'RESOLVED' });

    // Rating someone else's issue, or by staff, is refused.
    const rateQ = 'rateIssue(id: $id, stars: $s, comment: $c)';
    const rateA = '$id: ID!, $s: Int!, $c: String';
    expect(codes(await act(SPOUSE, rateQ, rateA, { id, s: 1 }))).toEqual(['ISSUE_NOT_RAISER']);
    expect(codes(await act(CADRE_A, rateQ, rateA, { id, s: 5 }))).toEqual(['ISSUE_NOT_RAISER']);
    expect(codes(await act(VILLAGER, rateQ, rateA, { id, s: 6 }))).toEqual(['BAD_USER_INPUT']);
    const rated = await act(VILLAGER, rateQ, rateA, { id, s: 5, c: '修得很快' });
    expect(rated.data.rateIssue).toMatchObject({ status: 'CLOSED', outcome: 'RESOLVED', rating: 5 });
    expect(codes(await act(VILLAGER, rateQ, rateA, { id, s: 1 }))).toEqual(['ISSUE_ALREADY_RATED']);

    // Public: fellow villagers see the whole timeline; 回龙村 does not.
    const seen = await getIssue(SPOUSE, id);
    expect(seen.data.issue.timeline.map((e: any) => e.kind)).toEqual([
      'RAISED',
      'ACKNOWLEDGE',
      'DELIBERATE',
      'HAND_OFF',
      'PARTY_REPORT',
      'PARTY_REPORT',
      'RESOLVE',
      'RATE',
    ]);
    expect(seen.data.issue.rating).toBe(5);
    expect(codes(await getIssue(VILLAGER_B, id))).toEqual(['NOT_FOUND']);
    expect(codes(await getIssue(CADRE_B, id))).toEqual(['NOT_FOUND']);

    // The villager's inbox heard of each status change.
    const inbox = await p.gql('{ issueInbox(first: 50) { edges { node { kind issueId } } } }', {}, await p.token(VILLAGER));
    expect(inbox.data.issueInbox.edges.filter((e: any) => e.node.issueId === id && e.node.kind === 'STATUS_CHANGED').length).toBeGreaterThanOrEqual(4);
  });

  it('explanation is a closed state of its own; the raiser may reopen once', async () => {
    const { data } = await raise(VILLAGER, { category: 'SUGGESTION', title: '建议修建停车场', body: '村委会门口停车难', isPublic: true });
    const id = data.raiseIssue.id;
    const explained = await act(CADRE_A, 'explainIssue(id: $id, explanation: $e)', '$id: ID!, $e: String!', { id, e: '用地指标不足，暂不能修建' });
    expect(explained.data.explainIssue).toMatchObject({ status: 'EXPLAINED', outcome: 'EXPLAINED' });
    const reopen = 'reopenIssue(id: $id, reason: $r)';
    expect((await act(VILLAGER, reopen, '$id: ID!, $r: String!', { id, r: '希望再考虑' })).data.reopenIssue).toMatchObject({ status: 'ACKNOWLEDGED', reopenCount: 1 });
    await act(CADRE_A, 'explainIssue(id: $id, explanation: $e)', '$id: ID!, $e: String!', { id, e: '已向镇里反映，明年规划' });
    expect(codes(await act(VILLAGER, reopen, '$id: ID!, $r: String!', { id, r: '再试一次' }))).toEqual(['ISSUE_REOPEN_LIMIT']);
  });

  it('private issues are visible only to the raiser and the village staff', async () => {
    const { data } = await raise(VILLAGER, { category: 'NEIGHBOURHOOD', title: '家庭纠纷求助', body: '希望私下调解', isPublic: false });
    const id = data.raiseIssue.id;
    for (const phone of [VILLAGER, CADRE_A, GRID_A, TOWNSHIP]) expect((await getIssue(phone, id)).data?.issue?.id).toBe(id);
    for (const phone of [SPOUSE, VILLAGER_B, CADRE_B]) expect(codes(await getIssue(phone, id))).toEqual(['NOT_FOUND']);
    const list = await p.gql('{ issues(first: 100) { edges { node { id } } } }', {}, await p.token(SPOUSE));
    expect(list.data.issues.edges.map((e: any) => e.node.id)).not.toContain(id);
    const staffList = await p.gql(`{ issues(first: 100, villageCode: "${VILLAGE_A}") { edges { node { id } } } }`, {}, await p.token(CADRE_A));
    expect(staffList.data.issues.edges.map((e: any) => e.node.id)).toContain(id);
  });

  it('a raise retried with the same key raises one issue, even when the retries arrive together', async () => {
    const token = await p.token(VILLAGER);
    const mine = async () => (await p.gql('{ issues(first: 100, onlyMine: true) { edges { node { id } } } }', {}, token)).data.issues.edges.map((e: any) => e.node.id);
    const before = (await mine()).length;
    const input = { category: 'INFRASTRUCTURE', title: '水渠堵塞', body: '三组水渠被杂物堵住', isPublic: true, idempotencyKey: `raise-${Date.now()}` };
    const first = (await raise(VILLAGER, input)).data.raiseIssue;
    const retried = (await raise(VILLAGER, input)).data.raiseIssue;
    expect(retried.id).toBe(first.id);
    const together = await Promise.all([1, 2, 3].map(() => raise(VILLAGER, { ...input, idempotencyKey: `${input.idempotencyKey}-together` })));
    expect(together.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(together.map((r) => r.data.raiseIssue.id)).size).toBe(1);
    expect((await mine()).length).toBe(before + 2);
    // The key is the raiser's own: another villager's same key raises their own issue.
    const other = (await raise(VILLAGER_B, input)).data.raiseIssue;
    expect(other.id).not.toBe(first.id);
    expect(other.villageCode).not.toBe(first.villageCode);
  });

  it('bad input gets a clear error and changes nothing', async () => {
    const token = await p.token(VILLAGER);
    const count = async () => (await p.gql('{ issues(first: 100, onlyMine: true) { edges { node { id } } } }', {}, token)).data.issues.edges.length;
    const before = await count();
    const huge = await raise(VILLAGER, { category: 'OTHER', title: 'x'.repeat(100_000), body: 'b', isPublic: true });
    expect(huge.errors?.length).toBeGreaterThan(0);
    expect(codes(await raise(VILLAGER, { category: 'OTHER', title: '路灯', body: '<script>alert(1)</script>', isPublic: true }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await raise(VILLAGER, { category: 'OTHER', title: '路灯', body: '<img src=x onerror=alert(1)>', isPublic: true }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await raise(VILLAGER, { category: 'NOPE', title: '路灯', body: '坏了', isPublic: true }))).toEqual(['BAD_USER_INPUT']);
    // Staff of a village are not villagers there: they cannot raise in 回龙村's name.
    expect(codes(await raise(CADRE_B, { category: 'OTHER', title: '路灯', body: '坏了', isPublic: true }))).toEqual(['ISSUE_NOT_A_VILLAGER']);
    expect(await count()).toBe(before);
  });
});

describe('SLA, escalation, figures, calendar', () => {
  it('the seeded week-old issue was escalated to 三星堆镇; officers of the township see it, others do not', async () => {
    const query = '{ issueEscalations(regionCode: "510681106000") { issueId villageCode townshipCode } }';
    const escalated = await until('the demo escalation', async () => {
      const res = await p.gql(query, {}, await p.token(TOWNSHIP));
      return res.data?.issueEscalations?.length > 0 && res.data.issueEscalations;
    });
    expect(escalated[0]).toMatchObject({ villageCode: VILLAGE_A, townshipCode: '510681106000' });
    const issue = await getIssue(TOWNSHIP, escalated[0].issueId);
    expect(issue.data.issue.timeline.map((e: any) => e.kind)).toContain('ESCALATED');
    expect(codes(await p.gql(query, {}, await p.token(CADRE_A)))).toEqual(['FORBIDDEN']);
    expect(codes(await p.gql('{ issueEscalations(regionCode: "510681107000") { issueId } }', {}, await p.token(TOWNSHIP)))).toEqual(['FORBIDDEN']);
    const inbox = await p.gql('{ issueInbox { edges { node { kind } } } }', {}, await p.token(TOWNSHIP));
    expect(inbox.data.issueInbox.edges.map((e: any) => e.node.kind)).toContain('ESCALATION');
  });

  it('figures per village, township and cadre for officers; not for villagers', async () => {
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const q = `query($r: ID!, $f: DateTimeISO!, $t: DateTimeISO!) { issueFigures(regionCode: $r, from: $f, to: $t) {
      total { raised overdueNow onTimePermille rated goodRatingPermille }
      villages { key raised resolved explained }
      townships { key raised }
      cadres { key cadre { id } respondedOnTime medianResponseWorkingMinutes } } }`;
    const res = await p.gql(q, { r: '510681', f: from, t: to }, await p.token(COUNTY));
    expect(res.errors).toBeUndefined();
    const figures = res.data.issueFigures;
    expect(figures.total.raised).toBeGreaterThanOrEqual(5);
    expect(figures.total.overdueNow).toBeGreaterThanOrEqual(1);
    expect(figures.villages.map((v: any) => v.key)).toContain(VILLAGE_A);
    expect(figures.townships.map((t: any) => t.key)).toContain('510681106000');
    expect(figures.cadres.length).toBeGreaterThanOrEqual(1);
    expect(codes(await p.gql(q, { r: '510681', f: from, t: to }, await p.token(VILLAGER)))).toEqual(['FORBIDDEN']);
    expect(codes(await p.gql(q, { r: '510681', f: from, t: to }, await p.token(CADRE_B)))).toEqual(['FORBIDDEN']);
  });

  it('officers see the county calendar, 2027 flagged missing; only county officers load a year', async () => {
    const cal = await p.gql('{ countyIssueCalendar(countyCode: "510681") { workStart workEnd responseSlaSeconds years { year loaded } missingYears } }', {}, await p.token(TOWNSHIP));
    expect(cal.errors).toBeUndefined();
    expect(cal.data.countyIssueCalendar).toMatchObject({ workStart: '09:00', workEnd: '17:00', responseSlaSeconds: 57600 });
    expect(cal.data.countyIssueCalendar.years.map((y: any) => y.year)).toContain(2026);
    const deadline = await p.gql('{ workingDeadline(countyCode: "510681", from: "2027-03-01T02:00:00Z", workingMinutes: 960) }', {}, await p.token(TOWNSHIP));
    expect(codes(deadline)).toEqual(['SLA_CALENDAR_MISSING']);
    const load = `mutation($i: LoadCalendarYearInput!) { loadCalendarYear(input: $i) { years { year loaded } } }`;
    const input = { countyCode: '510681', year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [], source: 'test' };
    expect(codes(await p.gql(load, { i: input }, await p.token(CADRE_A)))).toEqual(['FORBIDDEN']);
    const loaded = await p.gql(load, { i: input }, await p.token(COUNTY));
    expect(loaded.data.loadCalendarYear.years).toContainEqual({ year: 2027, loaded: true });
    const after = await p.gql('{ workingDeadline(countyCode: "510681", from: "2027-03-01T02:00:00Z", workingMinutes: 960) }', {}, await p.token(TOWNSHIP));
    expect(after.data.workingDeadline).toBe('2027-03-03T02:00:00.000Z');
  });

  it('a county officer registers, lists and removes a webhook of the county; villagers and cadres cannot', async () => {
    const officer = await p.token(COUNTY);
    const registered = await p.gql('mutation { registerIssueWebhook(countyCode: "510681", url: "https://example.org/gongzhi-hook") { id secret active } }', {}, officer);
    const { id, secret } = registered.data.registerIssueWebhook;
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    const listed = await p.gql('{ issueWebhooks(countyCode: "510681") { id url secret active } }', {}, officer);
    expect(listed.data.issueWebhooks.find((w: any) => w.id === id)).toEqual({ id, url: 'https://example.org/gongzhi-hook', secret: null, active: true });
    expect(codes(await p.gql('{ issueWebhooks(countyCode: "510681") { id } }', {}, await p.token(CADRE_A)))).toEqual(['FORBIDDEN']);
    const remove = 'mutation($id: ID!) { removeIssueWebhook(id: $id) { id active } }';
    expect(codes(await p.gql(remove, { id }, await p.token(VILLAGER)))).toEqual(['NOT_FOUND']);
    expect(codes(await p.gql(remove, { id }))).toEqual(['UNAUTHENTICATED']);
    expect((await p.gql(remove, { id }, officer)).data.removeIssueWebhook).toEqual({ id, active: false });
    const after = await p.gql('{ issueWebhooks(countyCode: "510681") { id active } }', {}, officer);
    expect(after.data.issueWebhooks.find((w: any) => w.id === id)).toEqual({ id, active: false });
  });

  it("a household's issues through federation", async () => {
    const res = await p.gql('{ me { household { id issues { title status } } } }', {}, await p.token(VILLAGER));
    expect(res.errors).toBeUndefined();
    expect(res.data.me.household.issues.map((i: any) => i.title)).toContain('村口路灯不亮');
  });
});

describe('federation contract and events', () => {
  const sub = (query: string, variables: Record<string, unknown>, token?: string) =>
    p
      .post(p.services.get('issues')!.server.url, { query, variables }, { 'x-gateway-secret': p.gatewaySecret, ...(token ? { authorization: `Bearer ${token}` } : {}) })
      .then((r) => JSON.parse(r.text));

  it('serves its SDL and resolves Issue and Household through _entities, access-checked', async () => {
    const sdl = (await sub('{ _service { sdl } }', {})).data._service.sdl as string;
    expect(sdl).toContain('type Issue');
    expect(sdl).toMatch(/type Household\s+@key\(fields: "id"\)/);
    const { data } = await raise(VILLAGER, { category: 'OTHER', title: '私事', body: '只给村干部看', isPublic: false });
    const id = data.raiseIssue.id;
    const q = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Issue { id title } } }';
    const r = [{ __typename: 'Issue', id }];
    expect((await sub(q, { representations: r, r }, await p.token(CADRE_A))).data._entities[0]).toEqual({ id, title: '私事' });
    expect((await sub(q, { r }, await p.token(CADRE_B))).data._entities[0]).toBeNull();
    const me = await p.gql('{ me { household { id } } }', {}, await p.token(VILLAGER));
    const hq = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id issues { id } } } }';
    const own = await sub(hq, { r: [{ __typename: 'Household', id: me.data.me.household.id }] }, await p.token(VILLAGER));
    expect(own.data._entities[0].issues.map((i: any) => i.id)).toContain(id);
    const stranger = await sub(hq, { r: [{ __typename: 'Household', id: me.data.me.household.id }] }, await p.token(VILLAGER_B));
    expect(stranger.data._entities[0].issues).toEqual([]);
  });

  it("an issue's author resolves to identity's User through the gateway", async () => {
    const { data } = await raise(VILLAGER, { category: 'OTHER', title: '作者', body: '看看作者', isPublic: true });
    const res = await p.gql(`{ issue(id: "${data.raiseIssue.id}") { raisedBy { id name } } }`, {}, await p.token(VILLAGER));
    expect(res.errors).toBeUndefined();
    expect(res.data.issue.raisedBy.name).toBe('王建国');
  });

  it('issues.raised and issues.rated leave through the outbox', async () => {
    const ds = (p.services.get('issues')!.app as { dataSource: { query(sql: string): Promise<Array<{ topic: string; n: string }>> } }).dataSource;
    const rows = await until('the outbox to be relayed', async () => {
      const r = await ds.query("SELECT topic, COUNT(*) AS n FROM outbox_event WHERE published_at IS NOT NULL GROUP BY topic ORDER BY topic");
      return r.length === 2 && r;
    });
    expect(rows.map((r) => r.topic)).toEqual(['issues.raised', 'issues.rated']);
  });
});
